// notify(): the one way any module tells a person, a role or an agent something (spec 001: the
// ABM backstop notifies the originating agent, T3 routing errors go to AGT-202, proactive flags
// notify reps and managers). It writes the outbox row and one pending delivery per matching
// webhook, in the caller's transaction, so a notification exists exactly when its cause commits.
import type { Kysely } from "kysely";
import type { Role } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { executeBatch } from "../db/pipelined-driver.ts";
import type { RecipientKind } from "./periphery-tables.ts";

export type Recipient = { principalId: string } | { role: Role } | { agentId: string };

export interface NotifyInput {
  clientId: string;
  /** Dotted lower-case kind, e.g. 'flag.stall', 'coordinator.abm_suppression'. Webhooks subscribe by kind. */
  kind: string;
  recipient: Recipient;
  payload: Record<string, unknown>;
  /** When it happened (time is a parameter); the database clock when omitted. */
  now?: Date;
}

export function recipientColumns(r: Recipient): { recipient_kind: RecipientKind; recipient: string } {
  if ("principalId" in r) return { recipient_kind: "principal", recipient: r.principalId };
  if ("role" in r) return { recipient_kind: "role", recipient: r.role };
  return { recipient_kind: "agent", recipient: r.agentId };
}

/** A webhook's event_types: empty or '*' = all; 'flag.stall' exact; 'flag.*' a prefix. */
export function webhookWantsKind(eventTypes: readonly string[], kind: string): boolean {
  if (eventTypes.length === 0) return true;
  return eventTypes.some(
    (t) => t === "*" || t === kind || (t.endsWith(".*") && kind.startsWith(t.slice(0, -1))),
  );
}

export async function notify(tx: Kysely<DB>, input: NotifyInput): Promise<{ notificationId: number }> {
  // the outbox row and the tenant's webhooks in one round trip (the read does not depend on the row)
  const [[row], hooks] = await executeBatch(tx, [
    tx
      .insertInto("notification_outbox")
      .values({
        client_id: input.clientId,
        kind: input.kind,
        ...recipientColumns(input.recipient),
        payload: JSON.stringify(input.payload),
        ...(input.now ? { created_at: input.now } : {}),
      })
      .returning(["notification_id", "created_at"])
      .compile(),
    tx
      .selectFrom("notification_webhooks")
      .select(["webhook_id", "event_types"])
      .where("client_id", "=", input.clientId)
      .where("enabled", "=", true)
      .compile(),
  ]);
  if (!row) throw new Error("notify: the outbox insert returned no row");
  const wanted = hooks.filter((h) => webhookWantsKind(h.event_types, input.kind));
  if (wanted.length > 0) {
    await tx
      .insertInto("notification_deliveries")
      .values(
        wanted.map((h) => ({
          client_id: input.clientId,
          notification_id: row.notification_id,
          webhook_id: h.webhook_id,
          next_attempt_at: row.created_at,
          created_at: row.created_at,
        })),
      )
      .execute();
  }
  return { notificationId: Number(row.notification_id) };
}
