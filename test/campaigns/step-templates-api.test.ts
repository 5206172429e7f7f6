// issue 37 item 4 over HTTP: a step's subject_template and body_template are stored and read back,
// refused at save when a field does not exist or the template does not parse (create and update,
// nothing written), and previewed for one contact with the fields filled in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPEC_CAMPAIGNS } from "../../src/campaigns/spec-campaigns.ts";
import { readBookingToken } from "../../src/meetings/booking-link.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, step, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

const written = (extra: Record<string, unknown> = {}) => ({
  slug: "written",
  name: "Written by a person",
  type: "event",
  owner_role: "roles.bdr",
  kind: "marketing",
  steps: [
    step(1, 0, {
      subject_template: "{{account.name}} at B2B eCommerce World",
      body_template:
        'Hi {{contact.first_name | default: "there"}},\n\nSee you there.\n\n{{sender.first_name}}',
    }),
    step(2, 3, { body_template: "Hi {{contact.first_name}}, last call." }),
  ],
  ...extra,
});

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "tpl");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const post = (payload: Record<string, unknown>) =>
  h.app.inject({ method: "POST", url: "/api/v1/campaigns", headers: t.revops.auth, payload });

describe("step templates at save", () => {
  it("stores the written subject and body, and reads them back; blank is none", async () => {
    const res = await post(written({ steps: [...written().steps, step(3, 5, { body_template: "  " })] }));
    expect(res.statusCode, res.body).toBe(201);
    const steps = res.json().steps;
    expect(steps[0].subject_template).toBe("{{account.name}} at B2B eCommerce World");
    expect(steps[0].body_template).toMatch(/^Hi \{\{contact\.first_name/);
    expect(steps[1]).toMatchObject({
      subject_template: null,
      body_template: "Hi {{contact.first_name}}, last call.",
    });
    expect(steps[2]).toMatchObject({ subject_template: null, body_template: null });
    const read = await h.app.inject({ url: "/api/v1/campaigns/written", headers: t.rep.auth });
    expect(read.json().steps[0].subject_template).toBe("{{account.name}} at B2B eCommerce World");
  });

  it("refuses a field that does not exist, naming the step, the part and the fields it knows", async () => {
    const bad = written({
      slug: "typo",
      steps: [step(1, 0), step(2, 3, { body_template: "Hi {{contact.frist_name}}," })],
    });
    const res = await post(bad);
    expect(res.statusCode).toBe(422);
    const e = res.json().error;
    expect(e.code).toBe("CAMPAIGN_STEP_TEMPLATE_INVALID");
    expect(e.message).toMatch(
      /^step 2 body: \{\{contact\.frist_name\}\} is not a merge field \(did you mean \{\{contact\.first_name\}\}\?\); known: contact\.first_name, contact\.last_name/,
    );
    expect(e.facts.problems[0].path).toBe("/steps/1/body_template");
    expect(e.next_action).toMatch(/merge fields/);
    const none = await h.app.inject({ url: "/api/v1/campaigns/typo", headers: t.revops.auth });
    expect(none.statusCode).toBe(404);
  });

  it("refuses a template that does not parse, a filter or tag outside the lists, and a LinkedIn subject", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ subject_template: "Hi {{ contact.first_name" }, /^step 1 subject: the template does not parse/],
      [{ body_template: '{% include "x" %}' }, /^step 1 body: \{% include %\} is not allowed/],
      [{ body_template: "{{ account.name | slice: 1 }}" }, /^step 1 body: the filter 'slice' is not allowed/],
      [
        { channel: "linkedin", subject_template: "Hello" },
        /^step 1 subject: a LinkedIn message has no subject; remove subject_template/,
      ],
      [
        {
          variants: [
            { key: "A", subject: "{{contact.nick}}", instructions: "a", weight: 1 },
            { key: "B", subject: "B", instructions: "b", weight: 1 },
          ],
        },
        /^step 1 variant A subject: \{\{contact\.nick\}\} is not a merge field/,
      ],
    ];
    for (const [extra, message] of cases) {
      const res = await post(written({ slug: "bad_one", steps: [step(1, 0, extra)] }));
      expect(res.statusCode, JSON.stringify(extra)).toBe(422);
      expect(res.json().error.code).toBe("CAMPAIGN_STEP_TEMPLATE_INVALID");
      expect(res.json().error.message).toMatch(message);
    }
  });

  it("refuses an update the same way and keeps the stored steps", async () => {
    const res = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/written",
      headers: t.revops.auth,
      payload: { steps: [step(1, 0, { body_template: "{{ account.revenue }}" })] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/^step 1 body: \{\{account\.revenue\}\} is not a merge field/);
    const read = await h.app.inject({ url: "/api/v1/campaigns/written", headers: t.revops.auth });
    expect(read.json().steps).toHaveLength(3);
  });
});

describe("GET /api/v1/campaigns/:slug/steps/:step/preview", () => {
  const preview = (slug: string, n: number, contactId: string, auth = t.rep.auth) =>
    h.app.inject({
      url: `/api/v1/campaigns/${slug}/steps/${n}/preview?contact_id=${contactId}`,
      headers: auth,
    });

  it("renders the written step for the contact: ready to approve as written", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId, "Priya Raman");
    const res = await preview("written", 1, contactId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      campaign: "written",
      step_number: 1,
      channel: "email",
      contact: { contact_id: contactId, full_name: "Priya Raman", company: "Priya Raman Co" },
      enrollment_id: null,
      subject: "Priya Raman Co at B2B eCommerce World",
      // no owner: the sender is the engine's signature name
      body: "Hi Priya,\n\nSee you there.\n\nBaton",
      from_templates: { subject: true, body: true },
      missing: [],
      ready: true,
    });
  });

  it("shows a missing field as [field] and says the draft waits for a person", async () => {
    const db = h.database.db;
    const c = await db
      .insertInto("contacts")
      .values({ client_id: t.clientId, full_name: "Cher", email: "cher@tpl.test" })
      .returning("contact_id")
      .executeTakeFirstOrThrow();
    const res = await preview("written", 1, c.contact_id);
    expect(res.json()).toMatchObject({
      subject: "[account.name] at B2B eCommerce World",
      missing: ["account.name"],
      ready: false,
      unfinished: { template_note: false, parts: ["[account.name]"] },
    });
  });

  it("fills {{sender.booking_link}} with the owner's page and a token naming the contact", async () => {
    const db = h.database.db;
    const res = await post({
      slug: "book",
      name: "Book a time",
      type: "event",
      owner_role: "roles.bdr",
      kind: "marketing",
      steps: [step(1, 0, { body_template: "Pick a time: {{sender.booking_link}}\n\n{{sender.full_name}}" })],
    });
    expect(res.statusCode, res.body).toBe(201);
    const owned = await newContact(db, t.clientId, "Ola Nordmann");
    const unowned = await newContact(db, t.clientId, "Kari Nordmann");
    await db
      .updateTable("contacts")
      .set({ owner_principal_id: t.rep.principalId })
      .where("contact_id", "in", [owned.contactId, unowned.contactId])
      .execute();
    // the owner has no booking page yet: the field is missing and the draft waits for a person
    const before = (await preview("book", 1, owned.contactId)).json();
    expect(before).toMatchObject({ missing: ["sender.booking_link"], ready: false });
    const set = await h.app.inject({
      method: "PUT",
      url: "/api/v1/me/booking-link",
      headers: t.rep.auth,
      payload: { booking_url: "https://calendly.com/rep/30min" },
    });
    expect(set.statusCode, set.body).toBe(200);
    const links = [];
    for (const c of [owned, unowned]) {
      const r = (await preview("book", 1, c.contactId)).json();
      expect(r).toMatchObject({ missing: [], ready: true });
      const link = new URL(/https:\/\/\S+/.exec(r.body)![0]);
      expect(`${link.origin}${link.pathname}`).toBe("https://calendly.com/rep/30min");
      // the token names this contact, and no other tenant's
      const token = link.searchParams.get("utm_content");
      expect(readBookingToken(h.deps.config.secret, t.clientId, token)).toBe(c.contactId);
      links.push(link.href);
    }
    expect(links[0]).not.toBe(links[1]);
  });

  it("previews the spec's event invitation without pretending we spoke", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId, "Tom Becker");
    const res = await preview("b2bea_world", 1, contactId, t.exec.auth);
    expect(res.statusCode).toBe(200);
    expect(res.json().subject).toBe("An invitation to B2B eCommerce World");
    expect(res.json().body).toMatch(/^Hi Tom,/);
    expect(`${res.json().subject} ${res.json().body}`).not.toMatch(/speaking today/i);
    expect(res.json().ready).toBe(true);
    const linkedin = await preview("b2bea_world", 2, contactId);
    expect(linkedin.json()).toMatchObject({ channel: "linkedin", subject: null, ready: true });
    expect(SPEC_CAMPAIGNS.find((c) => c.slug === "b2bea_world")?.steps[1].subject_template).toBeNull();
  });

  it("answers 404 for an unknown step, contact or campaign, and refuses agents", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    expect((await preview("written", 9, contactId)).statusCode).toBe(404);
    expect((await preview("written", 1, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await preview("nope", 1, contactId)).statusCode).toBe(404);
    const other = await createTenant(h.database.db, "tpl2");
    expect((await preview("written", 1, contactId, other.revops.auth)).statusCode).toBe(404);
    expect((await preview("written", 1, contactId, t.agt301.auth)).statusCode).toBe(403);
    const bad = await h.app.inject({
      url: "/api/v1/campaigns/written/steps/1/preview?contact_id=x",
      headers: t.rep.auth,
    });
    expect(bad.statusCode).toBe(400);
  });
});
