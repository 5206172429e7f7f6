// fast-check: no sequence of API calls, by any role, reaches a state spec 000 forbids.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canTransition, type PlayState, retireReasonsFrom } from "../../src/plays/play-states.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { call, draftBody, seedTaxonomy } from "./plays-helpers.ts";

let h: TestApp;
let t: Tenant;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.deps.db);
  await seedTaxonomy(h.deps.db, t);
});
afterAll(() => h.close());

const WHO = ["revops", "revops2", "slm", "slm2", "both", "exec", "rep", "admin", "agt901", "agt902"] as const;
type Who = (typeof WHO)[number];
const REASONS = [
  "completed",
  "replaced",
  "poor_performance",
  "rejected_at_review",
  "rejected_at_draft",
  "auto_sunset",
];

// approvers are drawn more often than others so that runs reach active and retired, not only refusals
const who = fc.oneof(
  { arbitrary: fc.constantFrom(...WHO), weight: 1 },
  { arbitrary: fc.constantFrom<Who>("revops", "revops2", "slm", "slm2", "both"), weight: 2 },
);
const action = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("pickup" as const), who }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant("edit" as const), who, name: fc.constantFrom("A", "B", "C") }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("approve" as const),
      who,
      as: fc.constantFrom(undefined, "slm", "revops"),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("retire" as const), who, reason: fc.constantFrom(...REASONS) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant("copy" as const), who }), weight: 1 },
);
const reached = new Set<string>();

const roles = (p: TestPrincipal) => (p.kind === "person" ? p.roles : []);

describe("the transition table holds for every sequence of calls", () => {
  it("only allowed transitions happen, only by allowed principals, and every state's invariants hold", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 9 }), async (actions) => {
        const created = await call(h, t.agt901, "POST", "/api/v1/plays", draftBody({ segment: "seg_b" }));
        expect(created.status).toBe(201);
        const id = created.body.play_id;
        let prev = created.body;
        for (const a of actions) {
          const who = t[a.who as Who] as TestPrincipal;
          const url = `/api/v1/plays/${id}`;
          const res =
            a.kind === "pickup"
              ? await call(h, who, "POST", `${url}/pickup`)
              : a.kind === "edit"
                ? await call(h, who, "PATCH", url, { name: a.name })
                : a.kind === "approve"
                  ? await call(h, who, "POST", `${url}/approve`, a.as ? { as: a.as } : {})
                  : a.kind === "retire"
                    ? await call(h, who, "POST", `${url}/retire`, { retire_reason: a.reason })
                    : await call(h, who, "POST", `${url}/copy`);
          expect(res.status).toBeLessThan(500);
          const now = (await call(h, t.revops, "GET", url)).body.play;
          const from = prev.state as PlayState;
          const to = now.state as PlayState;
          if (from !== to) {
            expect(canTransition(from, to), `${from} -> ${to}`).toBe(true);
            reached.add(`${from}->${to}`);
          }
          if (res.status >= 300) {
            // a refusal changes nothing
            expect(now).toEqual(prev);
            continue;
          }
          // a success by a principal allowed to do it: a person, or (issue 38) the brain that wrote
          // the draft revising it before a person picks it up
          const ownDraftRevision =
            a.kind === "edit" && from === "draft" && who.principalId === t.agt901.principalId;
          if (!ownDraftRevision) expect(who.kind, a.kind).toBe("person");
          if (a.kind === "pickup") expect(roles(who).some((r) => r === "revops" || r === "slm")).toBe(true);
          if (a.kind === "retire") {
            expect(roles(who)).toContain("revops");
            expect(retireReasonsFrom(from)).toContain(a.reason);
          }
          if (a.kind === "edit") expect(from).toBe(ownDraftRevision ? "draft" : "under_review");
          if (a.kind === "copy") {
            expect(from).toBe("retired");
            expect(res.body.copied_from_play_id).toBe(id);
            expect(res.body.state).toBe("draft");
          }
          // invariants of the resulting state
          if (to !== "draft" && now.picked_up_by_user_id) {
            expect([t.revops, t.revops2, t.slm, t.slm2, t.both].map((p) => p.principalId)).toContain(
              now.picked_up_by_user_id,
            );
          }
          if (to === "active") {
            expect(now.slm_approver_user_id).not.toBe(now.revops_approver_user_id);
            expect([t.slm, t.slm2, t.both].map((p) => p.principalId)).toContain(now.slm_approver_user_id);
            expect([t.revops, t.revops2, t.both].map((p) => p.principalId)).toContain(
              now.revops_approver_user_id,
            );
            expect(now.activated_at).not.toBeNull();
          }
          if (to === "retired") {
            expect(now.retire_reason).not.toBeNull();
            expect([t.revops, t.revops2, t.both].map((p) => p.principalId)).toContain(now.retired_by_user_id);
            // retiring frees capacity: keep the segment under its cap for the next run
          }
          prev = now;
        }
        // leave nothing active so the cap never decides a later run
        if (prev.state === "active")
          await call(h, t.revops, "POST", `/api/v1/plays/${id}/retire`, { retire_reason: "completed" });
      }),
      {
        numRuns: 30,
        // random runs reach activation only sometimes (about 1 in 4 files of 30 runs did not):
        // this run always does, then is retired and copied
        examples: [
          [
            [
              { kind: "pickup", who: "slm" },
              { kind: "edit", who: "revops", name: "B" },
              { kind: "approve", who: "slm", as: undefined },
              { kind: "approve", who: "revops", as: undefined },
              { kind: "retire", who: "revops", reason: "completed" },
              { kind: "copy", who: "revops" },
            ],
          ],
        ],
      },
    );
    // the runs exercised activation, not only refusals
    expect(reached).toContain("draft->under_review");
    expect(reached).toContain("under_review->active");
  }, 300_000);
});
