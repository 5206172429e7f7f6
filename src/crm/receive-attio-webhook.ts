// A delivery of Attio's webhook (issue 71 item 5; docs/adapters.md "Attio → Baton"), posted to
// POST /api/v1/inbound/crm/attio/{id}, the URL Baton registered (attio-webhook.ts). Attio signs the
// body (as a UTF-8 string) with HMAC-SHA256 under the webhook's secret, hex, in Attio-Signature
// (also sent as X-Attio-Signature), and sends an Idempotency-Key that is the same for a message's
// retries (docs.attio.com rest-api/guides/webhooks). Nothing acts before the signature verifies
// (constant time) over the raw bytes. Then the delivery must name this URL's Attio webhook and
// workspace; its Idempotency-Key seen before is Attio's retry (answered, nothing applied again);
// the same signed body under another key within 10 minutes is a replay (refused). Attio signs no
// time, so no delivery can be judged stale by a clock: an event only names a record, and Baton
// reads the record's current state through the API (the poll's queries), so a late or repeated
// event can only make Baton read the truth again. By the record's object:
//   people    → the linked person's state and company moves (readAttioPeople);
//   deals     → the deal's stage, when a person set it, for each linked person associated with it
//               (stageChanges, as the poll reads stages);
//   companies → the linked people of the company's team, read as people (a move changes both
//               sides: the person's company and the company's team).
// Moves and stages count when set within ATTIO_WEBHOOK_LOOKBACK_MS (Attio retries a message for
// about three days); each is named by its value's date, so one heard by webhook and poll is one
// change and one signal. The changes are applied as the poll's (applyCrmChanges).
// Events of other objects change nothing; a person this workspace never linked changes nothing (no
// API call); a deal or company is read to find its people, and none linked changes nothing.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applyCrmChanges } from "./apply-crm-changes.ts";
import { type AttioCall, queryRecords, referenced, stageChanges } from "./attio-moves.ts";
import {
  ATTIO_WEBHOOK_EVENTS,
  type AttioApi,
  type AttioWebhookObject,
  attioObjectSlug,
  attioWebhookOf,
} from "./attio-webhook.ts";
import type { CrmChange } from "./crm-adapter.ts";

/** The same signed body again under another Idempotency-Key within this is a replay. */
export const ATTIO_REPLAY_WINDOW_MS = 10 * 60_000;
/** Deliveries are remembered this long (Attio retries a message for about three days). */
export const ATTIO_DELIVERY_KEEP_MS = 4 * 24 * 3_600_000;
/** A stage or move a delivery names counts when set this recently: a retried message still finds it. */
export const ATTIO_WEBHOOK_LOOKBACK_MS = ATTIO_DELIVERY_KEEP_MS;
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

  const { changes, unmatched, ignored } = await readNamed(db, deps.api, hook, events, now);
  out.ignored = ignored;
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
    return { ...out, applied: r.applied, unmatched: unmatched + r.unmatched };
  });
}

/** The linked people among these Attio record ids (crm_links), in the order given. */
async function linkedPeople(db: Kysely<DB>, clientId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("crm_links")
    .select("external_id")
    .distinct()
    .where("client_id", "=", clientId)
    .where("adapter", "=", "attio")
    .where("kind", "=", "contact")
    .where("external_id", "in", ids)
    .execute();
  const linked = new Set(rows.map((r) => r.external_id));
  return ids.filter((id) => linked.has(id));
}

/** The records the events name, read by their object; what they change, and what matched nothing. */
async function readNamed(
  db: Kysely<DB>,
  api: AttioApi,
  hook: { client_id: string; people_object_id: string | null },
  events: AttioEvent[],
  now: Date,
): Promise<{ changes: CrmChange[]; unmatched: number; ignored: number }> {
  const named: Record<AttioWebhookObject, Set<string>> = {
    people: new Set(),
    deals: new Set(),
    companies: new Set(),
  };
  let ignored = 0;
  for (const e of events) {
    const recordId = e.id.record_id;
    const object =
      !(ATTIO_WEBHOOK_EVENTS as readonly string[]).includes(e.event_type) || !recordId
        ? null
        : // a webhook registered before its object id was kept hears people only
          !hook.people_object_id || e.id.object_id === hook.people_object_id
          ? "people"
          : e.id.object_id
            ? await attioObjectSlug(api, e.id.object_id)
            : null;
    if (object && recordId) named[object].add(recordId);
    else ignored++;
  }
  const call: AttioCall = (method, path, body) => api.request(method, path, body);
  const since = now.getTime() - ATTIO_WEBHOOK_LOOKBACK_MS;
  const people = await linkedPeople(db, hook.client_id, [...named.people]);
  let unmatched = named.people.size - people.length;
  const changes: CrmChange[] = [];
  // a deal's stage, for its linked people
  if (named.deals.size > 0) {
    const deals = await queryRecords(call, "deals", [...named.deals]);
    unmatched += named.deals.size - deals.length;
    for (const deal of deals) {
      const its = await linkedPeople(db, hook.client_id, referenced(deal, "associated_people"));
      if (its.length === 0) unmatched++;
      changes.push(...stageChanges(deal, its, since));
    }
  }
  // a company's linked people, read again with their moves
  const team = new Set<string>();
  if (named.companies.size > 0) {
    const companies = await queryRecords(call, "companies", [...named.companies]);
    unmatched += named.companies.size - companies.length;
    for (const company of companies) {
      const its = await linkedPeople(db, hook.client_id, referenced(company, "team"));
      if (its.length === 0) unmatched++;
      for (const id of its) if (!people.includes(id)) team.add(id);
    }
  }
  changes.push(...(await api.readPeople([...people, ...team], { movesSince: since })));
  return { changes, unmatched, ignored };
}
