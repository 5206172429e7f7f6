-- The reference columns of 0680 and 0700 carry the tenant in their keys, as every other reference
-- does (0150, 0211; test/foundation/tenant-references.test.ts): an id alone could name another
-- tenant's row. Plain keys with client_id, as the older references to plays, tokens and replies:
-- - a play an approval request names stays out of the archive while the request is kept (the
--   archive keeps a play that a key still points at, 0315);
-- - a reply is never deleted (erasure empties it in place), so its data request and hand-off keep it.
alter table agent_approval_requests
  add constraint agent_approval_requests_play_fkey
    foreign key (client_id, play_id) references plays (client_id, play_id),
  add constraint agent_approval_requests_token_fkey
    foreign key (client_id, agent_token_id) references api_tokens (client_id, token_id);
alter table data_requests
  add constraint data_requests_reply_fkey
    foreign key (client_id, reply_id) references campaign_replies (client_id, id);
alter table campaign_handoffs
  add constraint campaign_handoffs_reply_fkey
    foreign key (client_id, reply_id) references campaign_replies (client_id, id);
