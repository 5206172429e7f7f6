// Sending (spec 002 "Channels", spec 001 "gates 1 and 3 again at send time"), in batches, one
// transaction per tenant: lock the contacts and the due approved email items; gateSend for all of
// them (hold → scheduled_at = until, block → cancelled); send the allowed ones through the channel
// with their idempotency keys; mark them and record their touches and CRM writes in bulk. Holding the
// contact locks across the send means an opt-out that commits first wins, and one that comes later
// waits for the send to be recorded.
// The channel writes its ledger row once (key → 'sending', with the mailbox and Message-ID) on its
// own connection before SMTP; success is the touch this transaction records for the item. A crash
// before our commit leaves the item approved; the retry meets the ledger's 'sending' → a clearly
// marked unknown outcome, never a second message (a row 'sent' by the protocol before issue 39 → we
// record the touch that happened). Until then, and after, the touch caps count that ledger row
// (batch-snapshot.ts loadTouchesOf).
// Claims: on PostgreSQL an item's claim is its row lock, taken in the transaction that sends it
// (send-locked.ts, issue 39 item 3). PGlite has one connection, which the channel's ledger needs
// while the items would be locked, so there the items are claimed with a lease first (a statement
// of its own, FOR UPDATE SKIP LOCKED), and the send runs between the gate transaction and a settle
// transaction, the claim keeping other loops away meanwhile (sendDue).
// Like a person (issue 12): a step marked thread 'follow_up' goes in the thread of the
// enrollment's earlier emails, from the same mailbox; other emails rotate over the campaign's pool
// of mailboxes (like-a-person.ts).
import { type Kysely, sql } from "kysely";
import type { SendResult } from "../channels/index.ts";
import { gateSendsBatch, lockContactsOf } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { claimAcrossTenants, claimTenantWithLease, dueTenants } from "../db/tenant-claims.ts";
import { byClient, type Claimed, type ClaimOptions } from "./claims.ts";
import { deliver } from "./deliver-items.ts";
import type { EngineDeps } from "./engine-deps.ts";
import type { Locked } from "./locked-item.ts";
import { recordTouches } from "./record-touch.ts";
import { addDays } from "./schedule.ts";

export { deliver };

export const OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

export type SendOutcome = "sent" | "held" | "blocked" | "deferred" | "retry" | "failed" | "unknown";

/**
 * Claims up to `batch` due approved email items for this worker until now + leaseMs, by
 * (scheduled_at, id): the tenants with due items first (a read-only fan-out), then one claim
 * statement a tenant (src/db/tenant-claims.ts; on Citus each is routed to the tenant's shard).
 */
export async function claimDueSends(db: Kysely<DB>, now: Date, opts: ClaimOptions): Promise<Claimed[]> {
  const tenants = await dueSendTenants(db, now, opts.batch);
  const until = new Date(now.getTime() + opts.leaseMs);
  const claimed = await claimAcrossTenants(tenants, opts.batch, (clientId, n) =>
    claimTenantWithLease(
      db,
      "sales_send_queue",
      clientId,
      sql`select i.id from sales_send_queue i
            join staged_drafts d on d.client_id = i.client_id and d.id = i.staged_draft_id
           where i.client_id = ${clientId} and i.status = 'approved' and i.channel = 'email'
             and i.scheduled_at <= ${now} and (i.claimed_until is null or i.claimed_until <= ${now})
             and d.status = 'approved' and not d.requires_personal_send
           order by i.scheduled_at, i.id
           limit ${n}
           for update of i skip locked`,
      opts.workerId,
      until,
    ),
  );
  const takenOver = claimed.filter((c) => c.taken_over).length;
  if (takenOver > 0)
    opts.metrics?.inc("baton_engine_lease_takeovers_total", { table: "sales_send_queue" }, takenOver);
  return claimed.map((c) => ({ id: c.id, client_id: c.client_id }));
}

/** The tenants with due approved email items, the earliest due first (read-only, no row locks). */
export function dueSendTenants(db: Kysely<DB>, now: Date, limit: number): Promise<string[]> {
  return dueTenants(
    db,
    sql<{ client_id: string }>`
      select i.client_id from sales_send_queue i
       where i.status = 'approved' and i.channel = 'email' and i.scheduled_at <= ${now}
         and (i.claimed_until is null or i.claimed_until <= ${now})
       group by i.client_id order by min(i.scheduled_at), i.client_id
       limit ${limit}`,
  );
}

export type { Locked } from "./locked-item.ts";

/**
 * Locks the contacts of claimed items, then the items still claimed by us and still sendable, in
 * due order: the gates decide in this order, so a contact's earlier touch goes before its later one.
 */
async function lockClaimed(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  workerId: string,
): Promise<{ contacts: string[]; items: Locked[] }> {
  const contacts = await lockContactsOf(tx, clientId, { sendItemIds: ids });
  return { contacts, items: await lockItems(tx, clientId, ids, workerId) };
}

/**
 * What a send reads of a due item (alias q), its draft (d), campaign (c) and step (s): the select
 * list and its joins, shared by both claims' locking statements.
 */
export const LOCKED_ITEM_FROM = sql`
    select q.id, q.client_id, q.contact_id, q.idempotency_key, q.attempts, q.scheduled_at,
           d.to_id, d.subject, d.body, c.kind, q.enrollment_id, q.campaign_id, q.step_number, s.thread
      from sales_send_queue q
      join staged_drafts d on d.client_id = q.client_id and d.id = q.staged_draft_id
      join campaigns c on c.client_id = q.client_id and c.id = q.campaign_id
      left join campaign_sequences s on s.client_id = q.client_id and s.campaign_id = q.campaign_id
                                    and s.step_number = q.step_number`;

/** An item still sendable by a worker: approved, email, its draft approved and not for a person to send. */
export const SENDABLE = sql`q.status = 'approved' and q.channel = 'email'
       and d.status = 'approved' and not d.requires_personal_send`;

/** The items still claimed by `workerId` and still sendable, locked, in due order. */
async function lockItems(tx: Kysely<DB>, clientId: string, ids: string[], workerId: string) {
  const r = await sql<Locked>`
    ${LOCKED_ITEM_FROM}
     where q.client_id = ${clientId} and q.id = any(${ids}::uuid[])
       and q.claimed_by = ${workerId} and ${SENDABLE}
     order by q.scheduled_at, q.id
       for update of q`.execute(tx);
  return r.rows;
}

/** Gates at send time (spec 001 gates 1 and 3): hold → later, block → cancelled. Returns the allowed. */
export async function gate(
  tx: Kysely<DB>,
  clientId: string,
  locked: { contacts: string[]; items: Locked[] },
  now: Date,
  outcomes: Map<string, SendOutcome>,
): Promise<Locked[]> {
  const items = locked.items;
  const decisions = await gateSendsBatch(
    tx,
    { clientId, sendItemIds: items.map((i) => i.id), lockedContactIds: locked.contacts },
    now,
  );
  const allowed: Locked[] = [];
  for (const it of items) {
    const d = decisions.get(it.id);
    if (d?.action === "allow") {
      allowed.push(it);
      continue;
    }
    const set =
      d?.action === "block"
        ? { status: "cancelled" as const, error: `blocked at send: ${d.reason}` }
        : { scheduled_at: d?.until ?? addDays(now, 1) };
    await tx
      .updateTable("sales_send_queue")
      .set({ ...set, claimed_by: null, claimed_until: null, updated_at: now })
      .where("client_id", "=", clientId)
      .where("id", "=", it.id)
      .execute();
    outcomes.set(it.id, d?.action === "block" ? "blocked" : "held");
  }
  return allowed;
}

export type Settlement = {
  outcome: SendOutcome;
  status: "approved" | "sent" | "failed";
  error: string | null;
  attempts: number;
  scheduledAt: Date;
  sentAt: Date | null;
};

/** What the channel's answer means for the item (spec 002: retry only transient failures). */
export function settlement(deps: EngineDeps, it: Locked, r: SendResult, now: Date): Settlement {
  const keep = {
    status: "approved" as const,
    attempts: it.attempts,
    scheduledAt: it.scheduled_at,
    sentAt: null,
  };
  switch (r.status) {
    case "sent":
      return {
        ...keep,
        outcome: "sent",
        status: "sent",
        sentAt: now,
        error: null,
        attempts: it.attempts + 1,
      };
    case "duplicate":
      // the key was used before (a worker died after the channel claimed it): never send twice.
      // The ledger says 'sent:<message-id>' when the message went out and only our commit was lost.
      if (r.previous.startsWith("sent"))
        return { ...keep, outcome: "sent", status: "sent", sentAt: now, error: null };
      return {
        ...keep,
        outcome: "unknown",
        status: "failed",
        error: `${OUTCOME_UNKNOWN}: a send with key ${it.idempotency_key} started but its result was never recorded (ledger: ${r.previous}); not resent. Check the mailbox before sending by hand.`,
      };
    case "deferred":
      return { ...keep, outcome: "deferred", scheduledAt: r.retryAt, error: r.error };
    case "failed": {
      const attempts = it.attempts + 1;
      if (r.transient && attempts < deps.maxSendAttempts) {
        // transient only: back off 1, 2, 4, 8 minutes
        const wait = 60_000 * 2 ** (attempts - 1);
        return {
          ...keep,
          outcome: "retry",
          attempts,
          error: r.error,
          scheduledAt: new Date(now.getTime() + wait),
        };
      }
      return { ...keep, outcome: "failed", status: "failed", attempts, error: r.error };
    }
  }
}

/** Applies the channel's answers in two statements plus the touches (inside a transaction). */
export async function settle(
  deps: EngineDeps,
  tx: Kysely<DB>,
  clientId: string,
  items: Locked[],
  results: SendResult[],
  now: Date,
  outcomes: Map<string, SendOutcome>,
  lockedContactIds: string[],
): Promise<void> {
  if (items.length === 0) return;
  const s = items.map((it, i) => settlement(deps, it, results[i], now));
  await sql`update sales_send_queue q
               set status = v.status, error = v.error, attempts = v.attempts, scheduled_at = v.scheduled_at,
                   sent_at = coalesce(v.sent_at, q.sent_at), claimed_by = null, claimed_until = null,
                   updated_at = ${now}
              from (select unnest(${items.map((i) => i.id)}::uuid[]) as id,
                           unnest(${s.map((x) => x.status)}::text[]) as status,
                           unnest(${s.map((x) => x.error)}::text[]) as error,
                           unnest(${s.map((x) => x.attempts)}::int[]) as attempts,
                           unnest(${s.map((x) => x.scheduledAt.toISOString())}::timestamptz[]) as scheduled_at,
                           unnest(${s.map((x) => x.sentAt?.toISOString() ?? null)}::timestamptz[]) as sent_at) v
             where q.client_id = ${clientId} and q.id = v.id`.execute(tx);
  await recordTouches(
    deps,
    tx,
    clientId,
    items.filter((_, i) => s[i].status === "sent").map((it) => it.id),
    now,
    lockedContactIds,
  );
  noteOutcomes(deps, items, s, results, now, outcomes);
}

/** The items' outcomes, and the send lag of the messages that went out now. */
export function noteOutcomes(
  deps: EngineDeps,
  items: Locked[],
  s: Settlement[],
  results: SendResult[],
  now: Date,
  outcomes: Map<string, SendOutcome>,
): void {
  for (const [i, it] of items.entries()) {
    outcomes.set(it.id, s[i].outcome);
    // the lag of messages that went out now (not of ledger recoveries of an earlier send)
    if (results[i].status === "sent")
      deps.metrics?.observe(
        "baton_engine_send_lag_seconds",
        Math.max(0, now.getTime() - new Date(it.scheduled_at).getTime()) / 1000,
      );
  }
}

/**
 * PGlite: sends up to `batch` due approved email items claimed with a lease (and the items `handed`
 * to this pass, claimed as they were staged); returns the outcome of each one handled. Nothing is
 * sent without a channel. On PostgreSQL an item's claim is its row lock instead (send-locked.ts).
 */
export async function sendDue(
  deps: EngineDeps,
  now: Date,
  opts: {
    workerId: string;
    batch: number;
    clock?: () => Date;
    /** Items this worker already claimed (approved and claimed as they were staged in this pass). */
    handed?: Claimed[];
    /** false: send only the handed items, claim none (default: claim up to `batch` more) */
    claim?: boolean;
  },
): Promise<SendOutcome[]> {
  if (!deps.email) return [];
  // what happened after the deliveries is recorded at the time it happened
  const after = () => opts.clock?.() ?? now;
  const claimed = [
    ...(opts.handed ?? []),
    ...(opts.claim === false
      ? []
      : await claimDueSends(deps.db, now, {
          ...opts,
          leaseMs: deps.claimLeaseMs,
          metrics: deps.metrics,
        })),
  ];
  const outcomes = new Map<string, SendOutcome>();
  for (const [clientId, ids] of byClient(claimed)) {
    // one connection, and the channel's ledger needs it, so gate, send, then settle
    const allowed = await deps.db
      .transaction()
      .execute(async (tx) =>
        gate(tx, clientId, await lockClaimed(tx, clientId, ids, opts.workerId), now, outcomes),
      );
    const results = await deliver(deps, allowed, now);
    await deps.db.transaction().execute(async (tx) => {
      const still = await lockClaimed(
        tx,
        clientId,
        allowed.map((i) => i.id),
        opts.workerId,
      );
      const keep = new Set(still.items.map((i) => i.id));
      await settle(
        deps,
        tx,
        clientId,
        allowed.filter((i) => keep.has(i.id)),
        results.filter((_, i) => keep.has(allowed[i].id)),
        after(),
        outcomes,
        still.contacts,
      );
    });
  }
  return [...outcomes.values()];
}
