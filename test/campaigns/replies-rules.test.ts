// process_reply with the built-in rule classifier (src/replies, the default port): real reply
// texts take the spec's paths end to end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { openEveryClass } from "../support/automation.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "rules");
  // the team has earned automation: a sure reading acts alone (issue 72 item 1)
  await openEveryClass(h.database.db, t.clientId);
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(() => h.close());

// issue 72 item 1: the close campaign's on_exit enrolls a converted person in the CS campaign on
// its own, so a sure yes there waits for a person (held) even where the class is open: the reading is
// what these cases check
const cases: [string, string, Record<string, unknown>][] = [
  [
    "Yes, I'm interested. Please send more details.",
    "paused",
    { action: "held", triage: "pending", intent: "interested" },
  ],
  // issue 72: a yes that asks a question is not a yes Baton acts on alone; a person answers it
  ["Yes, I'm interested. Can you send more details?", "paused", { action: "held", triage: "pending" }],
  ["Not interested, thanks.", "rejected", { action: "exited", exit_reason: "rejected" }],
  ["Please remove me from your mailing list.", "opted_out", { action: "opted_out" }],
  ["I am out of the office until March 12 with limited access to email.", "paused", { action: "paused" }],
  // issue 56: a reply Baton cannot read waits for a person, the enrollment held
  ["Who are you?", "paused", { action: "held", triage: "pending" }],
  // issue 35: a plain yes that names a time stops the sequence as a positive reply
  [
    "Sure, happy to meet. Tuesday at 10am works for a call.",
    "paused",
    { action: "held", triage: "pending", intent: "meeting" },
  ],
  ["Gerne, schicken Sie mir mehr Informationen.", "paused", { action: "held", intent: "interested" }],
  ["Bitte nehmen Sie mich aus Ihrem Verteiler.", "opted_out", { action: "opted_out" }],
  ["Estoy fuera de la oficina hasta el 12 de marzo.", "paused", { action: "paused" }],
];

/** A new contact enrolled in the close campaign replies `text` at T0: the reply's answer, the enrollment after it. */
async function enrollAndReply(text: string) {
  const { contactId } = await newContact(h.database.db, t.clientId);
  const enrolled = await h.app.inject({
    method: "POST",
    url: "/api/v1/campaigns/b2bea_membership_close/enrollments",
    headers: t.sales.auth,
    payload: { contact_id: contactId },
  });
  const r = await h.app.inject({
    method: "POST",
    url: "/api/v1/replies",
    headers: t.agt301.auth,
    payload: { contact_id: contactId, text, received_at: T0.toISOString() },
  });
  expect(r.statusCode).toBe(200);
  const enrollment = await h.database.db
    .selectFrom("campaign_contacts")
    .select(["status", "paused_until"])
    .where("id", "=", enrolled.json().enrollment_id)
    .executeTakeFirstOrThrow();
  return { answer: r.json(), enrollment };
}

describe("process_reply with the rule classifier", () => {
  for (const [text, status, expected] of cases) {
    it(`"${text}" → ${status}`, async () => {
      const { answer, enrollment } = await enrollAndReply(text);
      expect(answer).toMatchObject(expected);
      expect(answer.classified_by).toMatch(/^rules:/);
      expect(enrollment.status).toBe(status);
    });
  }
});

// an absence that names a month, not a day, pauses until the first day back, not the default week
describe("process_reply: an out-of-office that names a month", () => {
  const pausedUntil = async (text: string) => {
    const { answer, enrollment } = await enrollAndReply(text);
    expect(answer).toMatchObject({ action: "paused", intent: "out_of_office" });
    expect(enrollment.status).toBe("paused");
    return new Date(enrollment.paused_until as Date).toISOString().slice(0, 10);
  };
  const next = (month: number, day = 1) => {
    const y = T0.getUTCFullYear() + (month > T0.getUTCMonth() ? 0 : 1);
    return new Date(Date.UTC(y, month, day)).toISOString().slice(0, 10);
  };

  it("until January: the 1st of the next January", async () => {
    expect(
      await pausedUntil(
        "I am on parental leave until January and will not read email. Urgent: office@acme.example",
      ),
    ).toBe(next(0));
  });

  it("bis Ende Januar: the 1st of February", async () => {
    expect(await pausedUntil("Ich bin bis Ende Januar in Elternzeit und lese keine E-Mails.")).toBe(next(1));
  });

  it("no day and no month: the default week", async () => {
    expect(
      await pausedUntil("I'm out of the office with limited access to email. I will reply when I am back."),
    ).toBe(new Date(T0.getTime() + 7 * 86_400_000).toISOString().slice(0, 10));
  });
});

/** A reply that waits for a person: held, the enrollment paused, and what triage offers first. */
async function heldForPerson(text: string, intent: string) {
  const { answer, enrollment } = await enrollAndReply(text);
  expect(answer).toMatchObject({ action: "held", triage: "pending", intent });
  expect(enrollment.status).toBe("paused");
  const r = await h.app.inject({
    method: "GET",
    url: `/api/v1/replies/triage/${answer.reply_id}`,
    headers: t.revops.auth,
  });
  expect(r.statusCode).toBe(200);
  return r.json();
}

// someone covering the inbox offers a contact for urgent matters: the absence's stand-in, not a
// referral; the reply waits for a person, who is offered Later until the day the person is back
describe("process_reply: a colleague covering the inbox, with a contact for urgent matters", () => {
  it("holds the enrollment for a person; triage suggests Later with the return date", async () => {
    const triage = await heldForPerson(
      "I am covering Dana's inbox while she is away until 12 January. Please contact me at lee@acme.test if urgent.",
      "out_of_office",
    );
    expect(triage).toMatchObject({
      suggested: "later",
      reading: { intent: "out_of_office", referral: null },
    });
    expect(String(triage.reading.return_date)).toMatch(/-01-12/);
  });
});

// the writer will take it to someone who is away and answer when they are back: a delay until
// then, which a person confirms (was `other`, 50%, no day: triage offered Continue)
describe("process_reply: the writer waits for someone away before answering", () => {
  it("holds the enrollment for a person; triage suggests Later until the day they are back", async () => {
    const triage = await heldForPerson(
      "My boss is away until March, I will discuss it with her then.",
      "later",
    );
    expect(triage).toMatchObject({ suggested: "later", reading: { intent: "later" } });
    expect(String(triage.reading.return_date)).toMatch(/-03-01/);
  });
});

// the person says they left (issue 72 item 3): the enrollment ends as left_company, whatever the
// reading's confidence, as a colleague's notice does
describe("process_reply: the person writes that they left the company", () => {
  it("ends the enrollment as left_company", async () => {
    const { answer, enrollment } = await enrollAndReply(
      "I'm no longer with Acme, please contact Jane Doe at jane@acme.test instead.",
    );
    expect(answer).toMatchObject({ action: "exited", exit_reason: "left_company" });
    expect(enrollment.status).toBe("exited");
  });
});
