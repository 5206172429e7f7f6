-- Workspace dashboard (GET /api/v1/workspace/dashboard): touches per day, the cohort view's touches
-- and replies, and suppressions by reason, each over a time window of one tenant. Covering partial
-- indexes make each an index-only range scan instead of a heap scan of the window's events.
create index cadence_event_log_ws_touch_time_idx on cadence_event_log (client_id, occurred_at)
  include (originating_proposal_id, event_type)
  where event_type in ('touch', 'reply', 'reply_received');
create index cadence_event_log_ws_suppressed_time_idx on cadence_event_log (client_id, occurred_at)
  include (suppressed_reason, coordinator_action)
  where suppressed_reason is not null;
