// issue 60 item 5 over HTTP: POST /api/v1/campaigns/preview-step renders a step as it is being
// edited (not saved) for any contact of the tenant, by the engine's renderer; RevOps only, tenant
// scoped, nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { newContact, step } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "pes");
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const edited = (extra: Record<string, unknown> = {}) =>
  step(1, 0, {
    subject_template: "{{account.name}} at B2B eCommerce World",
    body_template: 'Hi {{contact.first_name | default: "there"}},\n\nSee you there.',
    variants: [
      { key: "A", subject: "A: {{contact.first_name}}", instructions: "short", weight: 1 },
      { key: "B", subject: "B for {{account.name}}", instructions: "long", weight: 1 },
    ],
    ...extra,
  });

const preview = (payload: Record<string, unknown>, auth = t.revops.auth) =>
  h.app.inject({ method: "POST", url: "/api/v1/campaigns/preview-step", headers: auth, payload });

const body = (contactId: string, extra: Record<string, unknown> = {}) => ({
  campaign: { name: "Unsaved", type: "event", kind: "marketing" },
  step: edited(),
  contact_id: contactId,
  ...extra,
});

describe("POST /api/v1/campaigns/preview-step", () => {
  it("renders the unsaved step for a contact that is not enrolled, and each variant's subject", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId, "Priya Raman");
    const res = await preview(body(contactId));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      step_number: 1,
      channel: "email",
      contact: { contact_id: contactId, full_name: "Priya Raman", company: "Priya Raman Co" },
      enrollment_id: null,
      variant: null,
      subject: "Priya Raman Co at B2B eCommerce World",
      body: "Hi Priya,\n\nSee you there.",
      missing: [],
      ready: true,
    });
    const a = (await preview(body(contactId, { variant: "A" }))).json();
    expect([a.variant, a.subject]).toEqual(["A", "A: Priya"]);
    const b = (await preview(body(contactId, { variant: "B" }))).json();
    expect([b.variant, b.subject]).toEqual(["B", "B for Priya Raman Co"]);
    const none = await preview(body(contactId, { variant: "C" }));
    expect(none.statusCode, none.body).toBe(400);
  });

  it("shows a field the contact lacks as [field]", async () => {
    const c = await h.database.db
      .insertInto("contacts")
      .values({ client_id: t.clientId, full_name: "Cher", email: "cher@pes.test" })
      .returning("contact_id")
      .executeTakeFirstOrThrow();
    const res = await preview(body(c.contact_id));
    expect(res.json()).toMatchObject({
      subject: "[account.name] at B2B eCommerce World",
      missing: ["account.name"],
    });
  });

  it("refuses another tenant's contact (404), other roles (403), forged fields and bad channels (400)", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const other = await createTenant(h.database.db, "pes2");
    expect((await preview(body(contactId), other.revops.auth)).statusCode).toBe(404);
    expect((await preview(body("00000000-0000-4000-8000-000000000000"))).statusCode).toBe(404);
    expect((await preview(body(contactId), t.rep.auth)).statusCode).toBe(403);
    expect((await preview(body(contactId), t.agt301.auth)).statusCode).toBe(403);
    expect((await preview(body(contactId, { to: "x@evil.test" }))).statusCode).toBe(400);
    expect((await preview(body("x"))).statusCode).toBe(400);
    expect((await preview(body(contactId, { step: edited({ channel: "pigeon" }) }))).statusCode).toBe(400);
    const noAuth = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns/preview-step",
      payload: body(contactId),
    });
    expect(noAuth.statusCode).toBe(401);
  });
});
