-- Issue 14 item 3: a play's activation spent most of its trigger time planning, not checking.
-- baton_plays_counted and baton_principal_has_role (0010) were LANGUAGE sql functions that PostgreSQL
-- cannot inline (an aggregate over plays; an EXISTS sub-select). Called from the PL/pgSQL triggers, such
-- a function is parsed and planned again in every transaction: auto_explain on an activation showed the
-- cap check at 0.645 ms, of which its three statements took 0.054 ms. PL/pgSQL keeps each statement's
-- plan for the session, so the same bodies are now PL/pgSQL: the same queries, the same results, the
-- same volatility; every rule and every lock is where 0010 put it.
create or replace function baton_principal_has_role(p_client text, p_principal uuid, p_role text)
returns boolean language plpgsql stable as $$
begin
  return exists (select 1 from principals
                 where client_id = p_client and principal_id = p_principal
                   and kind = 'person' and p_role = any (roles));
end $$;

create or replace function baton_plays_counted(p_client text, p_segment text, p_account uuid, p_self uuid,
                                               p_now timestamptz)
returns jsonb language plpgsql stable as $$
begin
  return (
    select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
    from plays
    where client_id = p_client and state = 'active' and play_id <> p_self
      and not baton_play_expired(active_period_end, p_now)
      and ((p_segment is not null and scope = 'segment' and segment = p_segment)
        or (p_account is not null and account_id = p_account)));
end $$;
