// Sending on PostgreSQL (issue 39 item 3, as the steps do): a due approved email item's claim is its
// row lock. Each tenant's due items are locked with their contacts (FOR UPDATE SKIP LOCKED, one
// statement) in the transaction that gates, sends and records them; nothing is written to claim an
// item or to hand it back, so an item sent has one new version (sent, failed, held or cancelled)
// where the lease's claim wrote two. The statement never waits for a lock, so it cannot deadlock with
// the order contacts → items used everywhere else; an item whose contact another transaction holds
// (an opt-out, a reply, another worker's step) is left for a later pass. A crashed worker's locks end
// with its connection: the channel's ledger committed before SMTP, so the next worker meets
// 'sending' and records an unknown outcome, never a second message.
// A tenant's batch the database refuses as a whole is run again one item at a time, so one bad item
// never holds back the others; an item that still fails is held back by a lease (claimed_until, the
// one lease a send writes on PostgreSQL), so that it is tried again only after it ends.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { nameWorker } from "../db/name-worker.ts";
import { holdBackWithLease } from "../db/tenant-claims.ts";
import type { EngineDeps } from "./engine-deps.ts";
import {
  deliver,
  dueSendTenants,
  gate,
  LOCKED_ITEM_FROM,
  type Locked,
  SENDABLE,
  type SendOutcome,
  settle,
} from "./send-approved.ts";

export interface LockedSendOptions {
  workerId: string;
  batch: number;
  /** when the sends are recorded (the wall clock; default: now) */
  clock?: () => Date;
  /** A tenant's batch or an item that failed; without it the first failure is thrown at the end. */
  onError?: (e: unknown, where: string) => void;
}

/**
 * Locks up to `n` of a tenant's due approved email items and their contacts for this transaction,
 * in due order (scheduled_at, then id). Rows another transaction holds are skipped, never waited
 * for. `only`: just these items (a failed batch's one by one). `worker` names the transaction's
 * worker in pg_stat_activity while it holds the items (application_name, until it ends).
 */
/** Due and not held back (a failed send's back-off lease), and still sendable (aliases q, d). */
function dueWhere(now: Date) {
  return sql`q.scheduled_at <= ${now} and (q.claimed_until is null or q.claimed_until <= ${now}) and ${SENDABLE}`;
}

export async function lockDueSends(
  tx: Kysely<DB>,
  clientId: string,
  now: Date,
  n: number,
  opts: { only?: string[]; worker?: string } = {},
): Promise<{ contacts: string[]; items: Locked[] }> {
  const { only, worker } = opts;
  if (worker) await nameWorker(tx, worker);
  const r = await sql<Locked>`
    ${LOCKED_ITEM_FROM}
      join contacts ct on ct.client_id = q.client_id and ct.contact_id = q.contact_id
     where q.client_id = ${clientId} and ${dueWhere(now)}
       ${only ? sql`and q.id = any(${only}::uuid[])` : sql``}
     order by q.scheduled_at, q.id
     limit ${n}
       for update of q, ct skip locked`.execute(tx);
  const contacts = [...new Set(r.rows.map((i) => i.contact_id))].sort();
  return { contacts, items: r.rows };
}

/**
 * Sends up to `batch` due approved email items, one transaction per tenant (the earliest due
 * tenant first); returns the outcome of each one handled. Nothing is sent without a channel.
 */
export async function sendDueLocked(
  deps: EngineDeps,
  now: Date,
  opts: LockedSendOptions,
): Promise<SendOutcome[]> {
  if (!deps.email) return [];
  const outcomes: SendOutcome[] = [];
  const errors: unknown[] = [];
  const failed = (e: unknown, where: string) => (opts.onError ? opts.onError(e, where) : errors.push(e));
  let budget = opts.batch;
  for (const clientId of await dueSendTenants(deps.db, now, opts.batch)) {
    if (budget <= 0) break;
    try {
      const done = await sendTenant(deps, clientId, now, budget, opts);
      outcomes.push(...done.values());
      budget -= done.size;
    } catch {
      budget -= await oneByOne(deps, clientId, now, budget, opts, outcomes, failed);
    }
  }
  if (errors.length) throw errors[0];
  return outcomes;
}

/** One transaction: lock, gate, deliver, settle. Its outcomes count only once it has committed. */
function sendTenant(
  deps: EngineDeps,
  clientId: string,
  now: Date,
  n: number,
  opts: LockedSendOptions,
  only?: string[],
): Promise<Map<string, SendOutcome>> {
  return deps.db.transaction().execute(async (tx) => {
    const outcomes = new Map<string, SendOutcome>();
    const locked = await lockDueSends(tx, clientId, now, n, {
      only,
      worker: opts.workerId.slice(0, 40),
    });
    const allowed = await gate(tx, clientId, locked, now, outcomes);
    const results = await deliver(deps, allowed, now);
    await settle(deps, tx, clientId, allowed, results, opts.clock?.() ?? now, outcomes, locked.contacts);
    return outcomes;
  });
}

async function oneByOne(
  deps: EngineDeps,
  clientId: string,
  now: Date,
  budget: number,
  opts: LockedSendOptions,
  outcomes: SendOutcome[],
  failed: (e: unknown, where: string) => void,
): Promise<number> {
  const due = await sql<{ id: string }>`
    select q.id from sales_send_queue q
      join staged_drafts d on d.client_id = q.client_id and d.id = q.staged_draft_id
     where q.client_id = ${clientId} and ${dueWhere(now)}
     order by q.scheduled_at, q.id limit ${budget}`.execute(deps.db);
  for (const { id } of due.rows) {
    try {
      outcomes.push(...(await sendTenant(deps, clientId, now, 1, opts, [id])).values());
    } catch (error) {
      failed(error, `send ${id}`);
      const until = new Date(now.getTime() + deps.claimLeaseMs);
      await holdBackWithLease(deps.db, "sales_send_queue", clientId, id, opts.workerId, until);
    }
  }
  return due.rows.length;
}
