// Webhooks per tenant (spec 001: notifications go to webhooks configured per tenant). RevOps and
// admins manage them. The signing secret is write-only: reads show its last four characters.
// A URL is checked when it is stored (its host resolved, every address public: docs/operations.md,
// Webhook address policy) and again at each delivery (drain-notifications.ts).
import type { Kysely, Selectable } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { NotificationWebhooksTable } from "./periphery-tables.ts";
import {
  resolveWebhookTarget,
  STRICT_WEBHOOK_POLICY,
  type WebhookAddressPolicy,
} from "./resolve-webhook-target.ts";

export interface WebhookView {
  webhook_id: string;
  url: string;
  event_types: string[];
  enabled: boolean;
  description: string;
  secret_hint: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookInput {
  url?: string;
  secret?: string;
  event_types?: string[];
  enabled?: boolean;
  description?: string;
}

export function toWebhookView(row: Selectable<NotificationWebhooksTable>): WebhookView {
  return {
    webhook_id: row.webhook_id,
    url: row.url,
    event_types: row.event_types,
    enabled: row.enabled,
    description: row.description,
    secret_hint: `…${row.secret.slice(-4)}`,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const manage = (p: Principal, action: string) => requireRole(p, action, "revops", "admin");

export async function createWebhook(
  db: Kysely<DB>,
  actor: Principal,
  input: WebhookInput & { url: string; secret: string },
  now: Date,
  policy: WebhookAddressPolicy = STRICT_WEBHOOK_POLICY,
): Promise<WebhookView> {
  manage(actor, "configure webhooks");
  await resolveWebhookTarget(input.url, policy);
  const row = await db
    .insertInto("notification_webhooks")
    .values({
      client_id: actor.clientId,
      url: input.url,
      secret: input.secret,
      event_types: input.event_types ?? [],
      enabled: input.enabled ?? true,
      description: input.description ?? "",
      created_by: actor.kind === "person" ? actor.principalId : null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(rethrowDb);
  return toWebhookView(row);
}

export async function listWebhooks(db: Kysely<DB>, actor: Principal): Promise<WebhookView[]> {
  manage(actor, "list webhooks");
  const rows = await db
    .selectFrom("notification_webhooks")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .orderBy("created_at")
    .execute();
  return rows.map(toWebhookView);
}

export async function getWebhook(db: Kysely<DB>, actor: Principal, webhookId: string): Promise<WebhookView> {
  manage(actor, "read webhooks");
  const row = await db
    .selectFrom("notification_webhooks")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .where("webhook_id", "=", webhookId)
    .executeTakeFirst();
  if (!row) throw new BatonError("NOT_FOUND", { entity: "webhook", id: webhookId });
  return toWebhookView(row);
}

export async function updateWebhook(
  db: Kysely<DB>,
  actor: Principal,
  webhookId: string,
  input: WebhookInput,
  now: Date,
  policy: WebhookAddressPolicy = STRICT_WEBHOOK_POLICY,
): Promise<WebhookView> {
  manage(actor, "configure webhooks");
  if (input.url !== undefined) await resolveWebhookTarget(input.url, policy);
  const row = await db
    .updateTable("notification_webhooks")
    .set({
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.secret !== undefined ? { secret: input.secret } : {}),
      ...(input.event_types !== undefined ? { event_types: input.event_types } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      updated_at: now,
    })
    .where("client_id", "=", actor.clientId)
    .where("webhook_id", "=", webhookId)
    .returningAll()
    .executeTakeFirst()
    .catch(rethrowDb);
  if (!row) throw new BatonError("NOT_FOUND", { entity: "webhook", id: webhookId });
  return toWebhookView(row);
}

/** Deleting a webhook drops its pending deliveries with it (on delete cascade). */
export async function deleteWebhook(db: Kysely<DB>, actor: Principal, webhookId: string): Promise<void> {
  manage(actor, "delete webhooks");
  const res = await db
    .deleteFrom("notification_webhooks")
    .where("client_id", "=", actor.clientId)
    .where("webhook_id", "=", webhookId)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0)
    throw new BatonError("NOT_FOUND", { entity: "webhook", id: webhookId });
}
