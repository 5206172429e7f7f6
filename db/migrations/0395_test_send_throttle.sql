-- "Send me a test" (issue 60 item 5) is limited per person, and the limit holds across processes:
-- one row per test send taken, counted per principal over the window (src/engine/test-send-step.ts:
-- 5 in 10 minutes) under the principal's row lock, so N servers allow 5, not N×5. It is a throttle,
-- not a record of what was sent: no address, no subject, no contact (a test renders a real contact's
-- words, and those stay out of a table erasure would have to reach). Rows older than the window are
-- deleted by the next take of the same person.
create table test_send_takes (
  client_id     text not null,
  take_id       uuid not null default gen_random_uuid(),
  principal_id  uuid not null,
  taken_at      timestamptz not null,
  primary key (client_id, take_id),
  foreign key (client_id, principal_id) references principals (client_id, principal_id) on delete cascade
);
create index test_send_takes_principal_idx on test_send_takes (client_id, principal_id, taken_at);
