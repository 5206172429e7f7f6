-- The step's floor (bench/step-floor.ts): the rows one engine step of the bench's one-step nurture
-- campaign writes on PostgreSQL (docs/performance-journal.md 0h.1, 0m and 0q), written by hand as set-based
-- SQL, :batch steps a batch, with every index, key, check and trigger of the schema in place. It
-- leaves out what the engine does besides writing: the gates' reads, the draft's text, the claims'
-- index scans and row locks, and every round trip to Node. So its CPU a step is below what any
-- arrangement of the engine's code that writes the same rows can cost.
-- Since issue 39 items 1 and 3 the claim is a row lock (no write) and an auto-sent step sends in its
-- own transaction: one decision, the touch, and the final step's exit at once; and since its last
-- piece the message goes before the item is written, which is inserted once, already sent. The engine commits the ledger and the message (the dev transport) on
-- a second connection while the step's transaction is open; pgbench has one connection a client,
-- so here they commit first, then the step: the same commits, the same rows.
-- With split=1 the batch commits where the engine's pass does (the bench's re-arm, the ledger with
-- the message, the step: three transactions); with split=0 it is one transaction.
-- Each client works in its own quarter of the slots; ids are md5 of a per-batch random number.
\set s :client_id * :per + random(0, :per - :batch)
\set e :s + :batch
\set r random(1, 1000000000000)
BEGIN;
-- made due, as bench:engine's release (the row was left exited by the last transaction)
update campaign_contacts e set status = 'active', next_send_at = now(), exited_at = null,
       exit_reason = null, updated_at = now()
  where e.client_id = 'floor'
   and e.id = any (array(select f.enrollment_id from floor_slots f where f.slot >= :s and f.slot < :e));
\if :split
COMMIT;
BEGIN;
\endif
-- the channel's ledger, once (issue 39 item 2): 'sending' with the mailbox and the Message-ID
-- chosen first, committed before the message goes; success is the touch row, no update
insert into channel_deliveries (idempotency_key, client_id, channel, transport, mailbox, to_address, subject,
       status, message_id)
select md5(:r::text || 'i' || f.slot), 'floor', 'email', 'dev', 'baton@localhost', f.email,
       'Bench nurture, ' || f.name, 'sending', '<' || md5(:r::text || 'm' || f.slot) || '@localhost>'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
insert into dev_email_outbox (client_id, idempotency_key, message_id, mailbox, to_address, subject, body, headers)
select 'floor', md5(:r::text || 'i' || f.slot), '<' || md5(:r::text || 'm' || f.slot) || '@localhost>',
       'baton@localhost', f.email, 'Bench nurture, ' || f.name,
       'Hi ' || f.name || E',\n\nA short note to say hello from Bench nurture. If it is useful for your team, reply to this email and I will send you the details.\n\nBaton',
       jsonb_build_object('List-Unsubscribe', '<http://127.0.0.1:3000/u/v1.eyJjIjoiYmVuY2gtbXd2eDE0YWwiLCJrIjoiMjE3N2I4OGItN2FiZi00NzRkLWFjYjEtNTE0MWNhNmY1ODZiIn0.DMgawe-I91X6C4r_4N5EicX9dtNGKD7O2tL3O6GwsEU>',
         'List-Unsubscribe-Post', 'List-Unsubscribe=One-Click', 'X-Baton-Send-Item', md5(:r::text || 'i' || f.slot)::uuid,
         'X-Baton-Idempotency-Key', md5(:r::text || 'i' || f.slot))
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
\if :split
COMMIT;
BEGIN;
\endif
-- the step's decision
insert into cadence_event_log (client_id, contact_id, enrollment_id, campaign_id, step_number,
       sequence_type, event_type, coordinator_action, resolution, touch_cap_at_event,
       compliance_status, details)
select 'floor', f.contact_id, f.enrollment_id, f.campaign_id, 1, 'nurture', 'step_allowed', 'allow',
       'no_conflict', 0, 'clear', '{"kind": "step", "batched": true}'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
-- the draft, then the send item staged with it, inserted already sent (the message went first)
insert into staged_drafts (id, client_id, send_item_id, channel, to_id, subject, body, context,
       status, drafted_by, decided_at)
select md5(:r::text || 'd' || f.slot)::uuid, 'floor', md5(:r::text || 'i' || f.slot)::uuid, 'email',
       f.email, 'Bench nurture, ' || f.name,
       'Hi ' || f.name || E',\n\nA short note to say hello from Bench nurture. If it is useful for your team, reply to this email and I will send you the details.\n\nBaton',
       jsonb_build_object('contact_id', f.contact_id, 'step_number', 1, 'contact_name', f.name,
         'content_type', 'follow_up', 'campaign_name', 'Bench nurture', 'campaign_slug', 'bench_nurture',
         'requires_personal_send', false),
       'approved', 'template', now()
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
insert into sales_send_queue (id, client_id, contact_id, campaign_id, enrollment_id, step_number,
       channel, staged_draft_id, scheduled_at, sent_at, status, idempotency_key, attempts)
select md5(:r::text || 'i' || f.slot)::uuid, 'floor', f.contact_id, f.campaign_id, f.enrollment_id, 1,
       'email', md5(:r::text || 'd' || f.slot)::uuid, now(), now(), 'sent', md5(:r::text || 'i' || f.slot), 1
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
-- the item's touch, the contact and the CRM's outbox
insert into cadence_event_log (client_id, contact_id, enrollment_id, campaign_id, send_item_id,
       step_number, sequence_type, channel, event_type, coordinator_action, resolution,
       touch_cap_at_event, compliance_status, details)
select 'floor', f.contact_id, f.enrollment_id, f.campaign_id, md5(:r::text || 'i' || f.slot)::uuid, 1,
       'nurture', 'email', 'touch', 'allow', 'sent', 1, 'clear', '{"kind": "touch", "variant": null}'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
-- one version of the contact: the touch, and (the final step ends in this transaction) its release;
-- the allow's own mark and the exit's release are left out for a step sent in its transaction
update contacts c set last_touch_at = now(), active_sequence_id = null, current_step = null,
       updated_at = now()
  where c.client_id = 'floor'
   and c.contact_id = any (array(select f.contact_id from floor_slots f where f.slot >= :s and f.slot < :e));
insert into crm_outbox (client_id, contact_id, op, payload, next_attempt_at)
select 'floor', f.contact_id, 'log_activity',
       jsonb_build_object('note', 'bench_nurture step 1 (follow_up) via email', 'channel', 'email',
         'contactId', f.contact_id, 'occurredAt', now(), 'contentType', 'follow_up'),
       'epoch'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
-- the final touch settled: the enrollment ends at once (its one version), logged
update campaign_contacts e set status = 'timed_out', exited_at = now(), exit_reason = 'no_engagement',
       next_send_at = null, claimed_by = null, claimed_until = null, updated_at = now()
  where e.client_id = 'floor'
   and e.id = any (array(select f.enrollment_id from floor_slots f where f.slot >= :s and f.slot < :e));
insert into cadence_event_log (client_id, contact_id, enrollment_id, campaign_id, step_number,
       sequence_type, event_type, resolution, details)
select 'floor', f.contact_id, f.enrollment_id, f.campaign_id, 1, 'nurture', 'exit', 'no_engagement',
       '{"notes": null, "reason": "no_engagement", "status": "timed_out", "on_exit": null, "campaign": "bench_nurture", "items_cancelled": 0}'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
END;
