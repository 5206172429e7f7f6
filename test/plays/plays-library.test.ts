// Issue 37 item 6 and the lineage: the play library by state with filters, the figures of a
// segment's active plays (which to retire at the cap), and a brain proposal's page with its role
// checks and tenant scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { call, playAt, seedTaxonomy } from "./plays-helpers.ts";

let h: TestApp;
let t: Tenant;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.deps.db);
  await seedTaxonomy(h.deps.db, t);
  ids.draft = await playAt(h, t, "draft", { name: "Draft about pricing" });
  ids.review = await playAt(h, t, "under_review", { name: "Review about webinars", segment: "seg_b" });
  ids.active = await playAt(h, t, "active", { name: "Active proof play" });
  ids.active2 = await playAt(h, t, "active", { name: "Active 100% renewal_play" });
  ids.retired = await playAt(h, t, "retired", { name: "Retired pricing play" });
});
afterAll(() => h.close());

const names = (body: { items: { name: string }[] }) => body.items.map((p) => p.name).sort();

describe("GET /api/v1/plays (the library)", () => {
  it("lists each state, and every state without one", async () => {
    const by = async (q: string) => names((await call(h, t.slm, "GET", `/api/v1/plays${q}`)).body);
    expect(await by("?state=draft")).toEqual(["Draft about pricing"]);
    expect(await by("?state=under_review")).toEqual(["Review about webinars"]);
    expect(await by("?state=active")).toEqual(["Active 100% renewal_play", "Active proof play"]);
    expect(await by("?state=retired")).toEqual(["Retired pricing play"]);
    expect(await by("")).toHaveLength(5);
    expect((await call(h, t.slm, "GET", "/api/v1/plays?state=gone")).status).toBe(400);
  });

  it("filters by segment, agent and words, LIKE's wildcards matching themselves", async () => {
    const by = async (q: string) => names((await call(h, t.revops, "GET", `/api/v1/plays${q}`)).body);
    expect(await by("?segment=seg_b")).toEqual(["Review about webinars"]);
    expect(await by("?agent=AGT-902")).toEqual([]);
    expect(await by("?agent=AGT-901&q=ABOUT")).toEqual(["Draft about pricing", "Review about webinars"]);
    // the hypothesis too (every play here shares the helper's)
    expect(await by("?q=revisit%20pricing")).toHaveLength(5);
    expect(await by(`?q=${encodeURIComponent("100%")}`)).toEqual(["Active 100% renewal_play"]);
    expect(await by("?q=renewal_")).toEqual(["Active 100% renewal_play"]);
    // an unescaped "_" would match the space of "proof play"
    expect(await by("?q=proof_play")).toEqual([]);
  });

  it("pages newest first without gaps", async () => {
    const first = (await call(h, t.revops, "GET", "/api/v1/plays?limit=2")).body;
    const seen = first.items.map((p: { play_id: string }) => p.play_id);
    let cursor = first.next_cursor;
    while (cursor) {
      const next = (await call(h, t.revops, "GET", `/api/v1/plays?limit=2&cursor=${cursor}`)).body;
      seen.push(...next.items.map((p: { play_id: string }) => p.play_id));
      cursor = next.next_cursor;
    }
    expect(new Set(seen).size).toBe(5);
  });

  it("shows another tenant none of it", async () => {
    const other = await createTenant(h.deps.db);
    expect((await call(h, other.revops, "GET", "/api/v1/plays")).body.items).toEqual([]);
  });
});

describe("GET /api/v1/plays/active/segments/:segment/figures", () => {
  it("gives each active play its touches, replies and meetings from the funnel rollup", async () => {
    const c = await h.deps.db
      .insertInto("campaigns")
      .values({
        client_id: t.clientId,
        slug: "proof_play_campaign",
        name: "Proof play campaign",
        type: "play",
        owner_role: "roles.sales",
        kind: "sales",
        status: "active",
        on_exit: "{}",
        play_id: ids.active,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const metric = (m: string, n: number, week = "2026-11-16") => ({
      client_id: t.clientId,
      campaign_id: c.id,
      step_number: 1,
      variant: "",
      week,
      metric: m,
      n,
    });
    await h.deps.db
      .insertInto("learning_funnel_rollup")
      .values([
        metric("sent", 30),
        metric("sent", 12, "2026-11-09"),
        metric("replied:interested", 4),
        metric("replied:out_of_office", 3),
        metric("exit:meeting", 2),
        metric("exit:rejected", 1),
      ])
      .execute();
    const r = await call(h, t.revops, "GET", "/api/v1/plays/active/segments/seg_a/figures");
    expect(r.status).toBe(200);
    const byName = Object.fromEntries(r.body.items.map((p: any) => [p.name, p]));
    expect(byName["Active proof play"]).toMatchObject({
      play_id: ids.active,
      touches: 42,
      replies: 4,
      meetings: 2,
    });
    expect(byName["Active 100% renewal_play"]).toMatchObject({ touches: 0, replies: 0, meetings: 0 });
    expect((await call(h, t.rep, "GET", "/api/v1/plays/active/segments/seg_a/figures")).status).toBe(403);
    expect((await call(h, t.revops, "GET", "/api/v1/plays/active/segments/nope/figures")).status).toBe(422);
  });
});

describe("GET /api/v1/proposals/:id", () => {
  it("shows the proposal's payload and rationale and the plays drafted from it", async () => {
    const play = (await call(h, t.revops, "GET", `/api/v1/plays/${ids.active}`)).body.play;
    const r = await call(h, t.rep, "GET", `/api/v1/proposals/${play.originating_proposal_id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      proposal_id: play.originating_proposal_id,
      agent_id: "AGT-901",
      agent_name: "Pipeline Brain",
      plays: [{ play_id: ids.active, name: "Active proof play", state: "active" }],
      events: 0,
    });
    expect(r.body.payload).toEqual(expect.any(Object));
  });

  it("reads the rationale from the payload", async () => {
    const created = await call(h, t.agt902, "POST", "/api/v1/plays", {
      ...(await import("./plays-helpers.ts")).draftBody({ name: "With a rationale" }),
      proposal: { payload: { rationale: "Three accounts in seg_a visited pricing twice.", score: 0.8 } },
    });
    const pid = created.body.originating_proposal_id;
    const r = await call(h, t.exec, "GET", `/api/v1/proposals/${pid}`);
    expect(r.body).toMatchObject({
      agent_id: "AGT-902",
      rationale: "Three accounts in seg_a visited pricing twice.",
      payload: { score: 0.8 },
    });
    // the agent that wrote it reads it; another agent is refused
    expect((await call(h, t.agt902, "GET", `/api/v1/proposals/${pid}`)).status).toBe(200);
    const other = await call(h, t.agt901, "GET", `/api/v1/proposals/${pid}`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("FORBIDDEN_ROLE");
  });

  it("is a plain 404 for another tenant's proposal and for an unknown id", async () => {
    const play = (await call(h, t.revops, "GET", `/api/v1/plays/${ids.draft}`)).body.play;
    const other = await createTenant(h.deps.db);
    const r = await call(h, other.revops, "GET", `/api/v1/proposals/${play.originating_proposal_id}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("NOT_FOUND");
    const unknown = await call(h, t.revops, "GET", "/api/v1/proposals/00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect((await call(h, t.revops, "GET", "/api/v1/proposals/not-a-uuid")).status).toBe(400);
  });
});
