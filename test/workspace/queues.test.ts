// GET /api/v1/me/queues (issue 60 item 1): each person's queues with their counts, in one call, for
// the navigation. The exec counts the drafts waiting and the LinkedIn touches are the rep's; each role
// gets its own queues and no other's; a play approved by this person is not theirs to approve again;
// another tenant's items are not counted; no token is 401 and an agent is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { addContact, engineDeps, oneStepSales } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { seedTaxonomy } from "./fixtures.ts";

const T0 = new Date("2026-04-06T10:00:00Z");

describe("GET /api/v1/me/queues", () => {
  let h: TestApp;
  let t: Tenant;
  let other: Tenant;
  let openPlay: string;
  const queues = async (who: TestPrincipal | null) => {
    const res = await h.app.inject({
      method: "GET",
      url: "/api/v1/me/queues",
      headers: who ? who.auth : {},
    });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    h = await testApp();
    h.clock.now = T0;
    const db = h.deps.db;
    t = await createTenant(db, "qa");
    other = await createTenant(db, "qb");
    for (const [tenant, n] of [
      [t, 3],
      [other, 2],
    ] as const) {
      const slug = `${tenant === t ? "qa" : "qb"}_email`;
      await oneStepSales(db, tenant.revops, slug, T0);
      await oneStepSales(db, tenant.revops, `${slug}_li`, T0, { channel: "linkedin" });
      for (let i = 0; i < n; i++) {
        const c = await addContact(db, tenant.clientId, `Queue Person ${i}`);
        await enrollContact(db, tenant.exec, { campaign: slug, contactId: c }, T0);
      }
      const li = await addContact(db, tenant.clientId, "Linked Person");
      await enrollContact(db, tenant.exec, { campaign: `${slug}_li`, contactId: li }, T0);
    }
    await runEngineOnce(await engineDeps(h.database), T0, {
      workerId: "queues",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    await seedTaxonomy(db, t.clientId, 0);
    // two plays under review: one still waits for both approvals, the SLM approved the other
    [openPlay] = await playsUnderReview(
      db,
      t,
      1,
      { segment: "mm" },
      { slmApproved: false, name: "Open play" },
    );
    await playsUnderReview(db, t, 1, { segment: "mm" }, { slmApproved: true, name: "Half play" });
    // signed in through single sign-on, no role yet: waits for an admin
    await db
      .insertInto("principals")
      .values({ client_id: t.clientId, kind: "person", display_name: "New Person", roles: [] })
      .execute();
  });
  afterAll(async () => h?.close());

  it("gives each role its own queues, counted in its own tenant", async () => {
    const exec = await queues(t.exec);
    expect(exec.status).toBe(200);
    // the drafts wait for the exec (the LinkedIn message too: it becomes a rep's task once approved)
    expect(exec.body).toEqual({ approvals: 4, handoffs: 0, tasks: 0, replies: 0 });
    expect((await queues(other.exec)).body.approvals).toBe(3);
    expect((await queues(t.rep)).body).toEqual({ tasks: 0, replies: 0 });
    const li = await h.deps.db
      .selectFrom("staged_drafts")
      .select("id")
      .where("client_id", "=", t.clientId)
      .where("channel", "=", "linkedin")
      .executeTakeFirstOrThrow();
    const approved = await h.app.inject({
      method: "POST",
      url: `/api/v1/drafts/${li.id}/approve`,
      headers: t.exec.auth,
      payload: { body: "Hi, glad to connect." },
    });
    expect(approved.statusCode).toBe(200);
    expect((await queues(t.exec)).body.approvals).toBe(3);
    expect((await queues(t.rep)).body.tasks).toBe(1);
    expect((await queues(t.admin)).body).toEqual({
      replies: 0,
      inbound_reviews: 0,
      people_waiting: 1,
    });
    expect((await queues(other.admin)).body.people_waiting).toBe(0);
  });

  it("counts the plays still missing this person's approval, never one they approved", async () => {
    // both plays wait for RevOps; only the open one waits for the sales leader
    expect((await queues(t.revops)).body).toMatchObject({ plays_to_approve: 2, retrospectives_due: 0 });
    expect((await queues(t.slm)).body).toMatchObject({ plays_to_approve: 1, retrospectives_due: 0 });
    // a person with both roles: both plays wait for them, until they approve the open one as the SLM
    expect((await queues(t.both)).body.plays_to_approve).toBe(2);
    await approvePlay(h.deps.db, t.both, openPlay, { as: "slm" }, T0);
    expect((await queues(t.both)).body.plays_to_approve).toBe(1);
    expect((await queues(t.slm)).body.plays_to_approve).toBe(0);
  });

  it("answers 401 without a token and refuses an agent", async () => {
    expect((await queues(null)).status).toBe(401);
    const agent = await queues(t.agt901);
    expect(agent.status).toBe(403);
    expect(agent.body.error.code).toBe("FORBIDDEN_ROLE");
  });
});
