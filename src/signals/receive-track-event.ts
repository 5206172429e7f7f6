// One request a Segment or RudderStack destination posted to a signal source's URL (issue 69 item
// 2). Nothing acts before the request proves itself:
//   1. the URL names the tenant and the source; unknown: SIGNAL_SOURCE_NOT_FOUND;
//   2. the body is one event (Segment signs only the first event of a batch, so batches are
//      refused: the others would be unsigned);
//   3. X-Signature is the hex HMAC-SHA1 of the raw body under the source's shared secret (Segment's
//      Webhooks destinations, "Shared Secret"); compared in constant time;
//   4. the event's sentAt (inside the signed body) is at most max_age_s old and not in the future:
//      an older replay is refused; a replay inside the window is a duplicate of the dedup key
//      (source, messageId) and changes nothing;
//   5. a page event's path (a track event's name) gives its type by the page rules; its person by
//      their email, their company by a domain; only in the source's own tenant.
// A refusal changes nothing but the source's refusal count (its health); an event Baton has no use
// for (an anonymous visitor, a page no rule names, an identify) is answered "ignored".
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { isValidEmail } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { loadPageRules, matchRule } from "./page-rules.ts";
import { FUTURE_SKEW_MS, recordSignals, type SignalInput, type SignalOutcome } from "./record-signals.ts";
import { type LoadedSource, loadSignalSource } from "./signal-sources.ts";
import { loadCatalogue } from "./signal-types.ts";

export const SIGNATURE_HEADER = "x-signature";

export interface TrackRequest {
  clientId: string;
  sourceId: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface TrackResult {
  outcome: "recorded" | "duplicate" | "ignored" | "refused";
  why: string;
  signal: SignalOutcome | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** hex HMAC-SHA1 of the body under the shared secret: what Segment puts in X-Signature. */
export function signTrackBody(shared: string, body: Buffer | string): string {
  return createHmac("sha1", shared).update(body).digest("hex");
}

export function verifyTrackSignature(shared: string, header: string | undefined, body: Buffer): void {
  if (!header) throw new BatonError("SIGNAL_SIGNATURE_INVALID", { why: "no X-Signature header" });
  const given = Buffer.from(
    header
      .trim()
      .toLowerCase()
      .replace(/^sha1=/, ""),
    "utf8",
  );
  const want = Buffer.from(signTrackBody(shared, body), "utf8");
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new BatonError("SIGNAL_SIGNATURE_INVALID", { why: "the signature does not match the body" });
}

function header(h: TrackRequest["headers"], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function invalid(why: string): never {
  throw new BatonError("SIGNAL_PAYLOAD_INVALID", { why });
}

export interface ReceiveDeps {
  db: Kysely<DB>;
  /** BATON_SECRET: unseals the source's shared secret */
  secret: string;
}

export async function receiveTrackEvent(
  deps: ReceiveDeps,
  req: TrackRequest,
  now: Date,
): Promise<TrackResult> {
  const source = await loadSignalSource(deps.db, deps.secret, req.clientId, req.sourceId);
  try {
    const event = verifiedEvent(source, req, now);
    const mapped = await toSignal(deps.db, source, event, now);
    await countEvent(deps.db, source, now);
    if ("ignored" in mapped) return { outcome: "ignored", why: mapped.ignored, signal: null };
    const r = await recordSignals(
      deps.db,
      { clientId: source.clientId, principalId: null },
      [mapped.signal],
      { secret: deps.secret },
      now,
    );
    const one = r.results[0];
    if (one.status === "refused")
      return { outcome: "ignored", why: one.error?.message ?? "refused", signal: one };
    return {
      outcome: one.status,
      why:
        one.status === "duplicate"
          ? "this event (messageId) was recorded before"
          : `recorded as ${mapped.signal.type}`,
      signal: one,
    };
  } catch (e) {
    if (e instanceof BatonError) await countRefusal(deps.db, source, e);
    throw e;
  }
}

/** Steps 2 to 4: the one event, once its signature and its time are proved. */
function verifiedEvent(source: LoadedSource, req: TrackRequest, now: Date): Json {
  // authenticated before anything of it is read: the signature covers the raw bytes
  verifyTrackSignature(source.shared, header(req.headers, SIGNATURE_HEADER), req.rawBody);
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString("utf8"));
  } catch {
    invalid("not JSON");
  }
  if (Array.isArray(body) || Array.isArray(obj(body).batch))
    invalid("a batch: Segment signs only a batch's first event, so turn batching off for this destination");
  if (!body || typeof body !== "object") invalid("not a JSON object");
  const event = body as Json;
  const sent = str(event.sentAt) ?? str(event.timestamp);
  const at = sent ? new Date(sent) : null;
  if (!at || Number.isNaN(at.getTime())) invalid("no sentAt (or timestamp) time");
  const age = now.getTime() - at.getTime();
  if (age > source.maxAgeS * 1000 || age < -FUTURE_SKEW_MS)
    throw new BatonError("SIGNAL_EVENT_STALE", {
      age_s: Math.round(Math.abs(age) / 1000),
      future: age < 0,
      max_age_s: source.maxAgeS,
    });
  if (!str(event.messageId)) invalid("no messageId (the event's dedup key)");
  return event;
}

/** Step 5: the signal an event is, or why Baton has no use for it. */
async function toSignal(
  db: Kysely<DB>,
  source: LoadedSource,
  e: Json,
  now: Date,
): Promise<{ signal: SignalInput } | { ignored: string }> {
  const kind = e.type;
  if (kind !== "page" && kind !== "track")
    return { ignored: `a ${String(kind).slice(0, 20)} event carries no signal` };
  const props = obj(e.properties);
  const context = obj(e.context);
  const page = obj(context.page);
  const traits = { ...obj(e.traits), ...obj(context.traits) };
  const path = str(props.path) ?? str(page.path) ?? str(props.url) ?? str(page.url);
  const url = str(props.url) ?? str(page.url);
  const rules = await loadPageRules(db, source.clientId);
  let type: string | undefined;
  if (kind === "page") {
    if (!path) return { ignored: "a page event without a path or URL" };
    type = matchRule(rules, "page", path)?.type;
    if (!type) return { ignored: `no page rule names ${path.slice(0, 100)}` };
  } else {
    const name = str(e.event);
    if (!name) return { ignored: "a track event without its name (event)" };
    type = matchRule(rules, "track", name)?.type;
    if (!type && (await loadCatalogue(db, source.clientId, now)).has(name)) type = name;
    if (!type) return { ignored: `no track rule names ${name.slice(0, 100)}` };
  }
  const email = [str(traits.email), str(props.email), str(e.userId)].find(
    (x): x is string => !!x && isValidEmail(x),
  );
  const company = obj(traits.company);
  const domain = str(company.domain) ?? str(props.company_domain) ?? str(traits.company_domain);
  if (!email && !domain) return { ignored: "an anonymous visitor (no email or company domain)" };
  const occurred = new Date(str(e.timestamp) ?? str(e.originalTimestamp) ?? (str(e.sentAt) as string));
  const attributes: Record<string, string> = { event_type: kind };
  const put = (k: string, v: string | undefined) => {
    if (v) attributes[k] = v.slice(0, 500);
  };
  put("event", str(e.event));
  put("name", str(e.name));
  put("path", path);
  put("title", str(props.title) ?? str(page.title));
  put("referrer", str(props.referrer) ?? str(page.referrer));
  put("utm_campaign", str(obj(context.campaign).name));
  return {
    signal: {
      type,
      email,
      domain: email ? undefined : domain,
      occurredAt: Number.isNaN(occurred.getTime()) ? now : occurred,
      source: source.name,
      externalId: String(e.messageId).slice(0, 200),
      attributes,
      evidenceUrl: url && /^https?:\/\//i.test(url) ? url.slice(0, 2000) : undefined,
    },
  };
}

async function countEvent(db: Kysely<DB>, s: LoadedSource, now: Date): Promise<void> {
  await db
    .updateTable("signal_sources")
    .set((eb) => ({ events_count: eb("events_count", "+", "1"), last_event_at: now }))
    .where("client_id", "=", s.clientId)
    .where("source_id", "=", s.sourceId)
    .execute();
}

async function countRefusal(db: Kysely<DB>, s: LoadedSource, e: BatonError): Promise<void> {
  await db
    .updateTable("signal_sources")
    .set((eb) => ({
      refused_count: eb("refused_count", "+", "1"),
      last_refusal: `${e.code}: ${String(e.facts.why ?? "").slice(0, 150)}`.slice(0, 200),
    }))
    .where("client_id", "=", s.clientId)
    .where("source_id", "=", s.sourceId)
    .execute();
}
