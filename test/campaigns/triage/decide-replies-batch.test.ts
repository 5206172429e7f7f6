// decideReplies (bulk triage, issue 56 item 2): the same results and the same rows as decideReply
// called on each id in order, checked on two identical tenants - one gets the batch, the other the
// ids one by one - for every decision. The ids mix pending replies, a stop signal that held the
// contact's other enrollment, two replies of one contact, sure readings counted toward their
// automation classes (one class closed by a disagreement, then counted on), a reply already decided,
// one Baton handled alone (not in triage), an unknown id and the same id twice (an idempotent repeat).
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../../src/auth/principal.ts";
import { createCampaign } from "../../../src/campaigns/define-campaign.ts";
import { enrollContact } from "../../../src/campaigns/enroll-contact.ts";
import { processReply } from "../../../src/campaigns/process-reply.ts";
import { decideReplies } from "../../../src/campaigns/triage/decide-replies.ts";
import { decideReply } from "../../../src/campaigns/triage/decide-reply.ts";
import type { DecideInput } from "../../../src/campaigns/triage/triage-decisions.ts";
import type { Database } from "../../../src/db/connect.ts";
import type { DB } from "../../../src/db/database.ts";
import { isBatonError } from "../../../src/errors/baton-error.ts";
import type { Classification, ReplyIntent } from "../../../src/replies/classifier.ts";
import { openEveryClass } from "../../support/automation.ts";
import { testDatabase } from "../../support/db.ts";
import { createTenant, type Tenant } from "../../support/tenant.ts";
import { labelled, sameRows, tenantRows } from "../../support/tenant-rows.ts";
import { DAY, newContact, T0, twoStepCampaign } from "../helpers.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(() => d?.close());

const T1 = new Date(T0.getTime() + DAY);
const T2 = new Date(T0.getTime() + 2 * DAY);

// "INTENT[:YYYY-MM-DD][!] anything" → that intent (return date, stop signal), sure
const classifier = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [head] = text.split(" ");
    const m = /^([a-z_]+)(?::(\d{4}-\d\d-\d\d))?(!)?$/.exec(head)!;
    return {
      intent: m[1] as ReplyIntent,
      returnDate: m[2] ? new Date(`${m[2]}T09:00:00Z`) : null,
      confidence: 1,
      by: "fixed",
      stopSignal: m[3] === "!",
      referral: m[1] === "referral" ? { name: "Ana Ruiz", email: "ana.ruiz@example.test" } : null,
    };
  },
};

// each contact: its campaigns (in order) and its replies (in order)
const CONTACTS = {
  plain: { campaigns: ["plain"], replies: ["other what is this"] },
  stop: { campaigns: ["plain", "second"], replies: ["other! leave me alone"] },
  twice: { campaigns: ["plain", "second"], replies: ["other first", "other second"] },
  no1: { campaigns: ["deal"], replies: ["not_interested no thanks"] },
  no2: { campaigns: ["plain"], replies: ["not_interested no thanks again"] },
  yes: { campaigns: ["gated"], replies: ["meeting let's talk"] },
  chain: { campaigns: ["chain_from"], replies: ["interested tell me more"] },
  away: { campaigns: ["plain", "second"], replies: ["out_of_office:2026-03-20 away"] },
  ref: { campaigns: ["plain"], replies: ["referral ask Ana"] },
  decided: { campaigns: ["plain"], replies: ["other decided before"] },
  unsub: { campaigns: ["plain"], replies: ["unsubscribe stop"] },
  ended: { campaigns: ["plain"], replies: ["other answered an ended one"] },
} as const;
type Label = keyof typeof CONTACTS;

interface Scenario {
  t: Tenant;
  contacts: Record<string, string>;
  /** the replies' ids, "label" or "label#2" */
  replies: Record<string, string>;
}

async function scenario(db: Kysely<DB>): Promise<Scenario> {
  const t = await createTenant(db, "dbb");
  for (const c of [
    twoStepCampaign("gated", "nurture", { meeting: { gate: "exec" } }),
    twoStepCampaign("next_up", "nurture", {}),
    twoStepCampaign("chain_from", "nurture", { converted: "next_up" }),
    twoStepCampaign("deal", "sales", {}),
    twoStepCampaign("plain", "nurture", {}),
    twoStepCampaign("second", "nurture", {}),
  ])
    await createCampaign(db, t.revops, c, T0);
  const s: Scenario = { t, contacts: {}, replies: {} };
  for (const [l, c] of Object.entries(CONTACTS)) {
    const { contactId } = await newContact(db, t.clientId, l);
    s.contacts[l] = contactId;
    for (const [k, slug] of c.campaigns.entries())
      await enrollContact(db, t.sales, { campaign: slug, contactId }, new Date(T0.getTime() + k * 60_000));
  }
  await db.updateTable("contacts").set({ updated_at: T0 }).where("client_id", "=", t.clientId).execute();
  // a fresh tenant's classes are closed: every reply waits for a person (but a sure unsubscribe)
  for (const [l, c] of Object.entries(CONTACTS))
    for (const [k, text] of c.replies.entries()) {
      const at = new Date(T1.getTime() + k * 60_000);
      const r = await processReply(
        db,
        t.agt301,
        { contactId: s.contacts[l], text, receivedAt: at },
        at,
        classifier,
      );
      s.replies[k ? `${l}#${k + 1}` : l] = r.reply_id!;
    }
  // then the team earns its automation: a person's disagreement on a sure reading closes its class
  await openEveryClass(db, t.clientId, T1);
  await decideReply(db, t.revops2, { replyId: s.replies.decided, decision: "continue" }, T1);
  // "ended": the enrollment its reply answers ended meanwhile (an exit needs a live one)
  await db
    .updateTable("campaign_contacts")
    .set({ status: "exited", exit_reason: "rejected", exited_at: T1 })
    .where("client_id", "=", t.clientId)
    .where("contact_id", "=", s.contacts.ended)
    .execute();
  return s;
}

/** The ids of the batch, in order. */
function ids(s: Scenario): string[] {
  const r = (l: Label | `${Label}#2`) => s.replies[l];
  return [
    r("plain"),
    r("stop"),
    r("twice"),
    r("no1"),
    r("decided"),
    "00000000-0000-4000-8000-000000000000",
    r("twice#2"),
    r("no2"),
    r("yes"),
    r("chain"),
    r("away"),
    r("unsub"),
    "not-an-id",
    r("ref"),
    r("ended"),
    r("plain"),
  ];
}

// a contact's address carries its tenant and a counter: each tenant's own
const outcome = (r: unknown) =>
  JSON.parse(
    JSON.stringify(isBatonError(r) ? { error: r.code, facts: r.facts } : r).replace(
      /[a-z0-9.]+@dbb-[0-9a-f]+\.test/g,
      "address",
    ),
  );

// the enrollments a reply held are a set: each tenant lists them in the order of their random ids
const SETS = ["held_enrollment_ids", "resumed", "enrollments_terminated"];
const asSets = (v: unknown) =>
  JSON.parse(JSON.stringify(v), (k, x) => (SETS.includes(k) && Array.isArray(x) ? [...x].sort() : x));
/** tenantRows' rows with those sets sorted too (rows are JSON text). */
const rowsAsSets = (rows: Awaited<ReturnType<typeof tenantRows>>) => {
  const { names, ...tables } = rows;
  const out: Record<string, unknown> = { names };
  for (const [k, v] of Object.entries(tables))
    out[k] = (v as unknown[]).map((r) =>
      typeof r === "string" ? JSON.stringify(asSets(JSON.parse(r))) : asSets(r),
    );
  return out as typeof rows;
};

/** The contacts a referral opened, named too (their ids differ from one tenant to the other). */
async function named(db: Kysely<DB>, s: Scenario) {
  const more = await db
    .selectFrom("contacts")
    .select(["contact_id", "email"])
    .where("client_id", "=", s.t.clientId)
    .where("contact_id", "not in", Object.values(s.contacts))
    .execute();
  return { ...s.contacts, ...Object.fromEntries(more.map((c) => [`new:${c.email}`, c.contact_id])) };
}

const classes = (db: Kysely<DB>, t: Tenant) =>
  db
    .selectFrom("reply_automation_classes")
    .select(["intent", "language", "state", "decided", "agreed", "acted", "opened_at", "closed_at"])
    .where("client_id", "=", t.clientId)
    .orderBy("intent")
    .orderBy("language")
    .execute();

async function compare(actor: (t: Tenant) => Principal, decision: Omit<DecideInput, "replyId">) {
  const a = await scenario(d.db);
  const b = await scenario(d.db);
  const batch = await decideReplies(d.db, actor(a.t), ids(a), decision, T2);
  const oneByOne: unknown[] = [];
  for (const replyId of ids(b))
    oneByOne.push(await decideReply(d.db, actor(b.t), { ...decision, replyId }, T2).catch((e) => e));
  const ra = await tenantRows(d.db, a.t, await named(d.db, a));
  const rb = await tenantRows(d.db, b.t, await named(d.db, b));
  expect(asSets(labelled(ra, batch.map(outcome)))).toEqual(asSets(labelled(rb, oneByOne.map(outcome))));
  sameRows(expect, rowsAsSets(ra), rowsAsSets(rb));
  expect(await classes(d.db, a.t)).toEqual(await classes(d.db, b.t));
  return { a, batch: labelled(ra, batch.map(outcome)) as Record<string, any>[], rows: ra };
}

const UNTIL = new Date("2026-04-01T09:00:00Z");

describe("decideReplies", () => {
  for (const decision of [
    { decision: "continue" },
    { decision: "not_a_reply" },
    { decision: "exit", exitReason: "rejected" },
    { decision: "exit", exitReason: "meeting", notes: "booked" },
    { decision: "later", until: UNTIL },
    { decision: "later" },
    { decision: "opt_out" },
    { decision: "referral", referral: { name: "Ana Ruiz", email: "ana.ruiz@example.test" } },
    { decision: "handoff" },
  ] as Omit<DecideInput, "replyId">[])
    it(`${decision.decision}${decision.exitReason ? ` (${decision.exitReason})` : ""}${decision.until ? " (until)" : ""}: the same results and rows as one by one`, async () => {
      const { batch } = await compare((t) => t.revops, decision);
      const codes = batch.map((r) => r.error ?? "ok");
      expect(codes[4]).toBe("REPLY_ALREADY_DECIDED");
      expect(codes[5]).toBe("REPLY_NOT_FOUND");
      expect(codes[11]).toBe("REPLY_NOT_IN_TRIAGE");
      expect(codes[12]).toBe("REPLY_NOT_FOUND");
      // the same id twice: the second is the first's stored outcome (the same principal, the same decision)
      if (codes[0] === "ok") expect(batch[15].effects).toEqual(batch[0].effects);
    });

  it("continue: resumes what each reply held, the class its disagreement closed counted on after", async () => {
    const { a, batch, rows } = await compare((t) => t.revops, { decision: "continue" });
    expect(batch[1].effects.resumed).toHaveLength(2); // the stop held both of its contact's
    expect(batch[2].effects.resumed).toEqual([]); // its contact's second reply still holds them
    expect(batch[6].effects.resumed).toHaveLength(2);
    // no1 disagrees with its sure reading (closing the class), no2 counts on the closed class
    expect(
      rows.events.filter(
        (e) => e.event_type === "automation_closed" && e.details.intent === "not_interested",
      ),
    ).toHaveLength(1);
    const ni = (await classes(d.db, a.t)).find((c) => c.intent === "not_interested" && c.language === "en");
    expect(ni).toMatchObject({ state: "closed", decided: 2, agreed: 0 });
    // the first segment (up to the contact's second reply) went in one transaction, the rest in another
    const xacts = await d.db
      .selectFrom("cadence_event_log")
      .select(["contact_id", sql<string>`xact::text`.as("xact")])
      .where("client_id", "=", a.t.clientId)
      .where("event_type", "=", "reply_decided")
      .where("occurred_at", "=", T2)
      .execute();
    const xactOf = (l: Label) => xacts.filter((x) => x.contact_id === a.contacts[l]).map((x) => x.xact);
    const first = (["plain", "stop", "no1"] as Label[]).flatMap(xactOf);
    expect(new Set([...first, xactOf("twice")[0]]).size).toBe(1);
    const second = (["no2", "yes", "chain", "away", "ref"] as Label[]).flatMap(xactOf);
    expect(new Set([...second, xactOf("twice")[1]]).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
  });

  it("an agent's batch: each refusal its own (a stop it may not resume), the rest decided", async () => {
    const { batch } = await compare((t) => t.agt301, { decision: "continue" });
    expect(batch[1].error).toBe("REPLY_DECISION_FORBIDDEN");
    expect(batch[0].error).toBeUndefined();
  });

  it("a failing apply stage (a referral with no address) goes one by one: only the failing ids err", async () => {
    const { batch } = await compare((t) => t.revops, { decision: "referral" });
    expect(batch[13].error).toBeUndefined();
    expect(batch[0].error).toBe("REPLY_DECISION_INVALID");
  });
});
