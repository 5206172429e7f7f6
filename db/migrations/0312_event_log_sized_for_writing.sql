-- Issue 39 item 4: an event log sized for writing. It had 14 indexes (six paid by every row, whatever
-- its type) and the learning rollup's trigger. The rollup now runs behind a
-- cursor (0310), the dashboard reads a daily rollup (0311), time windows read the BRIN of 0310, and
-- these indexes go:
-- * cadence_event_log_ws_touch_time_idx, cadence_event_log_ws_suppressed_time_idx (0091): the
--   dashboard's 30- and 92-day counts, now event_log_daily_live;
-- * cadence_event_log_occurred_idx (client_id, occurred_at): time windows (the cohort view's quarter,
--   the simulator's days, the dashboard's first day) read cadence_event_log_time_brin;
-- * cadence_event_log_reason_idx (client_id, suppressed_reason, occurred_at): served only the
--   dashboard's suppressions; paging by reason keeps reason_page_idx;
-- * cadence_event_log_play_idx (client_id, play_id, occurred_at): a play's events in a window
--   (measure-play) read the play's events through play_page_idx, which has the same prefix;
-- * cadence_event_log_enrollment_idx (client_id, enrollment_id, occurred_at): its readers name the
--   enrollment's contact too (the stall flags, the timeline's stories, the simulator's report) and
--   read the contact's events through contact_page_idx (a contact has tens of events, not millions);
-- * cadence_event_log_client_page_idx (client_id, event_id): the primary key becomes the same
--   columns in the same order, (client_id, event_id) instead of (event_id, client_id). Every lookup
--   of an event names its tenant (the tenant reference check of play_execution_requests, 0211).
-- Kept, and why:
-- * cadence_event_log_pkey (client_id, event_id): identity, and the events page (newest first);
-- * cadence_event_log_touch_idx (partial, touches): gate 3's touch count per prospect, the batch
--   snapshot, reply look-ups, the rollups' attribution of a reply to its touch;
-- * cadence_event_log_contact_page_idx (client_id, contact_id, event_id): the prospect's timeline,
--   the events page by contact, the enrollment reads above;
-- * cadence_event_log_play_page_idx, cadence_event_log_proposal_page_idx (partial, play rows):
--   lineage by play and by proposal (spec 001 wire 4: the events of a play or proposal, a proposal's
--   event count, the retrospectives' measure of a play);
-- * cadence_event_log_reason_page_idx (partial, suppressed rows): the events page by reason; no
--   row of an allowed step pays it;
-- * cadence_event_log_type_page_idx (client_id, event_type, event_id): the events page by type. Without
--   it the page walks the tenant's newest events backwards until it has 50 of the type: measured
--   15x slower at p95 for touches on bench:workspace's log (whose newest 47,000 events hold none),
--   and a rare type would read the whole log. It stays until that page has another way.
-- * cadence_event_log_time_brin (0310): time windows and the cursors' ranges, a few pages in all.
drop index cadence_event_log_ws_touch_time_idx;
drop index cadence_event_log_ws_suppressed_time_idx;
drop index cadence_event_log_occurred_idx;
drop index cadence_event_log_reason_idx;
drop index cadence_event_log_play_idx;
drop index cadence_event_log_enrollment_idx;
alter table cadence_event_log drop constraint cadence_event_log_pkey,
  add constraint cadence_event_log_pkey primary key (client_id, event_id);
drop index cadence_event_log_client_page_idx;
