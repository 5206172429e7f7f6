-- Issue 56 item 1 (follow-up): a person's reply Baton cannot trust (the inbound review queue,
-- src/inbox/inbound-reviews.ts) holds every live enrollment of the contact until a person applies or
-- dismisses it, stop request or not. Its hold reason says so, and gate 5 reports it instead of
-- enrollment_paused. Works on PostgreSQL 15, PGlite and Citus (a check constraint of a distributed
-- table: Citus propagates it to every shard).
alter table campaign_contacts drop constraint campaign_contacts_hold_reason_check;
alter table campaign_contacts add constraint campaign_contacts_hold_reason_check check (hold_reason in
  ('reply_pending_triage', 'reply_pending_review', 'reply_later', 'reply_policy'));
