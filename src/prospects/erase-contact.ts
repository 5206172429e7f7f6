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
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  type CompactResult,
  compactAfterErasure,
  ERASURE_TABLES,
  NOT_COMPACTED,
} from "./compact-after-erasure.ts";
import { eraseCrmRecords, type Tally } from "./erase-crm-record.ts";
import { eraseTouchRecords } from "./erase-touch-records.ts";
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
  const erasureId = randomUUID();
  let listed: ErasureListEntry[] = [];
  const run = async (tx: Kysely<DB>): Promise<EraseResult> => {
    const erased = await eraseInTransaction(tx, actor, req, deps, erasureId, now);
    listed = erased.listed;
    return erased.result;
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

/**
 * The one transaction of an erasure, its stages in the order the header names them run (5 before
 * 1 so stop-touches can name the suppression). `listed` is what the erasure list gets after commit.
 */
async function eraseInTransaction(
  tx: Kysely<DB>,
  actor: Eraser,
  req: EraseRequest,
  deps: EraseDeps,
  erasureId: string,
  now: Date,
): Promise<{ result: EraseResult; listed: ErasureListEntry[] }> {
  const clientId = actor.clientId;
  const people = await lockPerson(tx, clientId, req.contactId);
  const target = people[0];
  const ids = people.map((p) => p.contact_id);
  const hashOf = erasedEmailHash(erasureKey(deps.secret), target.email);
  const listed = [
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
  const add: Tally = (k, n) => {
    if (n) removed[k] = (removed[k] ?? 0) + Number(n);
  };
  const emailKeys = [...new Set(people.map((p) => p.email_key).filter((k): k is string => !!k))];

  // 5 (first, so stop-touches can name it): the keyed hash replaces any plain address entry
  const suppressionId = await suppressErasedHash(
    tx,
    actor,
    deps.secret,
    target,
    emailKeys,
    erasureId,
    now,
    add,
  );
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
  // 6. the CRM record of truth
  const crmQueued = await eraseCrmRecords(tx, clientId, ids, deps.crm, now, add);
  // 2. drafts, the send ledger, replies, tasks, signals
  await eraseTouchRecords(tx, clientId, ids, emailKeys, add);
  // 3 and 4: the event log's words and the contact rows, then the sweep
  const marker = `[erased ${erasureId.slice(0, 8)}]`;
  await eraseContactRows(tx, clientId, ids, marker, now, add);
  await sweepPerson(tx, clientId, people, marker, add);

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
  const result: EraseResult = {
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
  return { result, listed };
}

/**
 * Stage 1's lock: the contact, then every other contact of the tenant with the same normalized
 * address (the same person by the dedupe rule), locked in id order; the asked-for contact first.
 * A stage because nothing else may run until the person is known and held.
 */
async function lockPerson(tx: Kysely<DB>, clientId: string, contactId: string): Promise<PersonRow[]> {
  const first = await sql<PersonRow>`
      select contact_id, full_name, email, email_key, linkedin_url, external_id, erased_at from contacts
       where client_id = ${clientId} and contact_id = ${contactId}::uuid for update`.execute(tx);
  const target = first.rows[0];
  if (!target) throw new BatonError("NOT_FOUND", { entity: "contact", id: contactId });
  if (target.erased_at)
    throw new BatonError("ALREADY_ERASED", {
      contact_id: contactId,
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
  return [target, ...others];
}

/**
 * Stage 5: only a keyed hash of the address stays, in the suppression list, replacing any plain
 * address entry of the person. Its id (or the erasure's, for a person without an address) names
 * the suppression that stop-touches logs.
 */
async function suppressErasedHash(
  tx: Kysely<DB>,
  actor: Eraser,
  secret: string,
  target: PersonRow,
  emailKeys: string[],
  erasureId: string,
  now: Date,
  add: Tally,
): Promise<string> {
  const clientId = actor.clientId;
  let suppressionId: string = erasureId;
  const hash = erasedEmailHash(erasureKey(secret), target.email);
  if (hash) {
    const s = await sql<{ id: string }>`
        insert into suppressions (client_id, kind, value, reason, source, created_by_principal_id, created_at)
        values (${clientId}, 'email_hash', ${hash}, 'erased (GDPR Art. 17)', 'erasure',
                ${actor.personId}, ${now})
        on conflict (client_id, kind, value) do update set reason = excluded.reason
        returning id`.execute(tx);
    suppressionId = s.rows[0].id;
    const del =
      await sql`delete from suppressions where client_id = ${clientId} and kind = 'email' and value = any(${emailKeys}::text[])`.execute(
        tx,
      );
    add("suppressions_replaced_by_hash", del.numAffectedRows);
  }
  return suppressionId;
}

/**
 * Stage 3: the event log keeps its rows (counts and caps stay true) and loses the person's words,
 * and the contact rows are erased, in the owner's function (0200): the only way the append-only
 * log changes, which the runtime role cannot open by itself (issue 36 item 1).
 */
async function eraseContactRows(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  marker: string,
  now: Date,
  add: Tally,
): Promise<void> {
  const erased = await sql<{ event_log_rows: number; event_log_swept: number; contacts: number }>`
      select * from baton_erase_contacts(${clientId}, ${ids}::uuid[], ${marker}, ${now})`.execute(tx);
  add("event_log_rows", erased.rows[0].event_log_rows);
  add("sweep:cadence_event_log", erased.rows[0].event_log_swept);
  add("contacts", erased.rows[0].contacts);
}

/**
 * Stage 4, the safety net: the person's address, address key, profile URL and full name, anywhere
 * in the tenant's text and jsonb columns (redact-everywhere.ts), after the named tables.
 */
async function sweepPerson(
  tx: Kysely<DB>,
  clientId: string,
  people: PersonRow[],
  marker: string,
  add: Tally,
): Promise<void> {
  const personTerms = people.flatMap((p) =>
    [p.email, p.email_key, p.linkedin_url].filter((x): x is string => !!x),
  );
  const sweepPattern = termsPattern([...personTerms, ...people.map((p) => p.full_name)]);
  const swept = sweepPattern ? await redactEverywhere(tx, clientId, sweepPattern, marker) : { redacted: {} };
  for (const [t, n] of Object.entries(swept.redacted)) add(`sweep:${t}`, n);
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
