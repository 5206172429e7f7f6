// Erasure's stage 2 (erase-contact.ts): targeted removal of what Baton wrote to and about the
// person while touching them: drafts and the send ledger, replies and inbound mail, meetings, tasks,
// signals and notes. A stage of its own because each table here is named and its personal columns
// known; the sweep (stage 4) is the safety net for the rest. The statements run in this order.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { Tally } from "./erase-crm-record.ts";

/** Stage 2: every table that holds the person's words or address by their contact or send ids. */
export async function eraseTouchRecords(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  emailKeys: string[],
  add: Tally,
): Promise<void> {
  const itemIds = await eraseSendLedger(tx, clientId, ids, add);
  await eraseConversations(tx, clientId, ids, add);
  await eraseTaskInputs(tx, clientId, itemIds, add);
  await eraseSignalsOf(tx, clientId, ids, emailKeys, add);
}

/** Drafts and the send ledger (sales_send_queue, channel_deliveries, dev_email_outbox); the send items' ids. */
async function eraseSendLedger(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  add: Tally,
): Promise<string[]> {
  const items = await sql<{ id: string; idempotency_key: string; staged_draft_id: string | null }>`
      select id, idempotency_key, staged_draft_id from sales_send_queue
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx);
  const keys = items.rows.map((i) => i.idempotency_key);
  const itemIds = items.rows.map((i) => i.id);
  const draftIds = items.rows.map((i) => i.staged_draft_id).filter((x): x is string => !!x);
  add(
    "staged_drafts",
    (
      await sql`
      update staged_drafts set to_id = '[erased]', subject = null, body = '', original_body = null, context = '{}'::jsonb
       where client_id = ${clientId} and (id = any(${draftIds}::uuid[]) or send_item_id = any(${itemIds}::uuid[]))`.execute(
        tx,
      )
    ).numAffectedRows,
  );
  add(
    "send_items",
    (
      await sql`update sales_send_queue set error = case when error is null then null else '[erased]' end
       where client_id = ${clientId} and id = any(${itemIds}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
  add(
    "channel_deliveries",
    (
      await sql`
      update channel_deliveries set to_address = '[erased]', subject = '[erased]', error = case when error is null then null else '[erased]' end
       where client_id = ${clientId} and idempotency_key = any(${keys}::text[])`.execute(tx)
    ).numAffectedRows,
  );
  add(
    "dev_email_outbox",
    (
      await sql`
      update dev_email_outbox set to_address = '[erased]', subject = '[erased]', body = '', headers = '{}'::jsonb
       where client_id = ${clientId} and idempotency_key = any(${keys}::text[])`.execute(tx)
    ).numAffectedRows,
  );
  return itemIds;
}

/** What the person wrote or booked: replies, inbound mail under review, meetings, the inbox's record. */
async function eraseConversations(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  add: Tally,
): Promise<void> {
  add(
    "replies",

    // issue 56 (0340): a reply also keeps whom it referred to (referral: a name and an address)
    // and the triage decision's notes, a person's free text about it; the rest of the decision
    // (its kind, the intent, ids of what it did) holds no personal data and stays a labelled example
    (
      await sql`update campaign_replies set body = '[erased]', message_id = null, referral = null,
              decision_details = case when decision_details is null then null
                                      else decision_details - 'notes' end
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
  // inbound mail (issue 35): the review queue keeps a message's words; the inbox record its address
  add(
    "inbound_reviews",
    (
      await sql`update inbound_reviews set from_address = '[erased]', subject = '[erased]', excerpt = '', body = '',
              why_untrusted = '[erased]', trust = trust - 'why_not'
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
  // meetings booked through a scheduling tool (issue 41): the invitee's address, name and the title
  add(
    "meetings",
    (
      await sql`update meetings set invitee_email = '[erased]', invitee_name = null, title = null
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
  add(
    "inbox_messages",
    (
      await sql`update inbox_messages set address = '[erased]',
              outcome = outcome - 'from' - 'subject' - 'why_not' - 'inbound_trust'
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
}

/** The rep's tasks and the drafting inputs of the person's send items. */
async function eraseTaskInputs(
  tx: Kysely<DB>,
  clientId: string,
  itemIds: string[],
  add: Tally,
): Promise<void> {
  add(
    "rep_tasks",
    (
      await sql`update engine_rep_tasks set to_id = '[erased]', subject = null, body = '', skip_note = null
       where client_id = ${clientId} and send_item_id = any(${itemIds}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
  add(
    "drafting_tasks",
    (
      await sql`update engine_drafting_tasks set input = '{"erased": true}'::jsonb
       where client_id = ${clientId} and send_item_id = any(${itemIds}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
}

/** Signals about the person, what reps did with them, and the enrollments' notes. */
async function eraseSignalsOf(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  signalKeys: string[],
  add: Tally,
): Promise<void> {
  // signals (issue 69): the person's own, and those that waited with their address; an account's
  // signals are the company's and stay
  add(
    "signals",
    (
      await sql`delete from signals
       where client_id = ${clientId}
         and (contact_id = any(${ids}::uuid[])
              or (subject = 'contact' and contact_id is null and email_key = any(${signalKeys}::text[])))`.execute(
        tx,
      )
    ).numAffectedRows,
  );
  // the Signals view's dismissals and follow-ups of the person (issue 69 item 4): their notes are
  // words about them; a follow-up's task in the queue (0640) goes with it
  add(
    "rep_tasks",
    (
      await sql`delete from engine_rep_tasks
       where client_id = ${clientId} and kind = 'signal_follow_up' and contact_id = any(${ids}::uuid[])`.execute(
        tx,
      )
    ).numAffectedRows,
  );
  add(
    "signal_actions",
    (
      await sql`delete from signal_actions
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
  add(
    "enrollment_notes",
    (
      await sql`update campaign_contacts set notes = null
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[]) and notes is not null`.execute(tx)
    ).numAffectedRows,
  );
}
