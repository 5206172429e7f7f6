// The outbox drainer: claims due webhook deliveries, POSTs each signed notification, and marks
// it delivered, or schedules a retry with backoff, or marks it failed after maxAttempts.
// Claims go one tenant at a time (src/db/tenant-claims.ts), each a statement naming the tenant.
// No transaction is held across the network: the claim pushes next_attempt_at out by a lease,
// so a crashed drainer's deliveries are retried when the lease ends (at least once; receivers
// de-duplicate on the Baton-Delivery header).
// Each delivery checks its URL's addresses again (docs/operations.md, Webhook address policy) and
// connects to the address it checked; a refused address, a redirect or a receiver's error is a
// failed attempt whose reason is recorded in last_error.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { claimAcrossTenants, dueTenants } from "../db/tenant-claims.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { type PostWebhook, postWebhook } from "./post-webhook.ts";
import {
  resolveWebhookTarget,
  STRICT_WEBHOOK_POLICY,
  type WebhookAddressPolicy,
} from "./resolve-webhook-target.ts";
import { backoffSeconds, SIGNATURE_HEADER, signPayload } from "./sign-payload.ts";

export interface DrainOptions {
  batch?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  leaseSeconds?: number;
  /** which addresses a delivery may reach (config.webhooks; default: public addresses only) */
  addressPolicy?: WebhookAddressPolicy;
  /** the POST itself (tests replace it); default: post-webhook.ts, pinned to the checked address */
  post?: PostWebhook;
}

export interface DrainResult {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
}

interface Claimed {
  delivery_id: string;
  attempts: number;
  notification_id: string | number;
  client_id: string;
  kind: string;
  recipient_kind: string;
  recipient: string;
  payload: unknown;
  created_at: Date | string;
  url: string;
  secret: string;
}

export async function drainNotifications(
  db: Kysely<DB>,
  now: Date,
  opts: DrainOptions = {},
): Promise<DrainResult> {
  const batch = opts.batch ?? 20;
  const maxAttempts = opts.maxAttempts ?? 8;
  const lease = opts.leaseSeconds ?? 300;
  const post = opts.post ?? postWebhook;
  const policy = opts.addressPolicy ?? STRICT_WEBHOOK_POLICY;
  const leaseUntil = new Date(now.getTime() + lease * 1000);
  // the tenants with due deliveries, the earliest due first (read-only), then a claim per tenant
  // (src/db/tenant-claims.ts: on Citus a FOR UPDATE runs only in a statement routed to one tenant)
  const tenants = await dueTenants(
    db,
    sql<{ client_id: string }>`
      select d.client_id from notification_deliveries d
      join notification_webhooks w on w.client_id = d.client_id and w.webhook_id = d.webhook_id and w.enabled
      where d.status = 'pending' and d.next_attempt_at <= ${now}
      group by d.client_id
      order by min(d.next_attempt_at), d.client_id
      limit ${batch}`,
  );
  const claimed = await claimAcrossTenants(tenants, batch, async (clientId, n) => {
    const r = await sql<Claimed>`
      with due as (
        select d.client_id, d.delivery_id from notification_deliveries d
        join notification_webhooks w on w.client_id = d.client_id and w.webhook_id = d.webhook_id and w.enabled
        where d.client_id = ${clientId} and d.status = 'pending' and d.next_attempt_at <= ${now}
        order by d.next_attempt_at
        limit ${n}
        for update of d skip locked
      ), claimed as (
        update notification_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}
        from due where d.client_id = ${clientId} and d.delivery_id = due.delivery_id
        returning d.client_id, d.delivery_id, d.attempts, d.notification_id, d.webhook_id
      )
      select c.delivery_id, c.attempts, o.notification_id, o.client_id, o.kind, o.recipient_kind,
             o.recipient, o.payload, o.created_at, w.url, w.secret
      from claimed c
      join notification_outbox o on o.client_id = c.client_id and o.notification_id = c.notification_id
      join notification_webhooks w on w.client_id = c.client_id and w.webhook_id = c.webhook_id
      where o.client_id = ${clientId} and w.client_id = ${clientId}`.execute(db);
    return r.rows;
  });

  const result: DrainResult = { claimed: claimed.length, delivered: 0, retrying: 0, failed: 0 };
  for (const c of claimed) {
    const body = JSON.stringify({
      delivery_id: c.delivery_id,
      notification_id: Number(c.notification_id),
      client_id: c.client_id,
      kind: c.kind,
      recipient: { kind: c.recipient_kind, id: c.recipient },
      payload: c.payload,
      created_at: new Date(c.created_at).toISOString(),
    });
    let status: number | null = null;
    let error: string | null = null;
    try {
      const target = await resolveWebhookTarget(c.url, policy);
      status = await post(target, {
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signPayload(c.secret, Math.floor(now.getTime() / 1000), body),
          "baton-delivery": c.delivery_id,
          "baton-event": c.kind,
        },
        body,
        timeoutMs: opts.timeoutMs ?? 10_000,
      });
      if (status >= 300 && status < 400) error = `HTTP ${status}: redirects are not followed`;
      else if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      // the message names the failure (refused address, refused connection, timeout), never the
      // secret or the signature
      const name = (e as Error).name;
      error = isBatonError(e)
        ? `${e.code}: ${e.message}`.slice(0, 300)
        : name === "TimeoutError" || name === "AbortError"
          ? "timeout"
          : String((e as Error).message).slice(0, 200);
    }
    if (error === null) {
      await db
        .updateTable("notification_deliveries")
        .set({ status: "delivered", delivered_at: now, last_status_code: status, last_error: null })
        .where("client_id", "=", c.client_id)
        .where("delivery_id", "=", c.delivery_id)
        .execute();
      result.delivered++;
    } else if (c.attempts >= maxAttempts) {
      await db
        .updateTable("notification_deliveries")
        .set({ status: "failed", last_status_code: status, last_error: error })
        .where("client_id", "=", c.client_id)
        .where("delivery_id", "=", c.delivery_id)
        .execute();
      result.failed++;
    } else {
      await db
        .updateTable("notification_deliveries")
        .set({
          next_attempt_at: new Date(now.getTime() + backoffSeconds(c.attempts) * 1000),
          last_status_code: status,
          last_error: error,
        })
        .where("client_id", "=", c.client_id)
        .where("delivery_id", "=", c.delivery_id)
        .execute();
      result.retrying++;
    }
  }
  return result;
}
