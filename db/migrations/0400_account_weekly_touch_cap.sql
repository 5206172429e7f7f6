-- A per-account weekly touch cap for ABM (issue 61 item 5): at most N non-transactional touches to
-- all contacts of one account in the rolling window (src/coordinator/touch-window.ts), counted by
-- gate 3 beside the contact's caps and the campaign's. Set per segment (the default for its
-- accounts) and per account (overrides the segment's); null on both: no account cap.
alter table segments add column account_weekly_touch_cap integer
  constraint segments_account_weekly_touch_cap_check check (account_weekly_touch_cap between 1 and 1000);
alter table accounts add column weekly_touch_cap integer
  constraint accounts_weekly_touch_cap_check check (weekly_touch_cap between 1 and 1000);
-- The account's latest touches, read by gate 3's snapshot (send-window-facts.ts) newest first: the
-- account a touch was made to is the event's own account_id (recordTouchesBatch writes the
-- contact's account at the touch).
create index cadence_event_log_account_touch_idx on cadence_event_log (client_id, account_id, occurred_at)
  include (sequence_type) where event_type = 'touch' and account_id is not null;
