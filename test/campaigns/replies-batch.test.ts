// processReplies (spec 002 process_reply for a batch): the same results and the same rows as
// processReply called on each reply in order, checked on two identical tenants - one gets the batch,
// the other the replies one by one. The batch covers every intent, a contact with two live
// enrollments (the one touched last answers), a named enrollment, a reply by email, two replies of
// one contact, a Message-ID delivered twice, an unknown contact and an enrollment of another contact.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../src/campaigns/define-campaign.ts";
import { enrollContact } from "../../src/campaigns/enroll-contact.ts";
import { campaignEventRow } from "../../src/campaigns/log-event.ts";
import { processReplies } from "../../src/campaigns/process-replies-batch.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import type { ReplyInput } from "../../src/campaigns/reply-lookups.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { appendEvents } from "../../src/event-log/append-events.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { openEveryClass } from "../support/automation.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { labelled, sameRows, tenantRows } from "../support/tenant-rows.ts";
import { DAY, newContact, T0, twoStepCampaign } from "./helpers.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(() => d?.close());

const T1 = new Date(T0.getTime() + 2 * DAY);

// "INTENT[:YYYY-MM-DD] anything" → that intent (and return date)
const classifier = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [intent, date] = text.split(" ")[0].split(":");
    return {
      intent: intent as ReplyIntent,
      returnDate: date ? new Date(`${date}T09:00:00Z`) : null,
      confidence: 1,
      by: "fixed",
    };
  },
};

const campaign = twoStepCampaign;

// each contact, the campaigns it is enrolled in (in order)
const ENROLLED = {
  meeting: ["gated"],
  interested: ["chain_from"],
  notint: ["deal"],
  unsub: ["plain"],
  ooo: ["plain", "second"],
  oooPast: ["plain"],
  two: ["plain", "second"],
  none: [],
  named: ["plain", "second"],
  byEmail: ["gated"],
  twice: ["gated"],
  dup: ["plain"],
  stray: ["plain"],
} as const satisfies Record<string, readonly string[]>;
type Label = keyof typeof ENROLLED;

interface Scenario {
  t: Tenant;
  contacts: Record<Label, string>;
  emails: Record<Label, string>;
  enrollments: Record<string, string>;
}

async function scenario(db: Kysely<DB>): Promise<Scenario> {
  const t = await createTenant(db, "rpb");
  // the team has earned automation: a sure reading acts alone (issue 72 item 1)
  await openEveryClass(db, t.clientId);
  for (const c of [
    campaign("gated", "nurture", { meeting: { gate: "exec" } }),
    campaign("next_up", "nurture", {}),
    campaign("chain_from", "nurture", { converted: "next_up" }),
    campaign("deal", "sales", {}),
    campaign("plain", "nurture", {}),
    campaign("second", "nurture", {}),
  ])
    await createCampaign(db, t.revops, c, T0);
  const s: Scenario = { t, contacts: {} as any, emails: {} as any, enrollments: {} };
  for (const l of Object.keys(ENROLLED) as Label[]) {
    const c = await newContact(db, t.clientId, l);
    s.contacts[l] = c.contactId;
    s.emails[l] = c.email;
    // a minute apart: "enrolled last" is one of them on both tenants (ids are random)
    for (const [k, slug] of ENROLLED[l].entries()) {
      const at = new Date(T0.getTime() + k * 60_000);
      const r = await enrollContact(db, t.sales, { campaign: slug, contactId: c.contactId }, at);
      s.enrollments[`${l}/${slug}`] = r.enrollment_id!;
    }
  }
  await db.updateTable("contacts").set({ updated_at: T0 }).where("client_id", "=", t.clientId).execute();
  // "two": its second enrollment was touched last, so the reply answers that one
  const touched = await db
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("id", "=", s.enrollments["two/second"])
    .executeTakeFirstOrThrow();
  await appendEvents(db, [
    {
      ...campaignEventRow(
        { type: "paused", clientId: t.clientId, contactId: s.contacts.two, enrollment: touched, details: {} },
        new Date(T0.getTime() + DAY),
      ),
      event_type: "touch",
    },
  ]);
  return s;
}

/** The replies of the batch, in order. */
function inputs(s: Scenario): ReplyInput[] {
  const r = (l: Label, text: string, extra: Partial<ReplyInput> = {}): ReplyInput => ({
    contactId: s.contacts[l],
    text,
    receivedAt: T1,
    ...extra,
  });
  return [
    r("meeting", "meeting let's talk"),
    r("interested", "interested tell me more"),
    r("notint", "not_interested no thanks"),
    r("unsub", "unsubscribe stop"),
    r("ooo", "out_of_office:2026-03-20 away"),
    r("oooPast", "out_of_office:2026-03-01 was away"),
    r("two", "other a question"),
    r("none", "meeting no enrollment"),
    r("named", "not_interested this one", { enrollmentId: s.enrollments["named/plain"] }),
    { email: s.emails.byEmail.toUpperCase(), text: "meeting by email", receivedAt: T1 },
    r("twice", "other first"),
    r("dup", "other once", { messageId: "<m1@example.test>" }),
    r("twice", "meeting second"),
    r("dup", "other again", { messageId: "<m1@example.test>" }),
    { contactId: "00000000-0000-4000-8000-000000000000", text: "other who", receivedAt: T1 },
    r("stray", "other wrong enrollment", { enrollmentId: s.enrollments["dup/plain"] }),
  ];
}

const outcome = (r: unknown) => (isBatonError(r) ? { error: r.code } : r);
// the enrollments a reply held are a set: each path lists them in the order it locked them
const heldAsSet = (v: unknown) =>
  (v as Record<string, unknown>[]).map((o) =>
    Array.isArray(o.held_enrollment_ids)
      ? { ...o, held_enrollment_ids: [...o.held_enrollment_ids].sort() }
      : o,
  );

describe("processReplies", () => {
  it("writes the same rows and returns the same results as processReply one by one", async () => {
    const a = await scenario(d.db);
    const b = await scenario(d.db);
    const batch = await processReplies(d.db, a.t.agt301, inputs(a), T1, classifier);
    const oneByOne: unknown[] = [];
    for (const input of inputs(b))
      oneByOne.push(await processReply(d.db, b.t.agt301, input, T1, classifier).catch((e) => e));

    const ra = await tenantRows(d.db, a.t, a.contacts);
    const rb = await tenantRows(d.db, b.t, b.contacts);
    expect(heldAsSet(labelled(ra, batch.map(outcome)))).toEqual(
      heldAsSet(labelled(rb, oneByOne.map(outcome))),
    );
    sameRows(expect, ra, rb);

    // and they are what the scenario asks for
    const got = labelled(ra, batch.map(outcome)) as Record<string, any>[];
    expect(got.map((r) => r.error ?? [r.action, r.exit_reason, r.exit?.next.kind ?? null])).toEqual([
      ["exited", "meeting", "handoff"],
      // issue 72 item 1: a yes whose on_exit would enroll the person elsewhere waits for a person,
      // even in an open class (campaignAllowsAlone, src/campaigns/process-reply.ts)
      ["held", null, null],
      ["exited", "rejected", "none"],
      ["opted_out", null, null],
      ["paused", null, null],
      ["continued", null, null],
      // issue 56: `other` waits for a person, the enrollment it answers held
      ["held", null, null],
      ["no_enrollment", null, null],
      ["exited", "rejected", "none"],
      ["exited", "meeting", "handoff"],
      ["held", null, null],
      ["held", null, null],
      ["exited", "meeting", "handoff"],
      ["held", null, null],
      "REPLY_CONTACT_UNKNOWN",
      "ENROLLMENT_NOT_FOUND",
    ]);
    expect(got[6].enrollment_id).toBe("enrollment:contact:two/campaign:second");
    expect(got[8].enrollment_id).toBe("enrollment:contact:named/campaign:plain");
    expect(got[13].duplicate).toBe(true);
    expect(got[13].reply_id).toBe(got[11].reply_id);
    expect(got[4].paused_until).toBe("2026-03-20T09:00:00.000Z");
    expect(ra.replies).toHaveLength(13);
    // the first twelve replies (up to the second of "twice") went in one transaction; the last
    // segment ("twice" again and the stray enrollment) failed as a batch and went one by one
    const xacts = await d.db
      .selectFrom("cadence_event_log")
      .select(["contact_id", sql<string>`xact::text`.as("xact")])
      .where("client_id", "=", a.t.clientId)
      .where("event_type", "=", "reply")
      .execute();
    const firstSegment = (
      ["meeting", "interested", "notint", "unsub", "ooo", "two", "byEmail"] as Label[]
    ).map((l) => a.contacts[l]);
    expect(
      new Set(xacts.filter((x) => firstSegment.includes(x.contact_id!)).map((x) => String(x.xact))).size,
    ).toBe(1);
    expect(ra.handoffs).toHaveLength(3);
  });

  it("replies of a batch are each what one reply alone gives when the batch holds one", async () => {
    const a = await scenario(d.db);
    const b = await scenario(d.db);
    const [one] = await processReplies(d.db, a.t.agt301, [inputs(a)[0]], T1, classifier);
    const alone = await processReply(d.db, b.t.agt301, inputs(b)[0], T1, classifier);
    const ra = await tenantRows(d.db, a.t, a.contacts);
    const rb = await tenantRows(d.db, b.t, b.contacts);
    expect(labelled(ra, one)).toEqual(labelled(rb, alone));
    sameRows(expect, ra, rb);
  });

  it("counts a segment's automation classes in one statement, the spot checks where one by one puts them", async () => {
    // seven sure no's in a class open with a spot check every 3rd (1 counted before): the 3rd and
    // 6th counts go to a person; a sure yes in a closed class waits for a person and counts nothing
    const tenant = async () => {
      const s = await scenario(d.db);
      await d.db
        .updateTable("reply_automation_classes")
        .set({ spot_check_every: 3, acted: 1 })
        .where("client_id", "=", s.t.clientId)
        .where("intent", "=", "not_interested")
        .execute();
      await d.db
        .updateTable("reply_automation_classes")
        .set({ state: "closed", opened_at: null })
        .where("client_id", "=", s.t.clientId)
        .where("intent", "=", "meeting")
        .execute();
      const ids: string[] = [];
      for (let k = 0; k < 7; k++) {
        const c = await newContact(d.db, s.t.clientId, `no${k}`);
        await enrollContact(d.db, s.t.sales, { campaign: "deal", contactId: c.contactId }, T0);
        ids.push(c.contactId);
      }
      const replies: ReplyInput[] = [
        ...ids.map((contactId) => ({ contactId, text: "not_interested no thanks", receivedAt: T1 })),
        { contactId: s.contacts.meeting, text: "meeting let's talk", receivedAt: T1 },
      ];
      return { s, ids, replies };
    };
    const a = await tenant();
    const b = await tenant();
    const counts = (clientId: string) =>
      d.db
        .selectFrom("reply_automation_classes")
        .select(["intent", "language", "acted"])
        .where("client_id", "=", clientId)
        .where("acted", ">", 0)
        .orderBy("intent")
        .orderBy("language")
        .execute();
    const before = await counts(a.s.t.clientId);
    const batch = await processReplies(d.db, a.s.t.agt301, a.replies, T1, classifier);
    const oneByOne: unknown[] = [];
    for (const input of b.replies)
      oneByOne.push(await processReply(d.db, b.s.t.agt301, input, T1, classifier).catch((e) => e));
    const actions = (rs: unknown[]) => rs.map((r) => (r as { action: string }).action);
    expect(actions(batch)).toEqual([
      "exited",
      "held",
      "exited",
      "exited",
      "held",
      "exited",
      "exited",
      "held",
    ]);
    expect(actions(oneByOne)).toEqual(actions(batch));
    const [ca, cb] = [await counts(a.s.t.clientId), await counts(b.s.t.clientId)];
    expect(ca).toEqual(cb);
    // one class counted the seven (before: every not_interested class at 1), the closed one nothing
    const total = (rows: { intent: string; acted: number }[], intent: string) =>
      rows.filter((r) => r.intent === intent).reduce((n, r) => n + r.acted, 0);
    expect(total(ca, "not_interested") - total(before, "not_interested")).toBe(7);
    expect(total(ca, "meeting")).toBe(0);
  });

  it("refuses a principal that may not submit replies, before reading anything", async () => {
    const a = await scenario(d.db);
    await expect(processReplies(d.db, a.t.slm, inputs(a), T1, classifier)).rejects.toMatchObject({
      code: "FORBIDDEN_ROLE",
    });
  });
});
