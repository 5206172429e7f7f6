// Anonymous visitors (issue 69 item 2, 0790): a signed /pricing visit that names nobody but Segment's
// anonymousId is held, not dropped and not anyone's yet; when the visitor identifies (an identify
// carrying that anonymousId beside an email), the held visits become that person's signals and
// raise them. A forged identify, another visitor's identify and a replayed identify change nothing;
// what nobody identifies within 30 days is deleted by the retention pass.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeRetention } from "../../src/prospects/purge-retention.ts";
import { signTrackBody } from "../../src/signals/index.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addCompany, type Company, lastSignals, signalCount } from "./signals-fixture.ts";

const SECRET = "shared-secret-of-the-visitors-source";
let h: TestApp;
let t: Tenant;
let url: string;
let co: Company;

function post(event: Record<string, unknown>, secret = SECRET) {
  const body = JSON.stringify(event);
  return h.app.inject({
    method: "POST",
    url: url.replace("http://baton.test", ""),
    headers: { "content-type": "application/json", "x-signature": signTrackBody(secret, body) },
    payload: body,
  });
}

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** An anonymous page view: only the browser's anonymousId, no email, no company. */
const visit = (anonymousId: string, path: string, minutesAgo: number) => ({
  type: "page",
  messageId: `ajs-${randomUUID()}`,
  anonymousId,
  timestamp: at(minutesAgo),
  sentAt: at(0),
  properties: { path, url: `https://www.example.com${path}` },
});

const identify = (anonymousId: string, email: string) => ({
  type: "identify",
  messageId: `ajs-${randomUUID()}`,
  anonymousId,
  userId: "user-881",
  sentAt: at(0),
  traits: { email },
});

async function held(clientId: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from signal_visitor_events
    where client_id = ${clientId}`.execute(h.database.db);
  return r.rows[0]?.n ?? 0;
}

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "visitors");
  const call = callAs(h);
  const src = await call("POST", "/api/v1/signals/sources", t.revops.auth, {
    kind: "segment",
    name: "website",
    secret: SECRET,
    max_age_s: 600,
  });
  url = src.json().url;
  await call("POST", "/api/v1/signals/rules", t.revops.auth, {
    pattern: "/pricing",
    type: "pricing_page_visit",
  });
  co = await addCompany(h.database.db, t.clientId, "visitco", ["Wes", "Xia"], "T1");
}, 60_000);
afterAll(() => h?.close());

describe("anonymous visitors, held until they identify", () => {
  it("holds a visitor's visits, then records them as the person's when they identify", async () => {
    const anon = randomUUID();
    const first = visit(anon, "/pricing", 30);
    const second = visit(anon, "/pricing", 20);
    for (const e of [first, second]) {
      const r = await post(e);
      expect(r.statusCode).toBe(200);
      expect(r.json(), JSON.stringify(r.json())).toMatchObject({ outcome: "held", signal: null });
    }
    // a replay of a held visit is held once; a page no rule names is not held
    expect((await post(first)).json().outcome).toBe("duplicate");
    expect((await post(visit(anon, "/about", 10))).json().outcome).toBe("ignored");
    expect(await held(t.clientId)).toBe(2);
    expect(await signalCount(h.database.db, t.clientId)).toBe(0);

    // a forged identify (a guessed secret) and another visitor's identify change nothing
    const forged = await post(identify(anon, co.emails[1]), "a-guessed-secret");
    expect(forged.statusCode).toBe(401);
    const other = await post(identify(randomUUID(), co.emails[1]));
    expect(other.json()).toMatchObject({ outcome: "ignored" });
    expect(await held(t.clientId)).toBe(2);
    expect((await lastSignals(h.database.db, t.clientId, co.contacts[1])).sales).toBeNull();

    const id = identify(anon, co.emails[0]);
    const r = await post(id);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ outcome: "recorded", identified: 2 });
    expect(r.json().why).toContain("2 held events of this visitor recorded as theirs");
    expect(await held(t.clientId)).toBe(0);
    const rows = await sql<{ contact_id: string; external_id: string; attributes: Record<string, string> }>`
      select contact_id, external_id, attributes from signals where client_id = ${t.clientId}
       order by occurred_at`.execute(h.database.db);
    expect(rows.rows.map((x) => x.contact_id)).toEqual([co.contacts[0], co.contacts[0]]);
    expect(rows.rows[0]?.external_id).toBe(first.messageId);
    expect(rows.rows[0]?.attributes).toMatchObject({
      path: "/pricing",
      identified_from: "anonymous visitor",
    });
    // the person's last sales signal is the later visit's time, not the identify's
    expect(await lastSignals(h.database.db, t.clientId, co.contacts[0])).toMatchObject({
      sales: "pricing_page_visit",
      salesAt: second.timestamp,
    });

    // the identify replayed: nothing held any more, nothing twice
    const again = await post(id);
    expect(again.json().outcome).toBe("ignored");
    expect(await signalCount(h.database.db, t.clientId)).toBe(2);
  });

  it("a visit that carries the anonymousId beside an email records it and the visitor's held ones", async () => {
    const anon = randomUUID();
    expect((await post(visit(anon, "/pricing", 15))).json().outcome).toBe("held");
    const r = await post({ ...visit(anon, "/pricing", 1), context: { traits: { email: co.emails[1] } } });
    expect(r.json()).toMatchObject({
      outcome: "recorded",
      identified: 1,
      signal: { status: "recorded", contact_id: co.contacts[1] },
    });
    expect(await held(t.clientId)).toBe(0);
  });

  it("what nobody identifies within 30 days is deleted by the retention pass, and never reaches anyone", async () => {
    const anon = randomUUID();
    expect((await post(visit(anon, "/pricing", 5))).json().outcome).toBe("held");
    const policy = { replyDays: 0, draftDays: 0, bodyDays: 0, playYears: 0, signalDays: 0 };
    expect((await purgeRetention(h.database.db, t.clientId, policy, new Date())).visitor_events).toBe(0);
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect((await purgeRetention(h.database.db, t.clientId, policy, later)).visitor_events).toBe(1);
    expect(await held(t.clientId)).toBe(0);
  });
});
