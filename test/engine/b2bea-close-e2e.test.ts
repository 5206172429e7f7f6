// spec 002 "Must show": b2bea_membership_close end to end on the real engine, coordinator and
// campaigns: touches on days 0, 3, 7, 10, 14, 21, 35, 56 with drafts approved, exit no_engagement;
// and the same enrollment exiting converted on a positive reply at step 3 (a person's yes: issue 72),
// landing in b2bea_membership_cs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, decideReply, enrollContact, processReply } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { dayIndex } from "../../src/engine/schedule.ts";
import type { ReplyClassifier } from "../../src/replies/classifier.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, runUntil } from "./engine-harness.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

const closeSteps = [
  [1, 0, "email", "follow_up"],
  [2, 3, "email", "proof"],
  [3, 7, "email", "boss_arming"],
  [4, 10, "linkedin", "follow_up"],
  [5, 14, "email", "campaign_visibility"],
  [6, 21, "email", "personal_visibility"],
  [7, 35, "email", "close"],
  [8, 56, "email", "exit"],
] as const;

async function defineB2bea(db: Database["db"], t: Tenant) {
  await createCampaign(
    db,
    t.revops,
    {
      slug: "b2bea_membership_cs",
      name: "B2BEA member onboarding",
      type: "onboarding",
      owner_role: "roles.cs",
      kind: "nurture",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Welcome.",
        },
      ],
    },
    T0,
  );
  await createCampaign(
    db,
    t.revops,
    {
      slug: "b2bea_membership_close",
      name: "B2BEA membership close",
      type: "membership",
      owner_role: "roles.sales",
      kind: "sales",
      on_exit: { converted: "b2bea_membership_cs", no_engagement: null, rejected: null },
      steps: closeSteps.map(([n, d, ch, ct]) => ({
        step_number: n,
        delay_days: d,
        channel: ch,
        content_type: ct,
        template_instructions: `step ${n}: ${ct}`,
      })),
    },
    T0,
  );
}

const positive: ReplyClassifier = {
  name: "test-positive",
  async classify() {
    return { intent: "interested", returnDate: null, confidence: 1, by: "test" };
  },
};

describe("b2bea_membership_close end to end", () => {
  let database: Database;
  let deps: EngineDeps;
  let t: Tenant;
  beforeAll(async () => {
    database = await testDatabase();
    deps = await engineDeps(database);
    t = await createTenant(database.db, "b2bea");
    await defineB2bea(database.db, t);
  });
  afterAll(() => database.close());

  it("touches on days 0,3,7,10,14,21,35,56 with approved drafts, then exits no_engagement", async () => {
    const contactId = await addContact(database.db, t.clientId, "Dana Buyer", { company: "Acme Wholesale" });
    const r = await enrollContact(
      database.db,
      t.exec,
      { campaign: "b2bea_membership_close", contactId, goal: "pipeline" },
      T0,
    );
    expect(r.outcome).toBe("enrolled");
    await runUntil(deps, t, T0, day(70));

    const touches = await database.db
      .selectFrom("cadence_event_log")
      .select(["occurred_at", "step_number", "channel"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .where("event_type", "=", "touch")
      .orderBy("occurred_at")
      .execute();
    expect(touches.map((x) => dayIndex(T0, x.occurred_at))).toEqual([0, 3, 7, 10, 14, 21, 35, 56]);

    const items = await database.db
      .selectFrom("sales_send_queue as q")
      .innerJoin("staged_drafts as d", "d.id", "q.staged_draft_id")
      .select([
        "q.step_number",
        "q.status",
        "q.channel",
        "d.status as draft",
        "d.requires_personal_send",
        "d.context",
      ])
      .where("q.enrollment_id", "=", r.enrollment_id!)
      .orderBy("q.step_number")
      .execute();
    expect(items.map((i) => [i.step_number, i.status, i.draft])).toEqual(
      closeSteps.map(([n]) => [n, "sent", "approved"]),
    );
    // spec 002 staged_drafts format, with requires_justin_send kept as the alias
    const close = items.find((i) => i.step_number === 7)!;
    expect(close.requires_personal_send).toBe(true);
    expect(close.context).toMatchObject({
      contact_name: "Dana Buyer",
      company: "Acme Wholesale",
      campaign_slug: "b2bea_membership_close",
      step_number: 7,
      content_type: "close",
      goal: "pipeline",
      requires_justin_send: true,
    });
    // the close step was a personal-send task for the exec, not an automatic email
    const tasks = await database.db
      .selectFrom("engine_rep_tasks")
      .select(["kind", "assignee_role", "status"])
      .where("enrollment_id", "=", r.enrollment_id!)
      .orderBy("created_at")
      .execute();
    expect(tasks).toEqual([
      { kind: "linkedin_touch", assignee_role: "rep", status: "done" },
      { kind: "personal_send", assignee_role: "exec", status: "done" },
    ]);
    const sentMail = await database.db
      .selectFrom("dev_email_outbox")
      .select("idempotency_key")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(sentMail.map((m) => m.idempotency_key).sort()).toEqual(
      [1, 2, 3, 5, 6, 8].map((n) => `${r.enrollment_id}:${n}`).sort(),
    );

    const e = await database.db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", r.enrollment_id!)
      .executeTakeFirstOrThrow();
    expect(e.exit_reason).toBe("no_engagement");
    expect(e.status).not.toBe("active");
  });

  it("exits converted on a positive reply at step 3 and lands in b2bea_membership_cs", async () => {
    const contactId = await addContact(database.db, t.clientId, "Eli Member", { company: "Beta Supply" });
    const r = await enrollContact(
      database.db,
      t.exec,
      { campaign: "b2bea_membership_close", contactId, goal: "awareness" },
      T0,
    );
    await runUntil(deps, t, T0, day(8));
    const before = await database.db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", r.enrollment_id!)
      .executeTakeFirstOrThrow();
    expect(before.current_step).toBe(4); // steps 1-3 done
    const reply = await processReply(
      database.db,
      t.rep,
      { contactId, text: "This is great, we are interested - send the paperwork", receivedAt: day(8) },
      day(8),
      positive,
    );
    // issue 72 item 1: the close campaign's on_exit enrolls a converted person in the CS campaign
    // on its own, so Baton does not take that exit alone: the yes waits for a person, who confirms it
    expect(reply).toMatchObject({ intent: "interested", action: "held", triage: "pending" });
    const decided = await decideReply(
      database.db,
      t.revops,
      { replyId: reply.reply_id, decision: "exit", exitReason: "converted" },
      day(8),
    );
    expect(decided.effects.exit).toMatchObject({ reason: "converted" });

    const rows = await database.db
      .selectFrom("campaign_contacts as e")
      .innerJoin("campaigns as c", "c.id", "e.campaign_id")
      .select(["c.slug", "e.status", "e.exit_reason"])
      .where("e.contact_id", "=", contactId)
      .orderBy("e.enrolled_at")
      .execute();
    expect(rows[0]).toMatchObject({
      slug: "b2bea_membership_close",
      status: "converted",
      exit_reason: "converted",
    });
    expect(rows[1]).toMatchObject({ slug: "b2bea_membership_cs" });
    expect(["active", "queued"]).toContain(rows[1].status);
    // nothing more goes out from the close campaign after the exit
    await runUntil(deps, t, day(8), day(20));
    const closeItems = await database.db
      .selectFrom("sales_send_queue")
      .select("step_number")
      .where("enrollment_id", "=", r.enrollment_id!)
      .execute();
    expect(closeItems.map((i) => i.step_number).sort()).toEqual([1, 2, 3]);
  });
});
