// Every refusal of issue 2 "Bad input and refusals", through the HTTP API: a stable code, and no change.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { call, draftBody, playAt, seedTaxonomy } from "./plays-helpers.ts";

let h: TestApp;
let t: Tenant;
let accountId: string;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.deps.db);
  ({ accountId } = await seedTaxonomy(h.deps.db, t));
});
afterAll(() => h.close());

async function state(id: string) {
  const r = await call(h, t.revops, "GET", `/api/v1/plays/${id}`);
  return r.body.play;
}

describe("plays API refusals", () => {
  it("refuses illegal transitions with PLAY_ILLEGAL_TRANSITION", async () => {
    const draft = await playAt(h, t, "draft");
    const approve = await call(h, t.slm, "POST", `/api/v1/plays/${draft}/approve`, {});
    expect(approve.status).toBe(409);
    expect(approve.body.error.code).toBe("PLAY_ILLEGAL_TRANSITION");
    expect(approve.body.error.facts).toMatchObject({ from: "draft", to: "active" });
    const retired = await playAt(h, t, "retired");
    for (const [method, path, body] of [
      ["POST", "pickup", undefined],
      ["POST", "retire", { retire_reason: "completed" }],
      ["POST", "approve", {}],
    ] as const) {
      const r = await call(h, t.revops, method, `/api/v1/plays/${retired}/${path}`, body);
      expect(r.status, path).toBe(409);
      expect(r.body.error.code).toBe("PLAY_ILLEGAL_TRANSITION");
      expect(r.body.error.next_action).toMatch(/copy/);
    }
    expect((await state(retired)).state).toBe("retired");
  });

  it("refuses writes by the wrong role", async () => {
    const notBrain = await call(h, t.agt301, "POST", "/api/v1/plays", draftBody());
    expect(notBrain.status).toBe(403);
    expect(notBrain.body.error.code).toBe("PLAY_WRITE_FORBIDDEN");
    const person = await call(h, t.revops, "POST", "/api/v1/plays", draftBody());
    expect(person.status).toBe(403);
    expect(person.body.error.code).toBe("FORBIDDEN_ROLE");

    const draft = await playAt(h, t, "draft");
    for (const who of [t.rep, t.exec, t.admin, t.agt901]) {
      const r = await call(h, who, "POST", `/api/v1/plays/${draft}/pickup`);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("FORBIDDEN_ROLE");
    }
    const slmRetire = await call(h, t.slm, "POST", `/api/v1/plays/${draft}/retire`, {
      retire_reason: "rejected_at_draft",
    });
    expect(slmRetire.body.error.code).toBe("FORBIDDEN_ROLE");
    expect((await state(draft)).state).toBe("draft");

    const review = await playAt(h, t, "under_review");
    const agentApprove = await call(h, t.agt902, "POST", `/api/v1/plays/${review}/approve`, {});
    expect(agentApprove.body.error.code).toBe("FORBIDDEN_ROLE");
    const repEdit = await call(h, t.rep, "PATCH", `/api/v1/plays/${review}`, { name: "x" });
    expect(repEdit.body.error.code).toBe("FORBIDDEN_ROLE");
    const revopsAsSlm = await call(h, t.revops, "POST", `/api/v1/plays/${review}/approve`, { as: "slm" });
    expect(revopsAsSlm.body.error.code).toBe("FORBIDDEN_ROLE");
    const cfg = await call(h, t.slm, "PUT", "/api/v1/plays/config/segments/seg_a", { play_cap: 4 });
    expect(cfg.body.error.code).toBe("FORBIDDEN_ROLE");
    const after = await state(review);
    expect(after).toMatchObject({
      state: "under_review",
      slm_approver_user_id: null,
      revops_approver_user_id: null,
      name: draftBody().name,
    });
  });

  it("refuses a self-double-approval by a person holding both roles", async () => {
    const id = await playAt(h, t, "under_review");
    const first = await call(h, t.both, "POST", `/api/v1/plays/${id}/approve`, { as: "slm" });
    expect(first.status).toBe(200);
    const second = await call(h, t.both, "POST", `/api/v1/plays/${id}/approve`, {});
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe("PLAY_SELF_DOUBLE_APPROVAL");
    const explicit = await call(h, t.both, "POST", `/api/v1/plays/${id}/approve`, { as: "revops" });
    expect(explicit.body.error.code).toBe("PLAY_SELF_DOUBLE_APPROVAL");
    const again = await call(h, t.slm, "POST", `/api/v1/plays/${id}/approve`, {});
    expect(again.body.error.code).toBe("PLAY_ALREADY_APPROVED");
    expect(await state(id)).toMatchObject({
      state: "under_review",
      revops_approver_user_id: null,
      slm_approver_user_id: t.both.principalId,
    });
    const other = await call(h, t.revops, "POST", `/api/v1/plays/${id}/approve`, {});
    expect(other.body.state).toBe("active");
  });

  it("refuses activation over the segment cap, names the segment and the plays; retiring frees capacity", async () => {
    const tn = await createTenant(h.deps.db);
    await seedTaxonomy(h.deps.db, tn);
    const set = await call(h, tn.revops, "PUT", "/api/v1/plays/config/segments/seg_b", { play_cap: 3 });
    expect(set.body).toMatchObject({ effective_cap: 3, play_cap: 3 });
    const active: string[] = [];
    for (let i = 0; i < 3; i++)
      active.push(await playAt(h, tn, "active", { segment: "seg_b", name: `Cap play ${i}` }));
    const fourth = await playAt(h, tn, "slm_approved", { segment: "seg_b", name: "One too many" });
    const hit = await call(h, tn.revops, "POST", `/api/v1/plays/${fourth}/approve`, {});
    expect(hit.status).toBe(409);
    expect(hit.body.error.code).toBe("PLAY_SEGMENT_CAP_REACHED");
    expect(hit.body.error.message).toContain("seg_b has 3 of 3 active");
    expect(hit.body.error.message).toContain("Cap play 0");
    expect(hit.body.error.facts.active_plays.map((p: any) => p.play_id).sort()).toEqual([...active].sort());
    expect(hit.body.error.next_action).toMatch(/Retire one/);
    const unchanged = await call(h, tn.revops, "GET", `/api/v1/plays/${fourth}`);
    expect(unchanged.body.play).toMatchObject({ state: "under_review", revops_approver_user_id: null });
    await call(h, tn.revops, "POST", `/api/v1/plays/${active[0]}/retire`, { retire_reason: "replaced" });
    const ok = await call(h, tn.revops, "POST", `/api/v1/plays/${fourth}/approve`, {});
    expect(ok.body.state).toBe("active");
    const range = await call(h, tn.revops, "PUT", "/api/v1/plays/config/segments/seg_b", { play_cap: 9 });
    expect(range.body.error.code).toBe("PLAY_CAP_OUT_OF_RANGE");
  });

  it("refuses a second active play for one account", async () => {
    const over = { scope: "account_specific", segment: undefined, account_id: accountId };
    await playAt(h, t, "active", over);
    const second = await playAt(h, t, "slm_approved", over);
    const hit = await call(h, t.revops, "POST", `/api/v1/plays/${second}/approve`, {});
    expect(hit.status).toBe(409);
    expect(hit.body.error.code).toBe("PLAY_ACCOUNT_CAP_REACHED");
    expect(hit.body.error.message).toContain("1 of 1 active");
  });

  it("refuses edits outside under_review", async () => {
    const draft = await playAt(h, t, "draft");
    const r1 = await call(h, t.revops, "PATCH", `/api/v1/plays/${draft}`, { name: "Early edit" });
    expect(r1.status).toBe(409);
    expect(r1.body.error.code).toBe("PLAY_NOT_EDITABLE");
    const active = await playAt(h, t, "active", { segment: "seg_b" });
    const r2 = await call(h, t.revops, "PATCH", `/api/v1/plays/${active}`, { hypothesis: "Late edit" });
    expect(r2.body.error.code).toBe("PLAY_NOT_EDITABLE");
    expect((await state(draft)).name).toBe(draftBody().name);
    expect((await state(active)).edits_during_review).toEqual([]);
  });

  it("refuses invalid JSON and documents that fail their schema, with the path of each error", async () => {
    const bad = await h.app.inject({
      method: "POST",
      url: "/api/v1/plays",
      headers: { ...t.agt901.auth, "content-type": "application/json" },
      payload: '{"scope": "segment",',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("INVALID_JSON");
    const r = await call(
      h,
      t.agt901,
      "POST",
      "/api/v1/plays",
      draftBody({
        target_definition: { icp_tiers: ["T9"] },
        success_criteria: { meeting_rate: 2 },
      }),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    const paths = r.body.error.facts.errors.map((e: any) => e.path);
    expect(paths.some((p: string) => p.startsWith("body/target_definition/icp_tiers/0"))).toBe(true);
    expect(paths).toContain("body/success_criteria/meeting_rate");
    const days = await call(
      h,
      t.agt901,
      "POST",
      "/api/v1/plays",
      draftBody({
        suggested_cadence: {
          cadence_type: "sales",
          steps: [
            { day: 5, channel: "email", content_type: "follow_up", instructions: "a" },
            { day: 2, channel: "email", content_type: "close", instructions: "b" },
          ],
        },
      }),
    );
    expect(days.status).toBe(400);
    expect(days.body.error.facts.errors).toEqual([
      { path: "suggested_cadence/steps/1/day", message: expect.stringMatching(/never decrease/) },
    ]);
    const empty = await call(h, t.agt901, "POST", "/api/v1/plays", draftBody({ target_definition: {} }));
    expect(empty.status).toBe(400);
    const review = await playAt(h, t, "under_review");
    const editBad = await call(h, t.revops, "PATCH", `/api/v1/plays/${review}`, {
      suggested_cadence: { cadence_type: "sales", steps: [] },
    });
    expect(editBad.body.error.code).toBe("VALIDATION_FAILED");
    expect((await state(review)).edits_during_review).toEqual([]);
  });

  it("refuses unknown segments and accounts", async () => {
    const seg = await call(h, t.agt901, "POST", "/api/v1/plays", draftBody({ segment: "no_such" }));
    expect(seg.status).toBe(422);
    expect(seg.body.error.code).toBe("PLAY_UNKNOWN_SEGMENT");
    const acct = await call(
      h,
      t.agt902,
      "POST",
      "/api/v1/plays",
      draftBody({ scope: "account_specific", segment: undefined, account_id: randomUUID() }),
    );
    expect(acct.body.error.code).toBe("PLAY_UNKNOWN_ACCOUNT");
    const hot = await call(h, t.agt301, "GET", "/api/v1/plays/active/segments/no_such");
    expect(hot.body.error.code).toBe("PLAY_UNKNOWN_SEGMENT");
    const prop = await call(
      h,
      t.agt901,
      "POST",
      "/api/v1/plays",
      draftBody({ proposal: undefined, originating_proposal_id: randomUUID() }),
    );
    expect(prop.body.error.code).toBe("PLAY_UNKNOWN_PROPOSAL");
  });

  it("answers a foreign tenant's play id with a plain 404", async () => {
    const other = await createTenant(h.deps.db);
    const id = await playAt(h, t, "under_review");
    const unknown = randomUUID();
    for (const [method, path, body] of [
      ["GET", "", undefined],
      ["POST", "/pickup", undefined],
      ["PATCH", "", { name: "x" }],
      ["POST", "/approve", {}],
      ["POST", "/retire", { retire_reason: "rejected_at_review" }],
      ["POST", "/copy", undefined],
    ] as const) {
      const who = method === "GET" ? other.rep : path === "/approve" ? other.slm : other.revops;
      const foreign = await call(h, who, method, `/api/v1/plays/${id}${path}`, body);
      const missing = await call(h, who, method, `/api/v1/plays/${unknown}${path}`, body);
      expect(foreign.status, path).toBe(404);
      expect(foreign.body.error.code).toBe("NOT_FOUND");
      expect(foreign.body.error.message.replace(id, "ID")).toBe(
        missing.body.error.message.replace(unknown, "ID"),
      );
    }
    expect((await state(id)).state).toBe("under_review");
  });

  it("refuses a missing or bad token with 401", async () => {
    const none = await call(h, undefined, "GET", "/api/v1/plays/queue");
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("UNAUTHENTICATED");
    const bad = await h.app.inject({
      method: "POST",
      url: "/api/v1/plays",
      headers: { authorization: "Bearer bt_nope" },
      payload: draftBody(),
    });
    expect(bad.statusCode).toBe(401);
  });
});

describe("activation period", () => {
  it("refuses a sunset date before the start, and keeps a start given with the first approval", async () => {
    const id = await playAt(h, t, "under_review", { segment: "seg_b" });
    await call(h, t.slm, "POST", `/api/v1/plays/${id}/approve`, { active_period_start: "2030-01-01" });
    const bad = await call(h, t.revops, "POST", `/api/v1/plays/${id}/approve`, {
      active_period_end: "2029-12-31",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("PLAY_PERIOD_INVALID");
    const ok = await call(h, t.revops, "POST", `/api/v1/plays/${id}/approve`, {
      active_period_end: "2030-03-31",
    });
    expect(ok.body).toMatchObject({
      state: "active",
      active_period_start: "2030-01-01",
      active_period_end: "2030-03-31",
    });
  });
});

describe("scheduled plays", () => {
  it("a play activated with a future start holds its cap slot but stays off the hot path until it starts", async () => {
    const tn = await createTenant(h.deps.db);
    await seedTaxonomy(h.deps.db, tn);
    h.clock.now = new Date("2026-04-01T12:00:00Z");
    const id = await playAt(h, tn, "slm_approved");
    await call(h, tn.revops, "POST", `/api/v1/plays/${id}/approve`, { active_period_start: "2026-04-10" });
    expect((await call(h, tn.agt301, "GET", "/api/v1/plays/active/segments/seg_a")).body.items).toEqual([]);
    expect((await call(h, tn.rep, "GET", "/api/v1/plays/config")).body.segments[0]).toMatchObject({
      segment: "seg_a",
      active: 1,
    });
    h.clock.now = new Date("2026-04-10T00:00:00Z");
    expect(
      (await call(h, tn.agt301, "GET", "/api/v1/plays/active/segments/seg_a")).body.items.map(
        (p: any) => p.play_id,
      ),
    ).toEqual([id]);
    h.clock.now = null;
  });
});

describe("optional bodies", () => {
  it("approve needs no body", async () => {
    const id = await playAt(h, t, "under_review", { segment: "seg_b" });
    const r = await h.app.inject({ method: "POST", url: `/api/v1/plays/${id}/approve`, headers: t.slm.auth });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().slm_approver_user_id).toBe(t.slm.principalId);
  });
});
