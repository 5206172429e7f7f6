-- Issue 14 item 3 (plays activation): the cap check's count of a segment's active plays read every
-- active play of the tenant. baton_plays_counted (0173: PL/pgSQL, so its plan is cached per session)
-- asked for "segment = p_segment OR account_id = p_account", with both sides guarded by whether their
-- parameter is null. The cached generic plan cannot know which side applies, so it scanned the
-- tenant's part of plays_active_tenant_segment_idx by client_id alone and filtered: with 2,000 active
-- plays in the tenant, 1.33 ms a check, 1,992 rows read to find 8, growing with every active play
-- (docs/performance.md 0g). Each caller passes one of the two (the segment cap, the account cap), so
-- the function now runs the query of that case, which the index answers by (client_id, segment) or
-- (client_id, account_id): 0.04 ms for the same 8 rows. When both are given it runs the query of 0173.
-- Same rows, same order, same volatility; every rule and lock stays where 0010 and 0173 put them.
create or replace function baton_plays_counted(p_client text, p_segment text, p_account uuid, p_self uuid,
                                               p_now timestamptz)
returns jsonb language plpgsql stable as $$
begin
  if p_account is null then
    return (
      select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
      from plays
      where client_id = p_client and state = 'active' and play_id <> p_self
        and not baton_play_expired(active_period_end, p_now)
        and scope = 'segment' and segment = p_segment);
  elsif p_segment is null then
    return (
      select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
      from plays
      where client_id = p_client and state = 'active' and play_id <> p_self
        and not baton_play_expired(active_period_end, p_now)
        and account_id = p_account);
  end if;
  return (
    select coalesce(jsonb_agg(jsonb_build_object('play_id', play_id, 'name', name) order by activated_at), '[]')
    from plays
    where client_id = p_client and state = 'active' and play_id <> p_self
      and not baton_play_expired(active_period_end, p_now)
      and ((scope = 'segment' and segment = p_segment) or account_id = p_account));
end $$;
