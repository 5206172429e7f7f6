-- The lean step's floor (issue 39, docs/performance-journal.md "Writes per step"): the same step as
-- step-floor.sql (the bench's one-step nurture campaign, auto-sent), written as issue 39 items 1-3
-- design it, with every guarantee kept, on today's schema: nine rows a step and nothing twice.
--   * the ledger written ONCE, as 'sending' with its mailbox and Message-ID chosen first, committed
--     on its own before the message goes; success is the touch row with the same key (no update);
--   * one transaction for the step and its send: the claim is a row lock (FOR UPDATE SKIP LOCKED in
--     the step's own transaction, no lease writes), the contact locked first and held, one decision
--     and one event (no second gate run, no send_allowed event), the draft and the send item
--     inserted already approved and sent, one version of the enrollment (advanced and exited at
--     once) and one of the contact (its cadence fields) per step, the touch, the CRM log entry and
--     the exit's event.
-- It leaves out what the engine does besides writing (the gates' reads, the draft's text, Node), as
-- step-floor.sql does. The lean engine holds the step's transaction open across the send and writes
-- the ledger from a second connection; pgbench has one connection a client, so here the ledger's
-- transaction and the message come first, then the step's: the same commits, the same rows.
-- With split=1 the bench's re-arming commits on its own (as in step-floor.sql); with split=0 it joins
-- the ledger's transaction. Each client works in its own quarter of the slots.
\set s :client_id * :per + random(0, :per - :batch)
\set e :s + :batch
\set r random(1, 1000000000000)
BEGIN;
-- made due, as bench:engine's release (not a step write)
update campaign_contacts e set status = 'active', next_send_at = now(), exited_at = null,
       exit_reason = null, updated_at = now()
  where e.client_id = 'floor'
   and e.id = any (array(select f.enrollment_id from floor_slots f where f.slot >= :s and f.slot < :e));
\if :split
COMMIT;
BEGIN;
\endif
-- the channel's ledger, once: 'sending', the mailbox and the Message-ID chosen first; committed before the message
insert into channel_deliveries (idempotency_key, client_id, channel, transport, mailbox, to_address, subject,
       status, message_id)
select md5(:r::text || 'i' || f.slot), 'floor', 'email', 'dev', 'baton@localhost', f.email,
       'Bench nurture, ' || f.name, 'sending', '<' || md5(:r::text || 'm' || f.slot) || '@localhost>'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
COMMIT;
BEGIN;
-- the message (the dev transport's outbox: SMTP's stand-in, as in step-floor.sql)
insert into dev_email_outbox (client_id, idempotency_key, message_id, mailbox, to_address, subject, body, headers)
select 'floor', md5(:r::text || 'i' || f.slot), '<' || md5(:r::text || 'm' || f.slot) || '@localhost>',
       'baton@localhost', f.email, 'Bench nurture, ' || f.name,
       'Hi ' || f.name || E',\n\nA short note to say hello from Bench nurture. If it is useful for your team, reply to this email and I will send you the details.\n\nBaton',
       jsonb_build_object('List-Unsubscribe', '<http://127.0.0.1:3000/u/v1.eyJjIjoiYmVuY2gtbXd2eDE0YWwiLCJrIjoiMjE3N2I4OGItN2FiZi00NzRkLWFjYjEtNTE0MWNhNmY1ODZiIn0.DMgawe-I91X6C4r_4N5EicX9dtNGKD7O2tL3O6GwsEU>',
         'List-Unsubscribe-Post', 'List-Unsubscribe=One-Click', 'X-Baton-Send-Item', md5(:r::text || 'i' || f.slot)::uuid,
         'X-Baton-Idempotency-Key', md5(:r::text || 'i' || f.slot))
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
COMMIT;
BEGIN;
-- the claim and the contact's lock: row locks in the step's own transaction, no lease written
select count(*) from (select 1 from campaign_contacts e
                        join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
                       where e.client_id = 'floor'
                         and e.id = any (array(select f.enrollment_id from floor_slots f where f.slot >= :s and f.slot < :e))
                       order by c.contact_id
                         for update of c, e skip locked) locked;
-- the step's one decision and its one event
insert into cadence_event_log (client_id, contact_id, enrollment_id, campaign_id, step_number,
       sequence_type, event_type, coordinator_action, resolution, touch_cap_at_event,
       compliance_status, details)
select 'floor', f.contact_id, f.enrollment_id, f.campaign_id, 1, 'nurture', 'step_allowed', 'allow',
       'no_conflict', 0, 'clear', '{"kind": "step", "batched": true}'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
-- the draft (approved: auto-sent) and the send item, inserted already sent
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
-- the touch: on the log, with the ledger's key (success is this row)
insert into cadence_event_log (client_id, contact_id, enrollment_id, campaign_id, send_item_id,
       step_number, sequence_type, channel, event_type, coordinator_action, resolution,
       touch_cap_at_event, compliance_status, details)
select 'floor', f.contact_id, f.enrollment_id, f.campaign_id, md5(:r::text || 'i' || f.slot)::uuid, 1,
       'nurture', 'email', 'touch', 'allow', 'sent', 1, 'clear', '{"kind": "touch", "variant": null}'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
-- one version of the enrollment: advanced past its last step and exited at once
update campaign_contacts e set status = 'timed_out', next_send_at = null, exited_at = now(),
       exit_reason = 'no_engagement', updated_at = now()
  where e.client_id = 'floor'
   and e.id = any (array(select f.enrollment_id from floor_slots f where f.slot >= :s and f.slot < :e));
-- one version of the contact: its cadence fields after the touch and the exit
update contacts c set last_touch_at = now(), active_sequence_id = null, current_step = null, updated_at = now()
  where c.client_id = 'floor'
   and c.contact_id = any (array(select f.contact_id from floor_slots f where f.slot >= :s and f.slot < :e));
-- the CRM's log entry and the exit's event
insert into crm_outbox (client_id, contact_id, op, payload, next_attempt_at)
select 'floor', f.contact_id, 'log_activity',
       jsonb_build_object('note', 'bench_nurture step 1 (follow_up) via email', 'channel', 'email',
         'contactId', f.contact_id, 'occurredAt', now(), 'contentType', 'follow_up'),
       'epoch'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
insert into cadence_event_log (client_id, contact_id, enrollment_id, campaign_id, step_number,
       sequence_type, event_type, resolution, details)
select 'floor', f.contact_id, f.enrollment_id, f.campaign_id, 1, 'nurture', 'exit', 'no_engagement',
       '{"notes": null, "reason": "no_engagement", "status": "timed_out", "on_exit": null, "campaign": "bench_nurture", "items_cancelled": 0}'
  from floor_slots f where f.slot >= :s and f.slot < :e order by f.slot;
END;
