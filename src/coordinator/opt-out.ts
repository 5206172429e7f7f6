// Opt-out propagation (spec 001 Purpose: "compliance — unsubscribe and opt-out propagation is
// AGT-302's responsibility"). ONE transaction: set the flag, terminate every live enrollment,
// cancel every unsent send item and pending draft, log it. Idempotent. Nothing is sent after it
// commits, because gateSend locks the same contact row and re-reads the flags.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import type { OptOut } from "./contract.ts";
import { lockContact } from "./snapshot/lock-contact.ts";

const UNSENT = ["pending", "drafted", "approved"] as const;

export const optOut: OptOut = async (db, actor, req, now) => {
  const run = async (tx: Kysely<DB>) => {
    const contact = await lockContact(tx, req.clientId, req.contactId);
    const flagColumn = req.flag === "unsubscribe" ? "unsubscribe_flag" : "opt_out_flag";
    const alreadyFlagged = req.flag === "unsubscribe" ? contact.unsubscribeFlag : contact.optOutFlag;
    await tx
      .updateTable("contacts")
      .set((eb) => ({
        [flagColumn]: true,
        opted_out_at: eb.fn.coalesce("opted_out_at", eb.val(now)),
        active_sequence_id: null,
        updated_at: now,
      }))
      .where("client_id", "=", req.clientId)
      .where("contact_id", "=", req.contactId)
      .execute();
    const ended = await tx
      .updateTable("campaign_contacts")
      .set({
        status: "opted_out",
        exited_at: now,
        exit_reason: `${req.flag}:${req.source}`,
        next_send_at: null,
        updated_at: now,
      })
      .where("client_id", "=", req.clientId)
      .where("contact_id", "=", req.contactId)
      .where("status", "in", ["queued", "active", "paused"])
      .returning("id")
      .execute();
    const items = await tx
      .updateTable("sales_send_queue")
      .set({ status: "cancelled", error: `${req.flag}:${req.source}`, updated_at: now })
      .where("client_id", "=", req.clientId)
      .where("contact_id", "=", req.contactId)
      .where("status", "in", UNSENT)
      .returning(["id", "staged_draft_id"])
      .execute();
    const drafts = await tx
      .updateTable("staged_drafts")
      .set({ status: "cancelled", reject_reason: `${req.flag}:${req.source}` })
      .where("client_id", "=", req.clientId)
      .where("status", "=", "pending")
      .where((eb) =>
        eb.or([
          eb(
            "send_item_id",
            "in",
            eb
              .selectFrom("sales_send_queue")
              .select("id")
              .where("client_id", "=", req.clientId)
              .where("contact_id", "=", req.contactId),
          ),
          eb(
            "id",
            "in",
            eb
              .selectFrom("sales_send_queue")
              .select("staged_draft_id")
              .where("client_id", "=", req.clientId)
              .where("contact_id", "=", req.contactId)
              .where("staged_draft_id", "is not", null),
          ),
        ]),
      )
      .returning("id")
      .execute();
    const changed = !alreadyFlagged || ended.length > 0 || items.length > 0 || drafts.length > 0;
    if (changed) {
      await appendEvents(tx, [
        {
          client_id: req.clientId,
          occurred_at: now,
          contact_id: req.contactId,
          account_id: contact.accountId,
          event_type: "opted_out",
          coordinator_action: "block",
          resolution: `${req.flag}_propagated`,
          gate: 1,
          compliance_status: "blocked",
          suppressed_reason: "compliance_block",
          actor_principal_id: actor?.principalId ?? null,
          originating_agent_id: actor?.agentId ?? null,
          lineage: NO_LINEAGE,
          details: {
            kind: "opt_out",
            flag: req.flag,
            source: req.source,
            // sorted: RETURNING gives the rows in their physical order, which differs between databases
            enrollments_terminated: ended.map((e) => e.id).sort(),
            items_cancelled: items.map((i) => i.id).sort(),
            drafts_cancelled: drafts.map((d) => d.id).sort(),
          },
        },
      ]);
    }
    return {
      alreadyOptedOut: contact.unsubscribeFlag || contact.optOutFlag,
      enrollmentsTerminated: ended.length,
      itemsCancelled: items.length,
    };
  };
  return db.isTransaction ? run(db) : retryOnLockConflict(() => db.transaction().execute(run));
};

/**
 * A worker that locked an enrollment or a send item before the contact (the other lock order)
 * can deadlock with an opt-out; PostgreSQL aborts one of the two. An opt-out must not be lost to
 * that, so when it owns its transaction it retries on deadlock / serialization failure.
 */
export async function retryOnLockConflict<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as { code?: string })?.code;
      if (i >= attempts || (code !== "40P01" && code !== "40001")) throw e;
      await new Promise((r) => setTimeout(r, 5 * i));
    }
  }
}
