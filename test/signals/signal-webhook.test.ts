// Issue 69 item 2 and its "Must show": a signed Segment track/page event for /pricing raises the
// contact; a forged signature, a tampered body, a replayed event and an event for another tenant's
// person change nothing. Each forged request is sent beside the real one, over HTTP (app.inject) to
// the public receiving route, with Segment's signing: X-Signature, the hex HMAC-SHA1 of the raw body
// under the source's shared secret.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTrackBody } from "../../src/signals/index.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addCompany, type Company, lastSignals, signalCount } from "./signals-fixture.ts";

const SECRET = "shared-secret-of-the-segment-destination";
const THEIR_SECRET = "another-tenants-shared-secret-0001";

let h: TestApp;
let t: Tenant;
let other: Tenant;
let url: string;
let theirUrl: string;
let co: Company;
let theirs: Company;

/** A Segment page event as its Webhooks destination posts it. */
function pageEvent(email: string, path: string, o: { sentAt?: Date; messageId?: string } = {}) {
  const sent = (o.sentAt ?? new Date()).toISOString();
  return {
    type: "page",
    name: "Pricing",
    messageId: o.messageId ?? `ajs-${randomUUID()}`,
    anonymousId: randomUUID(),
    userId: "user-123",
    timestamp: sent,
    sentAt: sent,
    properties: { path, url: `https://www.example.com${path}?utm_source=ads`, title: "Pricing" },
    context: { traits: { email }, page: { path, referrer: "https://www.google.com/" } },
  };
}

function postEvent(to: string, body: string, signature: string | undefined) {
  return h.app.inject({
    method: "POST",
    url: to.replace("http://baton.test", ""),
    headers: { "content-type": "application/json", ...(signature ? { "x-signature": signature } : {}) },
    payload: body,
  });
}

const signed = (secret: string, event: unknown) => {
  const body = JSON.stringify(event);
  return { body, sig: signTrackBody(secret, body) };
};

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "hook");
  other = await createTenant(h.database.db, "hook-other");
  const call = callAs(h);
  const src = await call("POST", "/api/v1/signals/sources", t.revops.auth, {
    kind: "segment",
    name: "website",
    secret: SECRET,
    max_age_s: 600,
  });
  expect(src.statusCode).toBe(200);
  expect(src.json().secret).toBeUndefined();
  url = src.json().url;
  const rule = await call("POST", "/api/v1/signals/rules", t.revops.auth, {
    pattern: "/pricing",
    type: "pricing_page_visit",
  });
  expect(rule.statusCode).toBe(200);
  const track = await call("POST", "/api/v1/signals/rules", t.revops.auth, {
    kind: "track",
    pattern: "Demo Requested",
    type: "demo_request",
  });
  expect(track.statusCode).toBe(200);
  const theirSrc = await call("POST", "/api/v1/signals/sources", other.revops.auth, {
    kind: "rudderstack",
    name: "website",
    secret: THEIR_SECRET,
  });
  theirUrl = theirSrc.json().url;
  await call("POST", "/api/v1/signals/rules", other.revops.auth, {
    pattern: "/pricing",
    type: "pricing_page_visit",
  });
  co = await addCompany(h.database.db, t.clientId, "acme", ["Tara", "Uma"], "T1");
  theirs = await addCompany(h.database.db, other.clientId, "globex", ["Vic"], "T1");
}, 60_000);
afterAll(() => h?.close());

describe("the signed track webhook (issue 69 item 2)", () => {
  it("a source's secret is write-only: listed without it, made and shown once when not given", async () => {
    const call = callAs(h);
    const list = await call("GET", "/api/v1/signals/sources", t.revops.auth);
    expect(list.statusCode).toBe(200);
    expect(JSON.stringify(list.json())).not.toContain(SECRET);
    const made = await call("POST", "/api/v1/signals/sources", t.admin.auth, {
      kind: "segment",
      name: "app",
    });
    expect(made.json().secret).toMatch(/^[0-9a-f]{64}$/);
    const stored = await h.database.db
      .selectFrom("signal_sources")
      .select("secret_sealed")
      .where("client_id", "=", t.clientId)
      .where("name", "=", "app")
      .executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(made.json().secret);
    const byRep = await call("GET", "/api/v1/signals/sources", t.rep.auth);
    expect(byRep.statusCode).toBe(403);
  });

  it("a signed /pricing page event raises the T1 contact; the forged one beside it changes nothing", async () => {
    const event = pageEvent(co.emails[0], "/pricing");
    const { body, sig } = signed(SECRET, event);
    const forged = await postEvent(url, body, signTrackBody("a-guessed-secret", body));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("SIGNAL_SIGNATURE_INVALID");
    const unsigned = await postEvent(url, body, undefined);
    expect(unsigned.statusCode).toBe(401);
    const tampered = await postEvent(url, body.replace(co.emails[0], co.emails[1]), sig);
    expect(tampered.statusCode).toBe(401);
    expect(await signalCount(h.database.db, t.clientId)).toBe(0);
    expect((await lastSignals(h.database.db, t.clientId, co.contacts[1])).sales).toBeNull();

    const real = await postEvent(url, body, sig);
    expect(real.statusCode).toBe(200);
    expect(real.json()).toMatchObject({
      outcome: "recorded",
      signal: { status: "recorded", resolved: "contact", contact_id: co.contacts[0] },
    });
    expect(await lastSignals(h.database.db, t.clientId, co.contacts[0])).toMatchObject({
      sales: "pricing_page_visit",
      salesAt: event.timestamp,
    });
    const row = await h.database.db
      .selectFrom("signals")
      .select(["source", "external_id", "evidence_url", "attributes"])
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: "website", external_id: event.messageId });
    expect(row.evidence_url).toContain("/pricing");
    expect(row.attributes).toMatchObject({ event_type: "page", path: "/pricing" });
    const health = await callAs(h)("GET", "/api/v1/signals/sources", t.revops.auth);
    const web = health.json().items.find((s: { name: string }) => s.name === "website");
    expect(web).toMatchObject({ events_count: "1", refused_count: "3" });
    expect(web.last_refusal).toContain("SIGNAL_SIGNATURE_INVALID");
  });

  it("a replay inside the window is a duplicate; an old one is refused; neither changes anything", async () => {
    const first = pageEvent(co.emails[1], "/pricing/", { sentAt: new Date(Date.now() - 60_000) });
    const { body, sig } = signed(SECRET, first);
    expect((await postEvent(url, body, sig)).json().outcome).toBe("recorded");
    const before = await lastSignals(h.database.db, t.clientId, co.contacts[1]);
    const count = await signalCount(h.database.db, t.clientId);
    const replay = await postEvent(url, body, sig);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().outcome).toBe("duplicate");
    const old = signed(
      SECRET,
      pageEvent(co.emails[1], "/pricing", { sentAt: new Date(Date.now() - 3_600_000) }),
    );
    const stale = await postEvent(url, old.body, old.sig);
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe("SIGNAL_EVENT_STALE");
    expect(await signalCount(h.database.db, t.clientId)).toBe(count);
    expect(await lastSignals(h.database.db, t.clientId, co.contacts[1])).toEqual(before);
  });

  it("an event for another tenant's person changes nothing of theirs; their URL refuses our signature", async () => {
    const event = pageEvent(theirs.emails[0], "/pricing");
    const { body, sig } = signed(SECRET, event);
    const ours = await postEvent(url, body, sig);
    // in our tenant their address is nobody: it waits here, for a person of ours
    expect(ours.json()).toMatchObject({ outcome: "recorded", signal: { resolved: "waiting" } });
    const atTheirs = await postEvent(theirUrl, body, sig);
    expect(atTheirs.statusCode).toBe(401);
    const crossed = await postEvent(theirUrl.replace(other.clientId, t.clientId), body, sig);
    expect(crossed.statusCode).toBe(404);
    expect(await lastSignals(h.database.db, other.clientId, theirs.contacts[0])).toMatchObject({
      sales: null,
      marketing: null,
    });
    expect(await signalCount(h.database.db, other.clientId)).toBe(0);
  });

  it("a track event by its rule; pages no rule names and identify calls of nobody held are ignored", async () => {
    const track = signed(SECRET, {
      ...pageEvent(co.emails[1], "/x"),
      type: "track",
      event: "Demo Requested",
      properties: { plan: "enterprise" },
    });
    const r = await postEvent(url, track.body, track.sig);
    expect(r.json()).toMatchObject({ outcome: "recorded", why: "recorded as demo_request" });
    // (an anonymous visitor's typed visit is held until they identify: signal-visitors.test.ts)
    for (const e of [
      pageEvent(co.emails[1], "/about"),
      { ...pageEvent("", "/pricing"), context: { traits: {} }, userId: undefined, anonymousId: undefined },
      { ...pageEvent(co.emails[1], "/pricing"), type: "identify" },
    ]) {
      const s = signed(SECRET, e);
      const res = await postEvent(url, s.body, s.sig);
      expect(res.statusCode).toBe(200);
      expect(res.json().outcome).toBe("ignored");
    }
  });

  it("a batch is refused (Segment signs only its first event); an unknown source is not found", async () => {
    const batch = JSON.stringify([pageEvent(co.emails[0], "/pricing"), pageEvent(co.emails[1], "/pricing")]);
    const r = await postEvent(url, batch, signTrackBody(SECRET, batch));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe("SIGNAL_PAYLOAD_INVALID");
    const s = signed(SECRET, pageEvent(co.emails[0], "/pricing"));
    const unknown = await postEvent(url.replace(/[0-9a-f-]{36}$/, randomUUID()), s.body, s.sig);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("SIGNAL_SOURCE_NOT_FOUND");
  });
});
