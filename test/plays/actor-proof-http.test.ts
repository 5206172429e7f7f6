// Issue 58, Deliver 1, the application's doors: with the server connected as the runtime role, an
// approval through the API with a real session, through MCP with bearer tokens, and the demo's seed
// go through, while a principal that never authenticated, and a revoked session's cookie, approve
// nothing. The owner is trusted without a proof. The SQL forgeries: actor-proof.test.ts.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ACTOR_PROOF, type Principal } from "../../src/auth/principal.ts";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { revokeSession } from "../../src/auth/sessions/revoke-sessions.ts";
import { withActor } from "../../src/db/actor-context.ts";
import type { DB } from "../../src/db/database.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { type RuntimeRoleDatabase, runtimeRoleDatabase } from "../support/runtime-role.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { seedTaxonomy } from "./plays-helpers.ts";

const HOUR = 3_600_000;
const LIFETIMES = { idleMs: 8 * HOUR, absoluteMs: 12 * HOUR };
const ORIGIN = "http://baton.test";

/** The principal as a caller that never authenticated: its id and roles, no proof. */
function bare(p: Principal): Principal {
  const { [ACTOR_PROOF]: _proof, ...rest } = p;
  return rest;
}

describeMultiConnection("approvals the database verifies, through the server's doors (issue 58)", () => {
  let r: RuntimeRoleDatabase;
  let app: Kysely<DB>;
  let t: Tenant;
  let h: TestApp;
  beforeAll(async () => {
    r = await runtimeRoleDatabase("proofhttp");
    app = r.app.db;
    t = await createTenant(app, "proofhttp");
    await seedTaxonomy(app, t);
    h = await testApp(r.app);
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await r?.close();
  }, 60_000);

  const signIn = (who: TestPrincipal) =>
    createSession(
      app,
      { clientId: t.clientId, principalId: who.principalId, method: "oidc" },
      LIFETIMES,
      new Date(),
    );
  const play = async (id: string) =>
    (
      await sql<{ state: string; slm: string | null; revops: string | null }>`
        select state, slm_approver_user_id::text as slm, revops_approver_user_id::text as revops
          from plays where client_id = ${t.clientId} and play_id = ${id}::uuid`.execute(r.owner.db)
    ).rows[0];
  const underReview = async (segment = "seg_a") =>
    (await playsUnderReview(app, t, 1, { segment }, { slmApproved: false }))[0];

  it("the application's path with a principal that never authenticated approves nothing", async () => {
    const id = await underReview();
    await expect(approvePlay(app, bare(t.slm), id, {}, new Date())).rejects.toMatchObject({
      code: "PLAY_NO_ACTOR",
    });
    expect(await play(id)).toEqual({ state: "under_review", slm: null, revops: null });
    // beside it, the same principal as authentication made it (its token)
    expect((await approvePlay(app, t.slm, id, {}, new Date())).slm_approver_user_id).toBe(t.slm.principalId);
  }, 60_000);

  it("through the API with a real session: approval and activation go through; a revoked session's cookie is refused", async () => {
    const id = await underReview();
    const approve = (session: { id: string; csrfToken: string }) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/plays/${id}/approve`,
        headers: { cookie: `baton_session=${session.id}`, origin: ORIGIN, "x-csrf-token": session.csrfToken },
        payload: {},
      });
    const slm = await signIn(t.slm);
    const first = await approve(slm);
    expect(first.statusCode, first.body).toBe(200);
    const ended = await signIn(t.revops);
    await revokeSession(app, ended.id, new Date());
    expect((await approve(ended)).statusCode).toBe(401);
    expect((await play(id)).state).toBe("under_review");
    const second = await approve(await signIn(t.revops));
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().state).toBe("active");
  }, 60_000);

  it("over MCP (Streamable HTTP) with bearer tokens: the approvals carry each token as its proof", async () => {
    const id = await underReview("seg_b");
    const approve = (who: TestPrincipal) =>
      h.app.inject({
        method: "POST",
        url: "/mcp",
        headers: { ...who.auth, accept: "application/json, text/event-stream" },
        payload: {
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "approve_play", arguments: { play_id: id } },
        },
      });
    for (const who of [t.slm, t.revops]) {
      const res = await approve(who);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().result.isError, res.body).toBeFalsy();
    }
    expect(await play(id)).toEqual({ state: "active", slm: t.slm.principalId, revops: t.revops.principalId });
  }, 60_000);

  it("the demo seeds as the runtime role: its people approve with their demo tokens", async () => {
    await seedDemo(app);
    const states = await sql<{ state: string }>`
      select distinct state from plays where client_id = ${DEMO_CLIENT} order by state`.execute(app);
    expect(states.rows.map((row) => row.state)).toContain("active");
  }, 120_000);

  it("the owner is trusted without a proof: it owns the tables and could disable the triggers anyway", async () => {
    const id = await underReview("seg_b");
    await withActor(r.owner.db, bare(t.slm), new Date(), (tx) =>
      tx
        .updateTable("plays")
        .set({ slm_approver_user_id: t.slm.principalId })
        .where("client_id", "=", t.clientId)
        .where("play_id", "=", id)
        .execute(),
    );
    expect((await play(id)).slm).toBe(t.slm.principalId);
  }, 60_000);
});
