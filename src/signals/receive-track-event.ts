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
//   6. an anonymous visitor's typed event (only Segment's anonymousId) is held until the visitor
//      identifies; an event that carries the anonymousId beside an email (an identify, or any
//      event after a form) records the visitor's held events as that person's (visitor-events.ts).
// A refusal changes nothing but the source's refusal count (its health); an event Baton has no use
// for (a page no rule names, a visitor with no id at all, an identify of nobody held) is answered
// "ignored".
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { isValidEmail } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { loadPageRules, matchRule } from "./page-rules.ts";
import { FUTURE_SKEW_MS, recordSignals } from "./record-signals.ts";
import type { SignalInput, SignalOutcome } from "./signal-batch-types.ts";
import { type LoadedSource, loadSignalSource } from "./signal-sources.ts";
import { loadCatalogue } from "./signal-types.ts";
import { holdVisitorEvent, identifyVisitor, type VisitorEvent } from "./visitor-events.ts";

export const SIGNATURE_HEADER = "x-signature";

export interface TrackRequest {
  clientId: string;
  sourceId: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface TrackResult {
  /** held: an anonymous visitor's event, kept until the visitor identifies */
  outcome: "recorded" | "duplicate" | "held" | "ignored" | "refused";
  why: string;
  signal: SignalOutcome | null;
  /** the visitor's held events this event identified, recorded as the person's signals */
  identified?: number;
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
    if ("held" in mapped) {
      const held = await holdVisitorEvent(deps.db, source.clientId, mapped.held, now);
      return held === "held"
        ? { outcome: "held", why: "an anonymous visitor: held until they identify", signal: null }
        : { outcome: "duplicate", why: "this event (messageId) was held before", signal: null };
    }
    const visitor = visitorOf(source, event);
    const identified = visitor
      ? await identifyVisitor(deps.db, deps.secret, source.clientId, visitor, now)
      : null;
    const count = identified ? identified.recorded : 0;
    const also = count
      ? `; ${count} held event${count === 1 ? "" : "s"} of this visitor recorded as theirs`
      : "";
    const withCount = (r: TrackResult): TrackResult => (identified ? { ...r, identified: count } : r);
    if ("ignored" in mapped)
      return withCount(
        identified
          ? { outcome: "recorded", why: `identified${also}`, signal: null }
          : { outcome: "ignored", why: mapped.ignored, signal: null },
      );
    const r = await recordSignals(
      deps.db,
      { clientId: source.clientId, principalId: null },
      [mapped.signal],
      { secret: deps.secret },
      now,
    );
    const one = r.results[0];
    if (one.status === "refused")
      return withCount({ outcome: "ignored", why: (one.error?.message ?? "refused") + also, signal: one });
    return withCount({
      outcome: one.status,
      why:
        (one.status === "duplicate"
          ? "this event (messageId) was recorded before"
          : `recorded as ${mapped.signal.type}`) + also,
      signal: one,
    });
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
async function toSignal(db: Kysely<DB>, source: LoadedSource, e: Json, now: Date): Promise<Mapped> {
  const kind = e.type;
  const props = obj(e.properties);
  const context = obj(e.context);
  const page = obj(context.page);
  const traits = { ...obj(e.traits), ...obj(context.traits) };
  const email = eventEmail(e);
  if (kind !== "page" && kind !== "track")
    return { ignored: `a ${String(kind).slice(0, 20)} event carries no signal` };
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
  const company = obj(traits.company);
  const domain = str(company.domain) ?? str(props.company_domain) ?? str(traits.company_domain);
  const anonymousId = str(e.anonymousId);
  if (!email && !domain && !anonymousId)
    return { ignored: "an unknown visitor (no email, company domain or anonymousId)" };
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
  const at = Number.isNaN(occurred.getTime()) ? now : occurred;
  const evidenceUrl = url && /^https?:\/\//i.test(url) ? url.slice(0, 2000) : undefined;
  if (!email && !domain)
    return {
      held: {
        source: source.name,
        anonymousId: (anonymousId as string).slice(0, 200),
        type,
        occurredAt: at,
        externalId: String(e.messageId).slice(0, 200),
        attributes,
        evidenceUrl,
      },
    };
  return {
    signal: {
      type,
      email,
      domain: email ? undefined : domain,
      occurredAt: at,
      source: source.name,
      externalId: String(e.messageId).slice(0, 200),
      attributes,
      evidenceUrl,
    },
  };
}

/** What an event is: a signal, an anonymous visitor's event to hold, or nothing of use. */
type Mapped = { signal: SignalInput } | { held: VisitorEvent } | { ignored: string };

/** The person's address an event carries: its traits' email, its properties', or a userId that is one. */
function eventEmail(e: Json): string | undefined {
  const traits = { ...obj(e.traits), ...obj(obj(e.context).traits) };
  return [str(traits.email), str(obj(e.properties).email), str(e.userId)].find(
    (x): x is string => !!x && isValidEmail(x),
  );
}

/** The visitor an event identifies: its anonymousId beside an email. */
function visitorOf(source: LoadedSource, e: Json) {
  const anonymousId = str(e.anonymousId);
  const email = eventEmail(e);
  return anonymousId && email ? { source: source.name, anonymousId: anonymousId.slice(0, 200), email } : null;
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
