// HubSpot's webhooks (issue 41 item 1; docs/adapters.md "HubSpot"): the app's subscriptions to
// contact property changes (hs_email_optout, hubspot_owner_id, lifecyclestage) and deletions post
// a JSON array of events to POST /api/v1/inbound/crm/hubspot. Each delivery is verified with
// HubSpot's v3 signature (X-HubSpot-Signature-v3: base64 HMAC-SHA256 under the app's client secret
// of method + URI + body + X-HubSpot-Request-Timestamp) and refused when the timestamp is more
// than 5 minutes off (a replay). The URI is signed as HubSpot's v3 instructions say
// (developers.hubspot.com "Validating requests", v3): with the URL-encoded characters of their
// table decoded (%3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B), others left as they came. The events name the portal (portalId): the tenant that connected
// that portal gets them, applied as a poll's changes are (applyCrmChanges).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applyCrmChanges } from "./apply-crm-changes.ts";
import { changesOfWebhookEvents, type HubSpotWebhookEvent } from "./hubspot-changes.ts";

export const HUBSPOT_WEBHOOK_MAX_AGE_MS = 5 * 60_000;

export interface HubSpotDelivery {
  method: string;
  /** the URL HubSpot called, as it knows it (Baton's public URL + path) */
  uri: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

function header(h: HubSpotDelivery["headers"], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

const SIGNED_DECODED: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

/** The request URI as HubSpot signs it (v3): its table of URL-encoded characters decoded, once. */
export function hubSpotSignedUri(uri: string): string {
  return uri.replace(
    /%(?:3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (m) => SIGNED_DECODED[m.toUpperCase()] ?? m,
  );
}

export function verifyHubSpotSignature(clientSecret: string, d: HubSpotDelivery, now: Date): void {
  const provider = "hubspot";
  const sig = header(d.headers, "x-hubspot-signature-v3");
  const ts = header(d.headers, "x-hubspot-request-timestamp");
  if (!sig || !ts || !/^\d+$/.test(ts))
    throw new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider, why: "no v3 signature or timestamp" });
  const ageMs = Math.abs(now.getTime() - Number(ts));
  if (ageMs > HUBSPOT_WEBHOOK_MAX_AGE_MS)
    throw new BatonError("WEBHOOK_TIMESTAMP_STALE", {
      provider,
      age_s: Math.round(ageMs / 1000),
      max_age_s: HUBSPOT_WEBHOOK_MAX_AGE_MS / 1000,
    });
  const want = createHmac("sha256", clientSecret)
    .update(`${d.method}${hubSpotSignedUri(d.uri)}${d.rawBody.toString("utf8")}${ts}`)
    .digest();
  const given = Buffer.from(sig, "base64");
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider, why: "the v3 signature does not match" });
}

function parseEvents(raw: Buffer): HubSpotWebhookEvent[] {
  const invalid = (why: string) =>
    new BatonError("CRM_WEBHOOK_PAYLOAD_INVALID", { provider: "hubspot", why });
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw invalid("the body is not JSON");
  }
  if (!Array.isArray(body) || body.length > 1000)
    throw invalid("the body is not an array of at most 1000 events");
  for (const e of body as Record<string, unknown>[]) {
    if (
      typeof e !== "object" ||
      e === null ||
      typeof e.portalId !== "number" ||
      typeof e.objectId !== "number" ||
      typeof e.subscriptionType !== "string" ||
      typeof e.occurredAt !== "number"
    )
      throw invalid("an event lacks portalId, objectId, subscriptionType or occurredAt");
  }
  return body as HubSpotWebhookEvent[];
}

export async function receiveHubSpotWebhook(
  db: Kysely<DB>,
  clientSecret: string,
  d: HubSpotDelivery,
  now: Date,
): Promise<{ received: number; applied: number; unmatched: number }> {
  verifyHubSpotSignature(clientSecret, d, now);
  const events = parseEvents(d.rawBody);
  const portals = [...new Set(events.map((e) => String(e.portalId)))];
  const tenants =
    portals.length === 0
      ? []
      : await db
          .selectFrom("crm_oauth_tokens")
          .select(["client_id", "account_ref"])
          .where("provider", "=", "hubspot")
          .where("account_ref", "in", portals)
          .execute();
  if (portals.length > 0 && tenants.length === 0)
    throw new BatonError("CRM_WEBHOOK_ACCOUNT_UNKNOWN", { provider: "hubspot", account: portals.join(", ") });
  const out = { received: events.length, applied: 0, unmatched: 0 };
  for (const t of tenants) {
    const mine = events.filter((e) => String(e.portalId) === t.account_ref);
    const r = await applyCrmChanges(db, t.client_id, "hubspot", changesOfWebhookEvents(mine), now);
    out.applied += r.applied;
    out.unmatched += r.unmatched;
  }
  return out;
}
