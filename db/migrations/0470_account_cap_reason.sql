-- The account's weekly touch cap (0400, issue 61 item 5) gets its own suppressed reason: gate 3 logs
-- 'account_cap_exceeded' (resolution 'account_weekly_cap', as before) when the account's cap alone
-- holds a step, where it logged the contact caps' 'touch_cap_exceeded'. Spec 001 lists four reasons;
-- this is an addition, as 'outside_send_window' (0125) and 'legal_basis_missing' (0130) were.
-- One ALTER TABLE drops and adds the check with the whole list (db/schema.sql's before this, plus the
-- new value): the event log is scanned once to validate it, under the lock the drop takes anyway (a
-- migration is one transaction, so NOT VALID and a later VALIDATE would not shorten it). Citus
-- propagates the ALTER to every shard of the distributed table.
alter table cadence_event_log
  drop constraint cadence_event_log_suppressed_reason_check,
  add constraint cadence_event_log_suppressed_reason_check
    check (suppressed_reason in ('compliance_block', 'abm_active_suppression', 'touch_cap_exceeded',
                                 'conflict_resolved_queued', 'outside_send_window', 'legal_basis_missing',
                                 'account_cap_exceeded'));
