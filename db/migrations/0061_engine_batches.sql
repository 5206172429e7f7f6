-- The engine works in batches (src/engine/execute-steps-batch.ts, send-batch.ts).
-- A worker claims due approved email items with a lease, as it claims enrollments, and commits the
-- claim at once. It then locks in the order used everywhere (contacts, enrollments, send items)
-- without holding item locks while it waits for a contact. A crashed worker's claim ends with its
-- lease, and the channel's ledger still refuses a second message for the same key.
alter table sales_send_queue add column claimed_by text;
alter table sales_send_queue add column claimed_until timestamptz;

-- exit_contact cancels an enrollment's unsent items; the finish pass joins an enrollment to its
-- final step's item.
create index sales_send_queue_enrollment_idx on sales_send_queue (enrollment_id, step_number);

-- Enrollments whose final step has run wait for its touch to settle (finish-sequences.ts).
create index campaign_contacts_finished_idx on campaign_contacts (client_id, id)
  where status = 'active' and next_send_at is null;
