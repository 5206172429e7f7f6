-- The AGT-302 hot path as functions: PL/pgSQL caches the statement's plan per connection, so the
-- read pays the planner once instead of on every call (planning the ad-hoc query cost several times
-- its execution, most of all on PGlite). Same rule as before: active, started, not expired (spec 000).
create function baton_active_plays_for_segment(p_client text, p_segment text, p_today date)
returns setof plays language plpgsql stable as $$
begin
  return query
    select * from plays
    where state = 'active' and client_id = p_client and segment = p_segment
      and (active_period_end is null or active_period_end >= p_today) and active_period_start <= p_today
    order by activated_at;
end $$;

create function baton_active_plays_for_account(p_client text, p_account uuid, p_today date)
returns setof plays language plpgsql stable as $$
begin
  return query
    select * from plays
    where state = 'active' and client_id = p_client and account_id = p_account
      and (active_period_end is null or active_period_end >= p_today) and active_period_start <= p_today
    order by activated_at;
end $$;
