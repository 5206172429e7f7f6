// spec 002 process_reply over HTTP: each classification path, unknown contacts, duplicates, and the
// out-of-office pause that resumes on its own. The classifier is pluggable; these tests plug in a
// fixed one so that they test the routing, not the rules (the rule classifier has its own tests).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumePausedEnrollments, setCampaignPorts } from "../../src/campaigns/index.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { openEveryClass } from "../support/automation.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { DAY, defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

// "INTENT[:YYYY-MM-DD] anything" → that intent (and return date)
const fixedClassifier = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [head] = text.split(" ");
    const [intent, date] = head.split(":");
    return {
      intent: intent as ReplyIntent,
      returnDate: date ? new Date(`${date}T09:00:00Z`) : null,
      confidence: 1,
      by: "fixed",
    };
  },
};

beforeAll(async () => {
  setCampaignPorts({ classifier: fixedClassifier });
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "rep");
  // the team has earned automation: a sure reading acts alone (issue 72 item 1)
  await openEveryClass(h.database.db, t.clientId);
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(async () => {
  setCampaignPorts({});
  await h.close();
});

const enroll = async (slug: string, contactId: string) =>
  (
    await h.app.inject({
      method: "POST",
      url: `/api/v1/campaigns/${slug}/enrollments`,
      headers: t.sales.auth,
      payload: { contact_id: contactId, goal: "awareness" },
    })
  ).json().enrollment_id as string;
const reply = (payload: Record<string, unknown>, who: TestPrincipal = t.agt301) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/replies",
    headers: who.auth,
    payload: { received_at: h.clock.now!.toISOString(), ...payload },
  });
const enrollment = (id: string) =>
  h.database.db.selectFrom("campaign_contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const liveSlugs = async (contactId: string) =>
  (
    await h.database.db
      .selectFrom("campaign_contacts as e")
      .innerJoin("campaigns as c", "c.id", "e.campaign_id")
      .select("c.slug")
      .where("e.contact_id", "=", contactId)
      .where("e.status", "=", "active")
      .execute()
  ).map((r) => r.slug);

describe("process_reply", () => {
  it("a positive reply at step 3 of the close sequence exits converted and lands in b2bea_membership_cs", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = await enroll("b2bea_membership_close", contactId);
    await h.database.db
      .updateTable("campaign_contacts")
      .set({ current_step: 3 })
      .where("id", "=", id)
      .execute();
    const r = await reply({ contact_id: contactId, text: "interested Let's do it" });
    expect(r.statusCode).toBe(200);
    // issue 72 item 1: the campaign's on_exit would enroll the person in the CS campaign on its own,
    // so even a sure yes waits for a person there (never beyond what the campaign allows)
    expect(r.json()).toMatchObject({
      intent: "interested",
      action: "held",
      triage: "pending",
      enrollment_id: id,
    });
    const decided = await h.app.inject({
      method: "POST",
      url: `/api/v1/replies/triage/${r.json().reply_id}/decide`,
      headers: t.revops.auth,
      payload: { decision: "exit", exit_reason: "converted" },
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().effects.exit.next).toMatchObject({
      kind: "enrolled",
      campaign: "b2bea_membership_cs",
    });
    expect((await enrollment(id)).status).toBe("converted");
    expect(await liveSlugs(contactId)).toEqual(["b2bea_membership_cs"]);
    const ops = await h.database.db
      .selectFrom("crm_outbox")
      .select("op")
      .where("contact_id", "=", contactId)
      .execute();
    expect(ops.map((o) => o.op)).toContain("log_activity");
  });

  it("a meeting reply in a BDR campaign exits `meeting` into the exec hand-off (the campaign's own on_exit key)", async () => {
    const { contactId, email } = await newContact(h.database.db, t.clientId);
    const id = await enroll("b2bea_membership", contactId);
    const r = await reply({ email: email.toUpperCase(), text: "meeting Tuesday works" });
    expect(r.json()).toMatchObject({
      action: "exited",
      exit_reason: "meeting",
      exit: { next: { kind: "handoff" } },
    });
    expect((await enrollment(id)).status).toBe("exited");
  });

  it("not interested → rejected", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = await enroll("b2bea_membership_close", contactId);
    const r = await reply({ contact_id: contactId, text: "not_interested no thanks" });
    expect(r.json()).toMatchObject({ action: "exited", exit_reason: "rejected" });
    expect((await enrollment(id)).status).toBe("rejected");
  });

  it("an unsubscribe request opts the contact out everywhere", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const a = await enroll("b2bea_membership_close", contactId);
    const r = await reply({ contact_id: contactId, text: "unsubscribe remove me" });
    expect(r.json()).toMatchObject({ action: "opted_out", intent: "unsubscribe" });
    expect((await enrollment(a)).status).toBe("opted_out");
    const c = await h.database.db
      .selectFrom("contacts")
      .select("unsubscribe_flag")
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(c.unsubscribe_flag).toBe(true);
  });

  it("out of office pauses until the return date, then resumes on its own", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = await enroll("b2bea_membership_close", contactId);
    const r = await reply({ contact_id: contactId, text: "out_of_office:2026-03-12 back soon" });
    expect(r.json()).toMatchObject({ action: "paused", paused_until: "2026-03-12T09:00:00.000Z" });
    expect((await enrollment(id)).status).toBe("paused");
    await resumePausedEnrollments(h.database.db, new Date("2026-03-12T08:00:00Z"));
    expect((await enrollment(id)).status).toBe("paused");
    const back = new Date("2026-03-12T10:00:00Z");
    expect((await resumePausedEnrollments(h.database.db, back)).resumed).toBeGreaterThanOrEqual(1);
    const e = await enrollment(id);
    expect(e.status).toBe("active");
    expect(e.paused_until).toBeNull();
    expect(new Date(e.next_send_at!).getTime()).toBeGreaterThanOrEqual(back.getTime());
  });

  it("out of office without a date pauses for 7 days", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    await enroll("b2bea_world", contactId);
    const r = await reply({ contact_id: contactId, text: "out_of_office away" });
    expect(r.json().paused_until).toBe(new Date(T0.getTime() + 7 * DAY).toISOString());
  });

  it("anything else holds the enrollment for a person (issue 56); every reply is kept and logged", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = await enroll("b2bea_membership_close", contactId);
    const before = await enrollment(id);
    const r = await reply({ contact_id: contactId, text: "other what is this about?" }, t.rep);
    expect(r.json()).toMatchObject({
      action: "held",
      intent: "other",
      triage: "pending",
      held_enrollment_ids: [id],
    });
    const after = await enrollment(id);
    expect([after.status, after.current_step, after.paused_until]).toEqual([
      "paused",
      before.current_step,
      null,
    ]);
    const ev = await h.database.db
      .selectFrom("cadence_event_log")
      .select(["details", "event_type", "resolution"])
      .where("contact_id", "=", contactId)
      .where("event_type", "in", ["reply", "paused"])
      .orderBy("event_id")
      .execute();
    expect(ev.map((e) => [e.event_type, e.resolution])).toEqual([
      ["paused", "reply_pending_triage"],
      ["reply", "held"],
    ]);
    expect(ev[1].details).toMatchObject({ intent: "other", action: "held", triage: "pending" });
  });

  it("a reply from a contact with no live enrollment is kept with action no_enrollment", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const r = await reply({ contact_id: contactId, text: "interested hi" });
    expect(r.json()).toMatchObject({ action: "no_enrollment", enrollment_id: null });
  });

  it("the same message delivered twice is processed once", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = await enroll("b2bea_membership_close", contactId);
    const first = await reply({
      contact_id: contactId,
      text: "not_interested",
      message_id: "<m1@mail.test>",
    });
    const second = await reply({
      contact_id: contactId,
      text: "not_interested",
      message_id: "<m1@mail.test>",
    });
    expect(first.json().duplicate).toBe(false);
    expect(second.json()).toMatchObject({
      duplicate: true,
      reply_id: first.json().reply_id,
      action: "exited",
    });
    expect((await enrollment(id)).status).toBe("rejected");
  });

  it("refuses a reply for an unknown contact, by id or email, and a principal that may not submit", async () => {
    let r = await reply({ contact_id: "00000000-0000-4000-8000-000000000009", text: "interested" });
    expect([r.statusCode, r.json().error.code]).toEqual([404, "REPLY_CONTACT_UNKNOWN"]);
    r = await reply({ email: "nobody@nowhere.test", text: "interested" });
    expect(r.json().error.code).toBe("REPLY_CONTACT_UNKNOWN");
    r = await reply({ text: "interested" });
    expect(r.json().error.code).toBe("VALIDATION_FAILED");
    const { contactId } = await newContact(h.database.db, t.clientId);
    r = await reply({ contact_id: contactId, text: "interested" }, t.slm);
    expect(r.statusCode).toBe(403);
  });
});
