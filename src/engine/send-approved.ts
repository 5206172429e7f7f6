// Sending (spec 002 "Channels", spec 001 "gates 1 and 3 again at send time"): an approved email
// item is locked, gated again, sent through the channel with its idempotency key, and marked sent
// with its touch recorded. On PostgreSQL all of that is ONE transaction, so an opt-out that commits
// first wins. The channel writes its ledger row (key → sending) on its own connection before SMTP,
// so a crash between that and our commit leaves the item approved; the retry meets the ledger:
// 'sent' → we record the touch that happened, 'sending' → a clearly marked unknown outcome, never
// a second message. PGlite has one connection, so there the send runs between two transactions.
import type { Kysely } from "kysely";
import type { OutboundEmail, SendResult } from "../channels/channel.ts";
import type { DB } from "../db/database.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { recordManualOrSentTouch } from "./record-touch.ts";
import { addDays } from "./schedule.ts";
import type { SendItem } from "./stage-draft.ts";

export const OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

export type SendOutcome = "sent" | "held" | "blocked" | "deferred" | "retry" | "failed" | "unknown";

/** Locks the next due approved email item (skipping locked ones), or none. */
async function lockNextDue(tx: Kysely<DB>, now: Date, only?: string) {
  let q = tx
    .selectFrom("sales_send_queue as q")
    .innerJoin("staged_drafts as d", "d.id", "q.staged_draft_id")
    .select([
      "q.id",
      "q.client_id",
      "q.idempotency_key",
      "q.attempts",
      "d.to_id",
      "d.subject",
      "d.body",
      "q.campaign_id",
      "q.contact_id",
    ])
    .where("q.status", "=", "approved")
    .where("q.channel", "=", "email")
    .where("q.scheduled_at", "<=", now)
    .where("d.status", "=", "approved")
    .where("d.requires_personal_send", "=", false);
  if (only) q = q.where("q.id", "=", only);
  return q.orderBy("q.scheduled_at").limit(1).forUpdate("q").skipLocked().executeTakeFirst();
}

type Locked = NonNullable<Awaited<ReturnType<typeof lockNextDue>>>;

async function message(tx: Kysely<DB>, it: Locked): Promise<OutboundEmail> {
  const c = await tx
    .selectFrom("campaigns")
    .select(["kind", "slug"])
    .where("id", "=", it.campaign_id)
    .executeTakeFirst();
  return {
    clientId: it.client_id,
    to: it.to_id,
    subject: it.subject ?? "",
    text: it.body,
    headers: { "X-Baton-Send-Item": it.id, "X-Baton-Idempotency-Key": it.idempotency_key },
    idempotencyKey: it.idempotency_key,
    // the channel adds the signed one-click List-Unsubscribe headers for this contact (RFC 8058)
    contactId: it.contact_id,
    transactional: c?.kind === "transactional",
  };
}

/** Gate at send time: hold → later, block → cancelled. Returns true when allowed. */
async function gate(deps: EngineDeps, tx: Kysely<DB>, it: Locked, now: Date): Promise<SendOutcome | null> {
  const d = await deps.coordinator.gateSend(tx, { clientId: it.client_id, sendItemId: it.id }, now);
  if (d.action === "allow") return null;
  if (d.action === "block") {
    await tx
      .updateTable("sales_send_queue")
      .set({ status: "cancelled", error: `blocked at send: ${d.reason}`, updated_at: now })
      .where("id", "=", it.id)
      .execute();
    return "blocked";
  }
  await tx
    .updateTable("sales_send_queue")
    .set({ scheduled_at: d.until ?? addDays(now, 1), updated_at: now })
    .where("id", "=", it.id)
    .execute();
  return "held";
}

/** Applies the channel's answer to the locked item (inside a transaction). */
async function settle(
  deps: EngineDeps,
  tx: Kysely<DB>,
  it: { id: string; client_id: string; idempotency_key: string; attempts: number },
  r: SendResult,
  now: Date,
): Promise<SendOutcome> {
  const set = (v: Partial<Pick<SendItem, "status" | "error" | "scheduled_at" | "sent_at" | "attempts">>) =>
    tx
      .updateTable("sales_send_queue")
      .set({ ...v, updated_at: now })
      .where("id", "=", it.id)
      .execute();
  switch (r.status) {
    case "sent":
      await set({ status: "sent", sent_at: now, error: null, attempts: it.attempts + 1 });
      await recordManualOrSentTouch(deps, tx, it.client_id, it.id, now);
      return "sent";
    case "duplicate": {
      // the key was used before (a worker died after the channel claimed it): never send twice.
      // The ledger says 'sent:<message-id>' when the message went out and only our commit was lost.
      if (r.previous.startsWith("sent")) {
        await set({ status: "sent", sent_at: now, error: null });
        await recordManualOrSentTouch(deps, tx, it.client_id, it.id, now);
        return "sent";
      }
      await set({
        status: "failed",
        error: `${OUTCOME_UNKNOWN}: a send with key ${it.idempotency_key} started but its result was never recorded (ledger: ${r.previous}); not resent. Check the mailbox before sending by hand.`,
      });
      return "unknown";
    }
    case "deferred":
      await set({ scheduled_at: r.retryAt, error: r.error });
      return "deferred";
    case "failed": {
      const attempts = it.attempts + 1;
      if (r.transient && attempts < deps.maxSendAttempts) {
        // transient only: back off 1, 2, 4, 8 minutes
        const wait = 60_000 * 2 ** (attempts - 1);
        await set({ attempts, error: r.error, scheduled_at: new Date(now.getTime() + wait) });
        return "retry";
      }
      await set({ attempts, status: "failed", error: r.error });
      return "failed";
    }
  }
}

/** Sends one due approved email item; null when none is due. */
export async function sendNextDue(
  deps: EngineDeps,
  now: Date,
  onlyItem?: string,
): Promise<SendOutcome | null> {
  const email = deps.email;
  if (!email) return null;
  if (deps.dbKind !== "pglite") {
    return deps.db.transaction().execute(async (tx) => {
      const it = await lockNextDue(tx, now, onlyItem);
      if (!it) return null;
      const gated = await gate(deps, tx, it, now);
      if (gated) return gated;
      const r = await email.send(await message(tx, it), now);
      return settle(deps, tx, it, r, now);
    });
  }
  // PGlite: one connection, and the channel's ledger needs it, so gate+claim, send, settle.
  const claimed = await deps.db.transaction().execute(async (tx) => {
    const it = await lockNextDue(tx, now, onlyItem);
    if (!it) return null;
    const gated = await gate(deps, tx, it, now);
    if (gated) return { gated };
    // keep other loops away while the message is on its way (one process on PGlite anyway)
    await tx
      .updateTable("sales_send_queue")
      .set({ scheduled_at: new Date(now.getTime() + deps.claimLeaseMs) })
      .where("id", "=", it.id)
      .execute();
    return { it, msg: await message(tx, it) };
  });
  if (!claimed) return null;
  if ("gated" in claimed) return claimed.gated ?? null;
  const r = await email.send(claimed.msg, now);
  return deps.db.transaction().execute(async (tx) => {
    await tx
      .selectFrom("sales_send_queue")
      .select("id")
      .where("id", "=", claimed.it.id)
      .forUpdate()
      .execute();
    return settle(deps, tx, claimed.it, r, now);
  });
}
