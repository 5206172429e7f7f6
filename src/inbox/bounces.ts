// spec 002 "Bounces and SMTP failures mark the item failed with the error": a bounce that arrives
// after the server accepted the message (a DSN, or an email provider's bounce webhook) fails the
// delivery in the ledger (the key is never sent again) and the send item, with the bounce's words,
// and the event log explains it. The touch stays recorded: it was made, and it counts toward caps.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { recordBounce } from "../channels/index.ts";
import { lockContactsOf } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents, lineageOf } from "../event-log/index.ts";

export interface BounceInput {
  messageId: string;
  error: string;
  /** A soft bounce (mailbox full, try later); the item is failed either way, never resent. */
  transient?: boolean;
}

export interface BounceResult {
  message_id: string;
  send_item_id: string | null;
  status: "failed";
  error: string;
  /** true: this bounce was recorded before; nothing changed. */
  already_recorded: boolean;
}

/** Who may report bounces: agents and mail integrations (agent tokens), RevOps, admins. */
export const BOUNCE_ROLES = ["revops", "admin"] as const;

export async function processBounce(
  db: Kysely<DB>,
  actor: Principal,
  input: BounceInput,
  now: Date,
): Promise<BounceResult> {
  if (actor.kind !== "agent" && !hasRole(actor, ...BOUNCE_ROLES)) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "report bounces",
      required: `an agent token or the ${BOUNCE_ROLES.join(" or ")} role`,
    });
  }
  const clientId = actor.clientId;
  const error = `bounced: ${input.error}`.slice(0, 500);
  return db.transaction().execute(async (tx) => {
    const delivery = await tx
      .selectFrom("channel_deliveries")
      .select(["idempotency_key", "status", "error"])
      .where("client_id", "=", clientId)
      .where("message_id", "=", input.messageId)
      .executeTakeFirst();
    if (!delivery) throw new BatonError("NOT_FOUND", { entity: "message", id: input.messageId });
    const item = await tx
      .selectFrom("sales_send_queue")
      .select("id")
      .where("client_id", "=", clientId)
      .where("idempotency_key", "=", delivery.idempotency_key)
      .executeTakeFirst();
    // lock order: the contact, then the item
    if (item) await lockContactsOf(tx, clientId, { sendItemIds: [item.id] });
    const locked = item
      ? await tx
          .selectFrom("sales_send_queue as q")
          .innerJoin("campaign_contacts as e", (j) =>
            j.onRef("e.client_id", "=", "q.client_id").onRef("e.id", "=", "q.enrollment_id"),
          )
          .select([
            "q.id",
            "q.status",
            "q.error",
            "q.contact_id",
            "q.campaign_id",
            "q.enrollment_id",
            "q.step_number",
            "q.channel",
            "q.play_id",
            "q.originating_proposal_id",
            "e.sequence_type",
            "e.originating_agent_id",
          ])
          .where("q.client_id", "=", clientId)
          .where("q.id", "=", item.id)
          .forUpdate("q")
          .executeTakeFirstOrThrow()
      : null;
    // check twice: a concurrent report of the same bounce (a provider's retry) may have committed
    // while this one waited for the item's lock; read the delivery again under it
    const current = locked
      ? await tx
          .selectFrom("channel_deliveries")
          .select(["status", "error"])
          .where("client_id", "=", clientId)
          .where("idempotency_key", "=", delivery.idempotency_key)
          .executeTakeFirstOrThrow()
      : delivery;
    if (current.status === "failed" && current.error === error) {
      return {
        message_id: input.messageId,
        send_item_id: locked?.id ?? null,
        status: "failed",
        error,
        already_recorded: true,
      };
    }
    await recordBounce(tx, { clientId, ...input }, now);
    if (locked) {
      await tx
        .updateTable("sales_send_queue")
        .set({ status: "failed", error, updated_at: now })
        .where("client_id", "=", clientId)
        .where("id", "=", locked.id)
        .execute();
      await appendEvents(tx, [
        {
          client_id: clientId,
          occurred_at: now,
          contact_id: locked.contact_id,
          enrollment_id: locked.enrollment_id,
          campaign_id: locked.campaign_id,
          send_item_id: locked.id,
          step_number: locked.step_number,
          sequence_type: locked.sequence_type,
          channel: locked.channel,
          event_type: "bounce",
          resolution: input.transient ? "soft_bounce" : "hard_bounce",
          actor_principal_id: actor.kind === "person" ? actor.principalId : null,
          lineage: lineageOf(locked),
          details: {
            kind: "bounce",
            message_id: input.messageId,
            error: input.error,
            transient: input.transient ?? false,
            item_status_before: locked.status,
          },
        },
      ]);
    }
    return {
      message_id: input.messageId,
      send_item_id: locked?.id ?? null,
      status: "failed",
      error,
      already_recorded: false,
    };
  });
}
