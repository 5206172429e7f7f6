// `baton mailboxes inbox sync`: one pass over one mailbox now (read everything above the cursor,
// then stop), under the same lease as the workers, so it never reads beside a worker.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { claimInboxById, releaseInbox } from "./inbox-lease.ts";
import { noInboxMetrics } from "./inbox-metrics.ts";
import { ensureInboxPrincipal } from "./inbox-principal.ts";
import { runMailboxSession } from "./ingest-mailbox.ts";
import { INBOX_MANAGER_ROLES } from "./manage-inboxes.ts";
import { inboxErrorMessage, recordInboxError } from "./record-inbox-error.ts";

export async function syncInboxOnce(
  db: Kysely<DB>,
  actor: Principal,
  mailbox: string,
  o: { secret: string; secretEnv: Record<string, string>; softBounceLimit: number; now: () => Date },
): Promise<{ mailbox: string; processed: number; last_uid: string }> {
  requireRole(actor, "sync mailboxes", ...INBOX_MANAGER_ROLES);
  const row = await db
    .selectFrom("mailbox_inboxes")
    .select(["id", "processed_count"])
    .where("client_id", "=", actor.clientId)
    .where("mailbox", "=", mailbox.toLowerCase())
    .executeTakeFirst();
  if (!row) throw new BatonError("NOT_FOUND", { entity: "mailbox", id: mailbox });
  const workerId = `sync-${process.pid}`;
  const claimed = await claimInboxById(db, actor.clientId, row.id, workerId, 60_000, o.now());
  if (!claimed) throw new BatonError("INBOX_BUSY", { mailbox });
  try {
    await runMailboxSession(
      db,
      claimed,
      {
        actor: await ensureInboxPrincipal(db, actor.clientId),
        softBounceLimit: o.softBounceLimit,
        metrics: noInboxMetrics,
        secret: o.secret,
      },
      {
        workerId,
        leaseMs: 60_000,
        pollMs: 1000,
        secret: o.secret,
        secretEnv: o.secretEnv,
        clock: o.now,
        stopped: new Promise(() => {}),
        isStopped: () => false,
        once: true,
      },
    );
  } catch (e) {
    if (isBatonError(e)) throw e;
    await recordInboxError(db, claimed, e, o.now());
    throw new BatonError("INBOX_SYNC_FAILED", { mailbox, why: inboxErrorMessage(e) });
  } finally {
    await releaseInbox(db, claimed, workerId);
  }
  const after = await db
    .selectFrom("mailbox_inboxes")
    .select(["processed_count", "last_uid"])
    .where("client_id", "=", actor.clientId)
    .where("id", "=", row.id)
    .executeTakeFirstOrThrow();
  return {
    mailbox: mailbox.toLowerCase(),
    processed: Number(after.processed_count) - Number(row.processed_count),
    last_uid: String(after.last_uid),
  };
}
