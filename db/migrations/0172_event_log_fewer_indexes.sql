-- Issue 14: every row of cadence_event_log paid 16 indexes, and every insert statement of the engine
-- and the coordinator writes event rows. Two of them serve no query that another index does not
-- serve with the same leading columns:
-- * cadence_event_log_contact_idx (client_id, contact_id, occurred_at), paid by every row on a
--   random leaf page (keyed by contact). Every read by contact over time is a touch read, served by
--   cadence_event_log_touch_idx (gate 3, the batch snapshot, reply look-ups, the rollup's lateral
--   look-up); reads by contact alone (the event query's contact filter, the contact timeline, the
--   erasure's redaction, the foreign-key check from contacts) use the (client_id, contact_id) prefix
--   of cadence_event_log_contact_page_idx.
-- * cadence_event_log_proposal_idx (client_id, originating_proposal_id): an exact prefix of
--   cadence_event_log_proposal_page_idx, with the same predicate.
-- Kept, though they overlap in part: play_idx (a play's events in a time window, for the
-- retrospectives) and reason_idx (only suppressed rows pay it).
drop index cadence_event_log_contact_idx;
drop index cadence_event_log_proposal_idx;
