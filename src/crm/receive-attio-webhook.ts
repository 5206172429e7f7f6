// A delivery of Attio's webhook (issue 71 item 5; docs/adapters.md "Attio → Baton"), posted to
// POST /api/v1/inbound/crm/attio/{id}, the URL Baton registered (attio-webhook.ts). Attio signs the
// body (as a UTF-8 string) with HMAC-SHA256 under the webhook's secret, hex, in Attio-Signature
// (also sent as X-Attio-Signature), and sends an Idempotency-Key that is the same for a message's
// retries (docs.attio.com rest-api/guides/webhooks). Nothing acts before the signature verifies
// (constant time) over the raw bytes. Then the delivery must name this URL's Attio webhook and
// workspace; its Idempotency-Key seen before is Attio's retry (answered, nothing applied again);
// the same signed body under another key within 10 minutes is a replay (refused). Attio signs no
// time, so no delivery can be judged stale by a clock: an event only names a record, and Baton
// reads the record's current state through the API (the poll's query, readAttioPeople), so a late
// or repeated event can only make Baton read the truth again. The changes are applied as the
// poll's (applyCrmChanges): a change heard by webhook and poll is one change, one signal.
// Events of other objects, and records this workspace never linked, change nothing (no API call).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applyCrmChanges } from "./apply-crm-changes.ts";
import { ATTIO_WEBHOOK_EVENTS, type AttioApi, attioWebhookOf } from "./attio-webhook.ts";

/** The same signed body again under another Idempotency-Key within this is a replay. */
export const ATTIO_REPLAY_WINDOW_MS = 10 * 60_000;
/** Deliveries are remembered this long (Attio retries a message for about three days). */
export const ATTIO_DELIVERY_KEEP_MS = 4 * 24 * 3_600_000;
const MAX_EVENTS = 100;

export interface AttioDelivery {
  /** the id in the receiving URL */
  id: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface AttioReceived {
  received: number;
  applied: number;
  unmatched: number;
  /** events of another object or type: nothing to read */
  ignored: number;
  /** Attio's retry of a delivery already applied (its Idempotency-Key): nothing applied again */
  duplicate: boolean;
}

interface AttioEvent {
  event_type: string;
  id: { workspace_id: string; object_id?: string; record_id?: string };
}

const provider = "attio";

function header(h: AttioDelivery["headers"], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Throws WEBHOOK_SIGNATURE_INVALID unless Attio-Signature is the body's HMAC under the secret. */
export function verifyAttioSignature(secret: string, d: Pick<AttioDelivery, "headers" | "rawBody">): void {
  const sig = (header(d.headers, "attio-signature") ?? header(d.headers, "x-attio-signature"))?.trim();
  if (!sig) throw new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider, why: "no Attio-Signature header" });
  if (!/^[0-9a-f]{64}$/i.test(sig))
    throw new BatonError("WEBHOOK_SIGNATURE_INVALID", {
      provider,
      why: "the signature is not a hex SHA-256",
    });
  const want = createHmac("sha256", secret).update(d.rawBody).digest();
  if (!timingSafeEqual(Buffer.from(sig, "hex"), want))
    throw new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider, why: "the signature does not match" });
}

function parseDelivery(raw: Buffer): { webhookId: string; events: AttioEvent[] } {
  const invalid = (why: string) => new BatonError("CRM_WEBHOOK_PAYLOAD_INVALID", { provider, why });
  let body: { webhook_id?: unknown; events?: unknown };
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw invalid("the body is not JSON");
  }
  if (typeof body !== "object" || body === null || typeof body.webhook_id !== "string")
    throw invalid("no webhook_id");
  if (!Array.isArray(body.events) || body.events.length === 0 || body.events.length > MAX_EVENTS)
    throw invalid(`events is not a list of 1 to ${MAX_EVENTS} events`);
  for (const e of body.events as Array<Record<string, any>>) {
    const id = e?.id;
    if (
      typeof e?.event_type !== "string" ||
      typeof id !== "object" ||
      id === null ||
      typeof id.workspace_id !== "string" ||
      (id.record_id !== undefined && typeof id.record_id !== "string") ||
      (id.object_id !== undefined && typeof id.object_id !== "string")
    )
      throw invalid("an event lacks event_type or id.workspace_id");
  }
  return { webhookId: body.webhook_id, events: body.events as AttioEvent[] };
}

/** The delivery's key seen before, or its body seen under another key within the replay window. */
async function seenBefore(
  db: Kysely<DB>,
  hook: { client_id: string; id: string },
  key: string,
  bodyHash: string,
  now: Date,
): Promise<"duplicate" | { age_s: number } | null> {
  const rows = await db
    .selectFrom("attio_webhook_deliveries")
    .select(["idempotency_key", "received_at"])
    .where("client_id", "=", hook.client_id)
    .where("webhook_id", "=", hook.id)
    .where((w) =>
      w.or([
        w("idempotency_key", "=", key),
        w.and([
          w("body_sha256", "=", bodyHash),
          w("received_at", ">", new Date(now.getTime() - ATTIO_REPLAY_WINDOW_MS)),
        ]),
      ]),
    )
    .execute();
  if (rows.some((r) => r.idempotency_key === key)) return "duplicate";
  const last = rows[0];
  return last ? { age_s: Math.round((now.getTime() - new Date(last.received_at).getTime()) / 1000) } : null;
}

export async function receiveAttioWebhook(
  db: Kysely<DB>,
  deps: { secret: string; api: AttioApi },
  d: AttioDelivery,
  now: Date,
): Promise<AttioReceived> {
  const hook = isUuid(d.id) ? await attioWebhookOf(db, deps.secret, d.id) : null;
  if (!hook) throw new BatonError("CRM_WEBHOOK_NOT_FOUND", { provider, id: d.id.slice(0, 64) });
  if (hook.key === null)
    throw new BatonError("WEBHOOK_SIGNATURE_INVALID", {
      provider,
      why: "the webhook's secret cannot be unsealed (BATON_SECRET changed?): register the webhook again",
    });
  verifyAttioSignature(hook.key, d);
  const { webhookId, events } = parseDelivery(d.rawBody);
  const mismatch = (what: string, given: string, expected: string) =>
    new BatonError("CRM_WEBHOOK_ACCOUNT_MISMATCH", { provider, what, given, expected });
  if (webhookId !== hook.attio_webhook_id) throw mismatch("webhook", webhookId, hook.attio_webhook_id);
  for (const e of events)
    if (e.id.workspace_id !== hook.attio_workspace_id)
      throw mismatch("workspace", e.id.workspace_id, hook.attio_workspace_id);
  const key = header(d.headers, "idempotency-key")?.trim();
  if (!key || key.length > 200)
    throw new BatonError("CRM_WEBHOOK_PAYLOAD_INVALID", { provider, why: "no Idempotency-Key header" });
  const bodyHash = createHash("sha256").update(d.rawBody).digest("hex");
  const out: AttioReceived = {
    received: events.length,
    applied: 0,
    unmatched: 0,
    ignored: 0,
    duplicate: false,
  };
  const seen = await seenBefore(db, hook, key, bodyHash, now);
  if (seen === "duplicate") return { ...out, duplicate: true };
  if (seen)
    throw new BatonError("CRM_WEBHOOK_REPLAYED", {
      provider,
      age_s: seen.age_s,
      window_s: ATTIO_REPLAY_WINDOW_MS / 1000,
    });

  // the people's records the events name; other objects and event types change nothing
  const named = events.filter(
    (e) =>
      (ATTIO_WEBHOOK_EVENTS as readonly string[]).includes(e.event_type) &&
      e.id.record_id &&
      (!hook.people_object_id || e.id.object_id === hook.people_object_id),
  );
  out.ignored = events.length - named.length;
  const ids = [...new Set(named.map((e) => e.id.record_id as string))];
  const linked =
    ids.length === 0
      ? []
      : (
          await db
            .selectFrom("crm_links")
            .select("external_id")
            .distinct()
            .where("client_id", "=", hook.client_id)
            .where("adapter", "=", "attio")
            .where("kind", "=", "contact")
            .where("external_id", "in", ids)
            .execute()
        ).map((r) => r.external_id);
  // an unknown record is counted and left alone; the linked ones are read as the poll reads them
  const changes = await deps.api.readPeople(linked);
  return db.transaction().execute(async (tx) => {
    const taken = await tx
      .insertInto("attio_webhook_deliveries")
      .values({
        client_id: hook.client_id,
        webhook_id: hook.id,
        idempotency_key: key,
        body_sha256: bodyHash,
        received_at: now,
      })
      .onConflict((oc) => oc.columns(["client_id", "webhook_id", "idempotency_key"]).doNothing())
      .returning("idempotency_key")
      .executeTakeFirst();
    if (!taken) return { ...out, duplicate: true };
    await tx
      .deleteFrom("attio_webhook_deliveries")
      .where("client_id", "=", hook.client_id)
      .where("webhook_id", "=", hook.id)
      .where("received_at", "<", new Date(now.getTime() - ATTIO_DELIVERY_KEEP_MS))
      .execute();
    const r = await applyCrmChanges(tx, hook.client_id, "attio", changes, now);
    await tx
      .updateTable("attio_webhooks")
      .set({ last_event_at: now, events_count: sql`events_count + 1` })
      .where("client_id", "=", hook.client_id)
      .where("id", "=", hook.id)
      .execute();
    return { ...out, applied: r.applied, unmatched: ids.length - linked.length + r.unmatched };
  });
}
