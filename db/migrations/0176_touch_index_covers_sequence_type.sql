-- Issue 14: gate 3 reads a contact's touches in the cap window (touchesQuery: occurred_at, filtered on
-- sequence_type) through cadence_event_log_touch_idx. The index lacked sequence_type, so every touch
-- it found cost a visit to the heap, one random page per touch: the bench's single decision read 13
-- buffers for 6 touches, 7 of them from outside shared_buffers. With sequence_type in the index
-- (INCLUDE, not a key column: nothing orders or seeks by it) the read is an index-only scan wherever
-- the visibility map marks the page all-visible, which (auto)vacuum does for an append-only log.
-- Same name, same keys and predicate: every plan that used the index still can.
create index cadence_event_log_touch_idx_0176 on cadence_event_log (client_id, contact_id, occurred_at)
  include (sequence_type) where event_type = 'touch';
drop index cadence_event_log_touch_idx;
alter index cadence_event_log_touch_idx_0176 rename to cadence_event_log_touch_idx;
