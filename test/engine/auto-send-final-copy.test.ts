// An auto_send campaign's touches go out with no person reading them, so what goes out must be
// final copy. The built-in template drafter writes its for-the-approver template (marker line,
// [bracketed] parts) only where a person approves; for an auto-sent step it writes final copy. And
// whatever the drafter, a draft that still holds a [placeholder] is never auto-approved: it waits
// in the approval inbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { hasPlaceholder, TEMPLATE_MARKER } from "../../src/drafting/index.ts";
import { setCampaignDrafter } from "../../src/engine/campaign-drafter.ts";
import { leaseDraftingTask, listDraftingTasks, submitDraft } from "../../src/engine/drafting-tasks.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepNurture, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-06-02T09:00:00Z");

describe("auto-sent touches are final copy", () => {
  let database: Database;
  let deps: EngineDeps;
  let t: Tenant;
  const pass = () =>
    runEngineOnce(deps, T0, {
      workerId: "w1",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
  const enroll = async (campaign: string, name: string, company = `${name} Corp`) => {
    const contactId = await addContact(database.db, t.clientId, name, { company });
    return (await enrollContact(database.db, t.exec, { campaign, contactId }, T0)).enrollment_id!;
  };
  const draftOf = (enrollmentId: string) =>
    database.db
      .selectFrom("sales_send_queue as q")
      .innerJoin("staged_drafts as d", "d.id", "q.staged_draft_id")
      .select(["q.status as item", "d.status", "d.subject", "d.body", "d.drafted_by", "d.context"])
      .where("q.enrollment_id", "=", enrollmentId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    database = await testDatabase();
    deps = await engineDeps(database);
    t = await createTenant(database.db, "final");
    await oneStepNurture(database.db, t.revops, "final_auto", T0);
    await oneStepSales(database.db, t.revops, "final_sales", T0);
    await oneStepNurture(database.db, t.revops, "final_agent", T0);
    await setCampaignDrafter(database.db, t.revops, { campaignSlug: "final_agent", drafter: "agent" }, T0);
  });
  afterAll(() => database.close());

  it("sends the template drafter's final copy, and keeps the template for a person's approval", async () => {
    const auto = await enroll("final_auto", "Avery Auto");
    const sales = await enroll("final_sales", "Sam Sales");
    await pass();

    const sent = await database.db
      .selectFrom("dev_email_outbox as o")
      .innerJoin("sales_send_queue as q", "q.idempotency_key", "o.idempotency_key")
      .select(["o.subject", "o.body"])
      .where("q.enrollment_id", "=", auto)
      .executeTakeFirstOrThrow();
    expect(sent.body).not.toContain(TEMPLATE_MARKER);
    expect(hasPlaceholder(sent.subject)).toBe(false);
    expect(hasPlaceholder(sent.body)).toBe(false);
    expect(sent.body.startsWith("Hi Avery,\n")).toBe(true);
    expect(sent.body).toContain("Avery Auto Corp");
    expect((await draftOf(auto)).status).toBe("approved");

    // a sales step: the template, for the exec to finish and approve
    const forPerson = await draftOf(sales);
    expect(forPerson).toMatchObject({ item: "drafted", status: "pending", drafted_by: "template" });
    expect(forPerson.body.split("\n")[0]).toBe(TEMPLATE_MARKER);
    // a sales campaign always waits for a person: nothing to explain there
    expect(forPerson.context).not.toHaveProperty("held_for_review");
  });

  it("sends final copy that names a company with brackets in its name: they are its own, not placeholders", async () => {
    const e = await enroll("final_auto", "Brook Bracket", "Bracket [EU] GmbH");
    await pass();
    const d = await draftOf(e);
    expect(d).toMatchObject({ item: "sent", status: "approved" });
    expect(d.body).toContain("Bracket [EU] GmbH");
    expect(d.context).not.toHaveProperty("held_for_review");
    expect(d.context).toMatchObject({ company: "Bracket [EU] GmbH", campaign_name: expect.any(String) });
  });

  it("holds an agent's auto-send draft that still has a placeholder for a person's approval", async () => {
    const withGap = await enroll("final_agent", "Gale Gap");
    const subjectGap = await enroll("final_agent", "Sid Subject");
    const finished = await enroll("final_agent", "Fay Final");
    await pass();
    const tasks = (await listDraftingTasks(database.db, t.agt301, T0)).items;
    const taskOf = (e: string) => tasks.find((x) => x.enrollment_id === e)!;
    expect(tasks).toHaveLength(3);
    // the agent is told that no person reads this draft
    expect(taskOf(withGap).input).toMatchObject({ sendsWithoutReview: true });

    const submit = async (enrollmentId: string, body: string, subject = "Hello") => {
      const task = taskOf(enrollmentId);
      await leaseDraftingTask(database.db, t.clientId, t.agt301.agentId!, task.id, T0, 60_000);
      return submitDraft(
        database.db,
        t.clientId,
        t.agt301.agentId!,
        task.id,
        { subject, body },
        T0,
        deps.senderName,
      );
    };
    expect((await submit(withGap, "Hi Gale,\n\nHere is the link: [link]\n\nJustin")).status).toBe("pending");
    expect((await submit(subjectGap, "Hi Sid,\n\nWelcome.\n\nJustin", "News for [company]")).status).toBe(
      "pending",
    );
    expect((await submit(finished, "Hi Fay,\n\nWelcome aboard.\n\nJustin")).status).toBe("approved");
    expect((await draftOf(withGap)).item).toBe("drafted");
    expect((await draftOf(finished)).item).toBe("approved");
    // the inbox says why a draft of an auto-send campaign waits for a person
    expect((await draftOf(withGap)).context).toMatchObject({ held_for_review: "placeholder" });
    expect((await draftOf(subjectGap)).context).toMatchObject({ held_for_review: "placeholder" });
    expect((await draftOf(finished)).context).not.toHaveProperty("held_for_review");
  });
});
