-- A per-campaign weekly touch cap (issue 59 item 6): at most N non-transactional touches of this
-- campaign per contact in the rolling window (src/coordinator/touch-window.ts), counted by gate 3
-- beside the contact's caps (coordinator_config). null: no campaign cap (the contact's caps only).
alter table campaigns add column weekly_touch_cap integer
  constraint campaigns_weekly_touch_cap_check check (weekly_touch_cap between 1 and 100);
