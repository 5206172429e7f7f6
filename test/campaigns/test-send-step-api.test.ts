// issue 60 item 5 over HTTP: POST /api/v1/campaigns/test-send renders a step as it is being edited,
// exactly as preview-step does, and emails it to the signed-in person's own address only ("[Test] "
// subject); email steps only, the definers only, tenant scoped, 5 per person per 10 minutes
// (counted in the database, so every server shares them), and
// never a touch (no event, no send item).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { newContact, step } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "tsend");
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const body = (contactId: string, extra: Record<string, unknown> = {}) => ({
  campaign: { name: "Unsaved", type: "event", kind: "marketing" },
  step: step(1, 0, {
    subject_template: "{{account.name}} at B2B eCommerce World",
    body_template: 'Hi {{contact.first_name | default: "there"}},\n\nSee you there.',
  }),
  contact_id: contactId,
  ...extra,
});

const post = (url: string, payload: Record<string, unknown>, auth = t.revops.auth) =>
  h.app.inject({ method: "POST", url, headers: auth, payload });
const testSend = (payload: Record<string, unknown>, auth = t.revops.auth) =>
  post("/api/v1/campaigns/test-send", payload, auth);

const outbox = (clientId: string) =>
  h.database.db
    .selectFrom("dev_email_outbox")
    .select(["to_address", "subject", "body", "headers"])
    .where("client_id", "=", clientId)
    .orderBy("recorded_at")
    .execute();

const touches = async (clientId: string) => {
  const count = async (table: string) =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from ${sql.table(table)} where client_id = ${clientId}`.execute(h.database.db)
      ).rows[0].n,
    );
  return { events: await count("cadence_event_log"), queue: await count("sales_send_queue") };
};

describe("POST /api/v1/campaigns/test-send", () => {
  it("sends the preview's words to the signed-in person alone, subject [Test], and records no touch", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId, "Priya Raman");
    const before = await touches(t.clientId);
    const preview = (await post("/api/v1/campaigns/preview-step", body(contactId))).json();
    const res = await testSend(body(contactId));
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({
      to: `revops@${t.clientId}.test`,
      subject: "[Test] Priya Raman Co at B2B eCommerce World",
      preview: { subject: preview.subject, body: preview.body },
    });
    const sent = await outbox(t.clientId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to_address: `revops@${t.clientId}.test`,
      subject: "[Test] Priya Raman Co at B2B eCommerce World",
      body: "Hi Priya,\n\nSee you there.",
    });
    expect(await touches(t.clientId)).toEqual(before);
  });

  it("refuses a forged to, a LinkedIn step, other roles, another tenant's contact; the 6th in 10 minutes is 429", async () => {
    const u = await createTenant(h.database.db, "tsend2");
    const { contactId } = await newContact(h.database.db, u.clientId);
    const forged = await testSend(body(contactId, { to: "x@evil.test" }), u.revops.auth);
    expect(forged.statusCode, forged.body).toBe(400);
    const li = await testSend(body(contactId, { step: step(1, 0, { channel: "linkedin" }) }), u.revops.auth);
    expect(li.statusCode, li.body).toBe(400);
    expect(li.json().error.message).toMatch(/email steps/);
    expect((await testSend(body(contactId), u.rep.auth)).statusCode).toBe(403);
    expect((await testSend(body(contactId), u.agt301.auth)).statusCode).toBe(403);
    expect((await testSend(body(contactId), t.revops.auth)).statusCode).toBe(404);
    expect((await outbox(u.clientId)).length).toBe(0);
    for (let i = 0; i < 5; i++) expect((await testSend(body(contactId), u.revops.auth)).statusCode).toBe(200);
    const sixth = await testSend(body(contactId), u.revops.auth);
    expect(sixth.statusCode, sixth.body).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThan(0);
    // another person's window is their own
    expect((await testSend(body(contactId), u.revops2.auth)).statusCode).toBe(200);
    const sent = await outbox(u.clientId);
    expect(sent.map((s) => s.to_address)).toEqual([
      ...Array(5).fill(`revops@${u.clientId}.test`),
      `revops2@${u.clientId}.test`,
    ]);
  });

  it("two servers on one database share the person's 5 in 10 minutes, and the window frees them", async () => {
    const u = await createTenant(h.database.db, "tsend4");
    const { contactId } = await newContact(h.database.db, u.clientId);
    const other = await testApp(h.database); // a second process: its own app, the same database
    try {
      const start = new Date("2026-11-27T09:00:00Z");
      h.clock.now = start;
      other.clock.now = start;
      const on = (a: TestApp) =>
        a.app.inject({
          method: "POST",
          url: "/api/v1/campaigns/test-send",
          headers: u.revops.auth,
          payload: body(contactId),
        });
      const at = (min: number) => {
        h.clock.now = other.clock.now = new Date(start.getTime() + min * 60_000);
      };
      // one a minute, alternating servers
      for (const [i, a] of [h, other, h, other, h].entries()) {
        at(i);
        expect((await on(a)).statusCode).toBe(200);
      }
      const refused = await on(other);
      expect(refused.statusCode, refused.body).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBe(360); // the first leaves at minute 10
      // at minute 10 the first has left the window: one more; the next waits for the second's minute 11
      at(10);
      expect((await on(other)).statusCode).toBe(200);
      const again = await on(h);
      expect(again.statusCode).toBe(429);
      expect(Number(again.headers["retry-after"])).toBe(60);
      const kept = await h.database.db
        .selectFrom("test_send_takes")
        .select("taken_at")
        .where("client_id", "=", u.clientId)
        .execute();
      expect(kept).toHaveLength(5); // the first one's row went when it left the window
    } finally {
      h.clock.now = null;
      await other.close();
    }
  });

  it("says so when the signed-in person has no email address (400)", async () => {
    const u = await createTenant(h.database.db, "tsend3");
    const { contactId } = await newContact(h.database.db, u.clientId);
    await h.database.db
      .updateTable("principals")
      .set({ email: null })
      .where("client_id", "=", u.clientId)
      .where("principal_id", "=", u.revops.principalId)
      .execute();
    const res = await testSend(body(contactId), u.revops.auth);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(/no email address/);
  });
});
