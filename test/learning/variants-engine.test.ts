// A/B variants through the production engine: the send item, the draft (subject, context)
// and the touch event carry the assigned variant; the variants report and the promotion API work by
// role; after a promotion every new enrollment gets the winner and the promotion is in the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { assignVariant, type StepVariant } from "../../src/campaigns/step-variants.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { newContact, T0 } from "../campaigns/helpers.ts";
import { engineDeps, runUntil } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const VARIANTS: StepVariant[] = [
  { key: "A", subject: "Subject A", instructions: "Write the generic intro.", weight: 1 },
  { key: "B", subject: "Subject B", instructions: "Open with a named peer.", weight: 1 },
];

let h: TestApp;
let t: Tenant;
let deps: EngineDeps;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "ab");
  deps = await engineDeps(h.database);
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/campaigns",
    headers: t.revops.auth,
    payload: {
      slug: "ab_test",
      name: "A/B test",
      type: "membership",
      owner_role: "roles.bdr",
      kind: "nurture",
      approval_policy: "auto_send",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "intro",
          variants: VARIANTS,
        },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe("A/B variants in the engine", () => {
  it("refuses invalid variants with their own code", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns",
      headers: t.revops.auth,
      payload: {
        slug: "ab_bad",
        name: "bad",
        type: "membership",
        owner_role: "roles.bdr",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "intro",
            variants: [VARIANTS[0]],
          },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("CAMPAIGN_STEP_VARIANTS_INVALID");
  });

  it("records the assigned variant on the item, the draft and the touch; the report splits by it", async () => {
    const db = h.database.db;
    const enrollments: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { contactId } = await newContact(db, t.clientId, `AB ${i}`);
      const r = await enrollContact(db, t.rep, { campaign: "ab_test", contactId }, T0);
      enrollments.push(r.enrollment_id!);
    }
    await runUntil(deps, t, T0, new Date(T0.getTime() + 3_600_000));
    const items = await db
      .selectFrom("sales_send_queue as i")
      .innerJoin("staged_drafts as d", "d.id", "i.staged_draft_id")
      .select(["i.enrollment_id", "i.variant", "i.status", "d.subject", "d.body", "d.context"])
      .where("i.client_id", "=", t.clientId)
      .execute();
    expect(items).toHaveLength(12);
    for (const it of items) {
      const want = assignVariant(it.enrollment_id, 1, VARIANTS)!;
      expect(it.variant).toBe(want.key);
      expect(it.subject).toBe(want.subject);
      // auto-sent: final copy, so the variant's subject goes out and no brief for an approver does
      expect(it.body).not.toContain("brief:");
      expect((it.context as { variant?: string }).variant).toBe(want.key);
      expect(it.status).toBe("sent");
    }
    const touches = await db
      .selectFrom("cadence_event_log")
      .select(["enrollment_id", "details"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .execute();
    expect(touches).toHaveLength(12);
    for (const e of touches)
      expect((e.details as { variant: string }).variant).toBe(
        assignVariant(e.enrollment_id!, 1, VARIANTS)!.key,
      );

    const res = await h.app.inject({
      url: "/api/v1/learning/campaigns/ab_test/variants",
      headers: t.slm.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    const step = res.json().steps[0];
    const countA = items.filter((i) => i.variant === "A").length;
    expect(step.variants.map((v: { key: string; sent: number }) => [v.key, v.sent])).toEqual([
      ["A", countA],
      ["B", 12 - countA],
    ]);
    const funnel = await h.app.inject({
      url: "/api/v1/learning/campaigns/ab_test/funnel",
      headers: t.revops.auth,
    });
    expect(funnel.json().steps[0].sent).toBe(12);
    const rep = await h.app.inject({ url: "/api/v1/learning/campaigns/ab_test/funnel", headers: t.rep.auth });
    expect(rep.statusCode).toBe(403);
  });

  it("promotes a winner (RevOps only): logged, and every new enrollment gets it", async () => {
    const db = h.database.db;
    const url = "/api/v1/learning/campaigns/ab_test/steps/1/promote";
    const refused = await h.app.inject({
      method: "POST",
      url,
      headers: t.exec.auth,
      payload: { variant: "B" },
    });
    expect(refused.statusCode).toBe(403);
    const unknown = await h.app.inject({
      method: "POST",
      url,
      headers: t.revops.auth,
      payload: { variant: "Z" },
    });
    expect(unknown.json().error.code).toBe("VARIANT_NOT_FOUND");
    const ok = await h.app.inject({ method: "POST", url, headers: t.revops.auth, payload: { variant: "B" } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().winner.variant).toBe("B");
    expect(ok.json().variants.map((v: { share: number }) => v.share)).toEqual([0, 1]);
    const ev = await db
      .selectFrom("cadence_event_log")
      .select(["resolution", "details", "actor_principal_id"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "variant_promoted")
      .executeTakeFirstOrThrow();
    expect(ev.resolution).toBe("B");
    expect(ev.actor_principal_id).toBe(t.revops.principalId);
    expect((ev.details as { losers: string[] }).losers).toEqual(["A"]);

    const later = new Date(T0.getTime() + 86_400_000);
    for (let i = 0; i < 8; i++) {
      const { contactId } = await newContact(db, t.clientId, `AB late ${i}`);
      await enrollContact(db, t.rep, { campaign: "ab_test", contactId }, later);
    }
    await runUntil(deps, t, later, new Date(later.getTime() + 3_600_000));
    const lateVariants = (
      await db
        .selectFrom("sales_send_queue as i")
        .innerJoin("campaign_contacts as e", "e.id", "i.enrollment_id")
        .select("i.variant")
        .where("i.client_id", "=", t.clientId)
        .where("e.enrolled_at", ">=", later)
        .execute()
    ).map((r) => r.variant);
    expect(lateVariants).toHaveLength(8);
    expect(new Set(lateVariants)).toEqual(new Set(["B"]));
  });

  it("gives an agent drafter the variant in its task, and keeps it on the submitted draft", async () => {
    const db = h.database.db;
    const create = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns",
      headers: t.revops.auth,
      payload: {
        slug: "ab_agent",
        name: "A/B by an agent",
        type: "membership",
        owner_role: "roles.bdr",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "intro",
            variants: VARIANTS,
          },
        ],
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    const set = await h.app.inject({
      method: "PUT",
      url: "/api/v1/campaigns/ab_agent/drafter",
      headers: t.revops.auth,
      payload: { drafter: "agent" },
    });
    expect(set.statusCode, set.body).toBe(200);
    const at = new Date(T0.getTime() + 2 * 86_400_000);
    const { contactId } = await newContact(db, t.clientId, "AB agent");
    const r = await enrollContact(db, t.rep, { campaign: "ab_agent", contactId }, at);
    await runUntil(deps, t, at, new Date(at.getTime() + 60_000), { people: false });
    h.clock.now = at;
    const list = await h.app.inject({ url: "/api/v1/drafting-tasks", headers: t.agt301.auth });
    expect(list.statusCode, list.body).toBe(200);
    const task = list
      .json()
      .items.find((x: { enrollment_id: string }) => x.enrollment_id === r.enrollment_id);
    const want = assignVariant(r.enrollment_id!, 1, VARIANTS)!;
    expect(task.input.variant).toEqual({
      key: want.key,
      subject: want.subject,
      instructions: want.instructions,
    });
    const lease = await h.app.inject({
      method: "POST",
      url: `/api/v1/drafting-tasks/${task.id}/lease`,
      headers: t.agt301.auth,
      payload: {},
    });
    expect(lease.statusCode, lease.body).toBe(200);
    const submit = await h.app.inject({
      method: "POST",
      url: `/api/v1/drafting-tasks/${task.id}/submit`,
      headers: t.agt301.auth,
      payload: { subject: want.subject, body: "Hello from the agent." },
    });
    expect(submit.statusCode, submit.body).toBe(200);
    const draft = await db
      .selectFrom("staged_drafts as d")
      .innerJoin("sales_send_queue as i", "i.staged_draft_id", "d.id")
      .select(["d.context", "i.variant"])
      .where("i.enrollment_id", "=", r.enrollment_id!)
      .executeTakeFirstOrThrow();
    expect(draft.variant).toBe(want.key);
    expect((draft.context as { variant?: string }).variant).toBe(want.key);
    h.clock.now = null;
  });
});
