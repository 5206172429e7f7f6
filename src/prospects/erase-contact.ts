// Erasure (GDPR Art. 17, issue 15 item 3), in ONE transaction:
//   1. lock the contact (and every other contact of the tenant with the same normalized address:
//      the same person by the dedupe rule) and stop all their touches;
//   2. targeted removal: the contact's fields, its drafts, the send ledger's addresses and bodies
//      (channel_deliveries, dev_email_outbox), reply texts, rep tasks, drafting inputs, the
//      built-in CRM's record, the CRM outbox's payloads, and the signals about them (their own, and
//      those that waited with their address: issue 69);
//   3. the event log keeps its rows (counts and caps stay true); their details are redacted, and the
//      contact rows erased, by baton_erase_contacts (0200), a SECURITY DEFINER function of the
//      owner: the append-only trigger's one exception holds only inside it;
//   4. the safety net: every text/jsonb column of every tenant table is swept for the person's
//      address and name (redact-everywhere.ts);
//   5. only a keyed hash of the address stays, in the suppression list (kind email_hash), so the
//      address is refused at import (reason 'erased') and the contact at enrollment (CONTACT_ERASED);
//   6. where Attio is the record of truth, an erase_contact write goes to it through the CRM outbox;
//   7. one erasure_log row: who asked, when, the caller's reference, counts. No personal data.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { erasedEmailHash, erasureKey, normalizeEmail } from "../contact-keys/index.ts";
import { retryOnLockConflict } from "../coordinator/index.ts";
import { enqueueCrmWrite } from "../crm/enqueue-crm-write.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  type CompactResult,
  compactAfterErasure,
  ERASURE_TABLES,
  NOT_COMPACTED,
} from "./compact-after-erasure.ts";
import { appendErasureList, type ErasureListEntry } from "./erasure-list.ts";
import { redactEverywhere, termsPattern } from "./redact-everywhere.ts";
import { stopTouchesOf } from "./stop-touches.ts";

export const ERASER_ROLES = ["revops", "admin"] as const;

export interface EraseRequest {
  contactId: string;
  /** The caller's reference for the request (a ticket number); must not hold personal data. */
  requestReference: string;
}

export interface EraseDeps {
  secret: string;
  /** The record of truth: 'attio' sends an erase_contact write through the CRM outbox. */
  crm: "attio" | "builtin";
  /** The erasure list file to append to after the commit (erasure-list.ts); unset: none. */
  erasureList?: string;
}

export interface EraseResult extends CompactResult {
  erasure_id: string;
  contact_ids: string[];
  request_reference: string;
  erased_at: string;
  removed: Record<string, number>;
  crm_erasure_queued: boolean;
  /** Always empty: a table the sweep cannot change fails the erasure (ERASURE_INCOMPLETE). Kept for the API's shape. */
  not_redacted: string[];
  // and, from CompactResult (compact-after-erasure.ts): the tables rewritten so their files hold no
  // earlier row versions (`compacted`), those this connection could not rewrite (`not_compacted`:
  // PostgreSQL's runtime role owns none), the statistics rebuilt and the WAL written over
}

interface PersonRow {
  contact_id: string;
  full_name: string;
  email: string | null;
  email_key: string | null;
  linkedin_url: string | null;
  external_id: string | null;
  erased_at: Date | null;
}

export async function eraseContact(
  db: Kysely<DB>,
  actor: Principal,
  req: EraseRequest,
  deps: EraseDeps,
  now: Date,
): Promise<EraseResult> {
  if (!hasRole(actor, ...ERASER_ROLES)) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "erase a person's data",
      required: `the ${ERASER_ROLES.join(" or ")} role`,
    });
  }
  return erasePerson(
    db,
    {
      clientId: actor.clientId,
      personId: actor.kind === "person" ? actor.principalId : null,
      principalId: actor.principalId,
      agentId: actor.agentId,
    },
    req,
    deps,
    now,
  );
}

/** Who erases: a person or agent of the tenant, or no one (the erasure list re-applied after a restore). */
export interface Eraser {
  clientId: string;
  /** the person asking (suppression and erasure-log rows name them) */
  personId: string | null;
  /** the principal the event log names */
  principalId: string | null;
  agentId: string | null;
}

/** The erasure itself, for a caller that has checked who may ask (eraseContact, apply-erasure-list.ts). */
export async function erasePerson(
  db: Kysely<DB>,
  actor: Eraser,
  req: EraseRequest,
  deps: EraseDeps,
  now: Date,
): Promise<EraseResult> {
  const clientId = actor.clientId;
  const erasureId = randomUUID();
  let listed: ErasureListEntry[] = [];
  const run = async (tx: Kysely<DB>): Promise<EraseResult> => {
    const first = await sql<PersonRow>`
      select contact_id, full_name, email, email_key, linkedin_url, external_id, erased_at from contacts
       where client_id = ${clientId} and contact_id = ${req.contactId}::uuid for update`.execute(tx);
    const target = first.rows[0];
    if (!target) throw new BatonError("NOT_FOUND", { entity: "contact", id: req.contactId });
    if (target.erased_at)
      throw new BatonError("ALREADY_ERASED", {
        contact_id: req.contactId,
        erased_at: target.erased_at.toISOString(),
      });
    // the same person under other contact rows (same normalized address)
    const others = target.email_key
      ? (
          await sql<PersonRow>`
            select contact_id, full_name, email, email_key, linkedin_url, external_id, erased_at from contacts
             where client_id = ${clientId} and email_key = ${target.email_key} and contact_id <> ${target.contact_id}
             order by contact_id for update`.execute(tx)
        ).rows
      : [];
    const people = [target, ...others];
    const ids = people.map((p) => p.contact_id);
    const hashOf = erasedEmailHash(erasureKey(deps.secret), target.email);
    listed = [
      ...ids.map((id) => ({
        kind: "contact" as const,
        client_id: clientId,
        id,
        erased_at: now.toISOString(),
      })),
      ...(hashOf
        ? [{ kind: "email_hash" as const, client_id: clientId, hash: hashOf, erased_at: now.toISOString() }]
        : []),
    ];
    const removed: Record<string, number> = {};
    const add = (k: string, n: number | bigint | undefined) => {
      if (n) removed[k] = (removed[k] ?? 0) + Number(n);
    };

    // 5 (first, so stop-touches can name it): the keyed hash replaces any plain address entry
    let suppressionId: string = erasureId;
    const hash = erasedEmailHash(erasureKey(deps.secret), target.email);
    if (hash) {
      const s = await sql<{ id: string }>`
        insert into suppressions (client_id, kind, value, reason, source, created_by_principal_id, created_at)
        values (${clientId}, 'email_hash', ${hash}, 'erased (GDPR Art. 17)', 'erasure',
                ${actor.personId}, ${now})
        on conflict (client_id, kind, value) do update set reason = excluded.reason
        returning id`.execute(tx);
      suppressionId = s.rows[0].id;
      const keys = [...new Set(people.map((p) => p.email_key).filter((k): k is string => !!k))];
      const del =
        await sql`delete from suppressions where client_id = ${clientId} and kind = 'email' and value = any(${keys}::text[])`.execute(
          tx,
        );
      add("suppressions_replaced_by_hash", del.numAffectedRows);
    }
    // 1. stop every touch (ends enrollments, cancels unsent items and pending drafts, logs it)
    const stopped = await stopTouchesOf(
      tx,
      clientId,
      sql`c.contact_id = any(${ids}::uuid[])`,
      {
        suppressionId,
        kind: "erasure",
        source: "erasure",
        actor: { principalId: actor.principalId, agentId: actor.agentId },
      },
      now,
    );
    add("enrollments_ended", stopped.enrollmentsEnded);
    add("send_items_cancelled", stopped.itemsCancelled);

    // 6. the CRM record of truth (capture its id before the link rows go)
    let crmQueued = false;
    const links = await sql<{ adapter: string; baton_id: string; external_id: string }>`
      select adapter, baton_id, external_id from crm_links
       where client_id = ${clientId} and kind = 'contact' and baton_id = any(${ids}::uuid[])`.execute(tx);
    // the outbox: payloads emptied; writes not in flight will never be applied
    const ob = await sql`
      update crm_outbox set payload = '{"erased": true}'::jsonb, last_error = null,
             status = case when status = 'pending' and (locked_until is null or locked_until <= ${now}) then 'dead' else status end
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx);
    add("crm_outbox", ob.numAffectedRows);
    if (deps.crm === "attio") {
      for (const id of ids) {
        const ext = links.rows.find((l) => l.baton_id === id && l.adapter === "attio")?.external_id ?? null;
        await enqueueCrmWrite(tx, clientId, { op: "erase_contact", contactId: id, externalId: ext }, now);
        crmQueued = true;
      }
    }
    // the built-in CRM is Baton's own: its record goes now
    const builtin = links.rows.filter((l) => l.adapter === "builtin").map((l) => l.external_id);
    const crmContacts = await sql<{ crm_contact_id: string }>`
      select crm_contact_id from crm_contacts where client_id = ${clientId}
         and (contact_id = any(${ids}::uuid[]) or crm_contact_id::text = any(${builtin}::text[]))`.execute(
      tx,
    );
    const crmIds = crmContacts.rows.map((r) => r.crm_contact_id);
    if (crmIds.length) {
      add(
        "crm_activities",
        (
          await sql`delete from crm_activities
               where client_id = ${clientId} and crm_contact_id = any(${crmIds}::uuid[])`.execute(tx)
        ).numAffectedRows,
      );
      add(
        "crm_deals",
        (
          await sql`delete from crm_deals
               where client_id = ${clientId} and crm_contact_id = any(${crmIds}::uuid[])`.execute(tx)
        ).numAffectedRows,
      );
      add(
        "crm_contacts",
        (
          await sql`delete from crm_contacts
               where client_id = ${clientId} and crm_contact_id = any(${crmIds}::uuid[])`.execute(tx)
        ).numAffectedRows,
      );
    }
    add(
      "crm_links",
      (
        await sql`delete from crm_links where client_id = ${clientId} and kind = 'contact' and adapter = 'builtin'
                                  and baton_id = any(${ids}::uuid[])`.execute(tx)
      ).numAffectedRows,
    );

    // 2. drafts, the send ledger, replies, tasks
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
    // signals (issue 69): the person's own, and those that waited with their address; an account's
    // signals are the company's and stay
    const signalKeys = [...new Set(people.map((p) => p.email_key).filter((k): k is string => !!k))];
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

    // 3. the event log keeps its rows (counts and caps stay true) and loses the person's words, and
    // the contact rows are erased, in the owner's function (0200): the only way the append-only
    // log changes, which the runtime role cannot open by itself (issue 36 item 1)
    const marker = `[erased ${erasureId.slice(0, 8)}]`;
    const erased = await sql<{ event_log_rows: number; event_log_swept: number; contacts: number }>`
      select * from baton_erase_contacts(${clientId}, ${ids}::uuid[], ${marker}, ${now})`.execute(tx);
    add("event_log_rows", erased.rows[0].event_log_rows);
    add("sweep:cadence_event_log", erased.rows[0].event_log_swept);
    add("contacts", erased.rows[0].contacts);

    // 4. the safety net: address, address key, profile URL and full name, anywhere in the tenant
    const personTerms = people.flatMap((p) =>
      [p.email, p.email_key, p.linkedin_url].filter((x): x is string => !!x),
    );
    const sweepPattern = termsPattern([...personTerms, ...people.map((p) => p.full_name)]);
    const swept = sweepPattern
      ? await redactEverywhere(tx, clientId, sweepPattern, marker)
      : { redacted: {} };
    for (const [t, n] of Object.entries(swept.redacted)) add(`sweep:${t}`, n);

    // 7. the log
    await tx
      .insertInto("erasure_log")
      .values({
        id: erasureId,
        client_id: clientId,
        contact_id: target.contact_id,
        request_reference: req.requestReference,
        requested_by_principal_id: actor.personId,
        requested_by_agent_id: actor.agentId,
        erased_at: now,
        removed: JSON.stringify({ ...removed, contacts_erased: ids.length }),
        crm_erasure_queued: crmQueued,
      })
      .execute();
    return {
      erasure_id: erasureId,
      contact_ids: ids,
      request_reference: req.requestReference,
      erased_at: now.toISOString(),
      removed,
      crm_erasure_queued: crmQueued,
      not_redacted: [],
      compacted: [],
      not_compacted: [],
      ...structuredClone(NOT_COMPACTED),
    };
  };
  // inside a caller's transaction the caller compacts after its commit (VACUUM needs none open)
  if (db.isTransaction) return run(db);
  const result = await retryOnLockConflict(() => db.transaction().execute(run));
  // the erasure list, kept apart from the backups, so a restore erases them again
  if (deps.erasureList) appendErasureList(deps.erasureList, listed);
  const touched = [
    ...ERASURE_TABLES,
    ...Object.keys(result.removed)
      .filter((k) => k.startsWith("sweep:"))
      .map((k) => k.slice("sweep:".length)),
  ];
  return { ...result, ...(await compactAfterErasure(db, touched)) };
}

/** For import and tests: is this address erased in the tenant? */
export async function isErasedAddress(db: Kysely<DB>, clientId: string, email: string, secret: string) {
  const hash = erasedEmailHash(erasureKey(secret), email);
  if (!hash || !normalizeEmail(email)) return false;
  const r =
    await sql`select 1 from suppressions where client_id = ${clientId} and kind = 'email_hash' and value = ${hash}`.execute(
      db,
    );
  return r.rows.length > 0;
}
