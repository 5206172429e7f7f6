// The `baton campaigns …` commands over a test database, and the demo seeder (idempotent, the
// spec's campaigns exactly, enrollments made through enrollContact).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEMBERSHIP_CLOSE_STEPS } from "../../src/campaigns/spec-campaigns.ts";
import { campaignsCommands } from "../../src/cli/campaigns-commands.ts";
import type { CliContext } from "../../src/cli/command.ts";
import type { Database } from "../../src/db/connect.ts";
import { DEMO_CONTACTS, seedBase } from "../../src/demo/seed-base.ts";
import { seedCampaigns } from "../../src/demo/seed-campaigns.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { newContact, step, T0 } from "./helpers.ts";

let d: Database;
let t: Tenant;

beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db, "cli");
});
afterAll(() => d.close());

async function run(
  name: string,
  positionals: string[],
  flags: Record<string, string> = {},
  who: TestPrincipal = t.revops,
): Promise<any> {
  const out: unknown[] = [];
  const ctx: CliContext = {
    config: {} as CliContext["config"],
    database: async () => d,
    db: async () => d.db,
    engine: async () => {
      throw new Error("the campaigns commands do not wire the engine");
    },
    principal: async () => who,
    authenticate: async () => who,
    flags,
    positionals,
    print: (v) => out.push(v),
    now: () => T0,
  };
  await campaignsCommands.find((c) => c.name === name)!.run(ctx);
  return out[0];
}

describe("baton campaigns", () => {
  it("defines from a JSON file (create, then update), lists, enrolls, exits and routes the hand-off", async () => {
    const file = path.join(os.tmpdir(), `baton-campaign-${process.pid}.json`);
    const def = {
      slug: "cli_bdr",
      name: "CLI BDR",
      type: "membership",
      owner_role: "roles.bdr",
      kind: "nurture",
      on_exit: { meeting: { gate: "exec" } },
      steps: [step(1, 0)],
    };
    fs.writeFileSync(file, JSON.stringify(def));
    expect((await run("campaigns define", [], { file })).steps).toHaveLength(1);
    fs.writeFileSync(file, JSON.stringify({ ...def, steps: [step(1, 0), step(2, 4)] }));
    expect((await run("campaigns define", [], { file })).steps).toHaveLength(2);
    fs.rmSync(file);
    expect((await run("campaigns list", [])).items.map((c: any) => c.slug)).toEqual(["cli_bdr"]);
    const { contactId } = await newContact(d.db, t.clientId);
    const e = await run("campaigns enroll", ["cli_bdr"], { contact: contactId }, t.agt301);
    expect(e.outcome).toBe("enrolled");
    expect((await run("campaigns enrollments", ["cli_bdr"], { status: "active" })).items).toHaveLength(1);
    const x = await run("campaigns exit", [e.enrollment_id], { reason: "meeting" }, t.agt301);
    expect(x.next.kind).toBe("handoff");
    const open = await run("campaigns handoffs", [], {}, t.exec);
    expect(open.items.map((h: any) => h.id)).toEqual([x.next.handoff_id]);
    const routed = await run("campaigns route", [x.next.handoff_id], { notes: "not now" }, t.exec);
    expect(routed.handoff.status).toBe("closed");
    await expect(run("campaigns enroll", ["cli_bdr"], {}, t.agt301)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("refuses a step template with a field that does not exist, as the API does (issue 37)", async () => {
    const file = path.join(os.tmpdir(), `baton-campaign-tpl-${process.pid}.json`);
    const bad = {
      slug: "cli_tpl",
      name: "CLI templates",
      type: "event",
      owner_role: "roles.bdr",
      kind: "marketing",
    };
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...bad,
        steps: [step(1, 0), step(2, 3, { body_template: "Hi {{contact.frist_name}}" })],
      }),
    );
    await expect(run("campaigns define", [], { file })).rejects.toMatchObject({
      code: "CAMPAIGN_STEP_TEMPLATE_INVALID",
      message: expect.stringMatching(/^step 2 body: \{\{contact\.frist_name\}\} is not a merge field/),
    });
    fs.rmSync(file);
  });
});

describe("demo seeder", () => {
  it("seeds the spec's campaigns exactly and a few enrollments, and is idempotent", async () => {
    const demo = await createTenant(d.db, "demo");
    const principals = {
      revops: demo.revops,
      exec: demo.exec,
      sales: demo.sales,
      bdr: demo.agt301,
      rep: demo.rep,
    };
    const ctx = { db: d.db, clientId: demo.clientId, principals, now: T0 };
    await seedBase(ctx);
    await seedCampaigns(ctx);
    await seedCampaigns(ctx);
    const rows = await d.db
      .selectFrom("campaigns")
      .selectAll()
      .where("client_id", "=", demo.clientId)
      .orderBy("slug")
      .execute();
    expect(rows.map((r) => [r.slug, r.type, r.owner_role])).toEqual([
      ["b2bea_membership", "membership", "roles.bdr"],
      ["b2bea_membership_close", "membership", "roles.sales"],
      ["b2bea_membership_cs", "onboarding", "roles.cs"],
      ["b2bea_world", "event", "roles.bdr"],
      ["dreamborn", "platform", "roles.bdr"],
    ]);
    const onExit = Object.fromEntries(rows.map((r) => [r.slug, r.on_exit]));
    expect(onExit).toMatchObject({
      b2bea_world: { registered: null },
      b2bea_membership: { meeting: { gate: "exec" } },
      dreamborn: { meeting: { gate: "exec" } },
      b2bea_membership_close: { converted: "b2bea_membership_cs", no_engagement: null, rejected: null },
    });
    const close = rows.find((r) => r.slug === "b2bea_membership_close")!;
    expect(close.kind).toBe("sales");
    const steps = await d.db
      .selectFrom("campaign_sequences")
      .select(["step_number", "delay_days", "channel", "content_type", "template_instructions"])
      .where("campaign_id", "=", close.id)
      .orderBy("step_number")
      .execute();
    expect(steps).toEqual(MEMBERSHIP_CLOSE_STEPS);
    expect(steps.map((s) => s.delay_days)).toEqual([0, 3, 7, 10, 14, 21, 35, 56]);
    const enrollments = await d.db
      .selectFrom("campaign_contacts")
      .select(["contact_id", "status"])
      .where("client_id", "=", demo.clientId)
      .execute();
    expect(enrollments.length).toBeGreaterThanOrEqual(4);
    const handoffs = await d.db
      .selectFrom("campaign_handoffs")
      .select("contact_id")
      .where("client_id", "=", demo.clientId)
      .where("status", "=", "open")
      .execute();
    expect(handoffs.map((h) => h.contact_id)).toEqual([DEMO_CONTACTS[7].contact_id]);

    // a demo database from before step templates (0240) gets them on its next start, except on a
    // step someone changed
    const world = rows.find((r) => r.slug === "b2bea_world")!;
    await d.db
      .updateTable("campaign_sequences")
      .set({ subject_template: null, body_template: null })
      .where("campaign_id", "=", world.id)
      .execute();
    await d.db
      .updateTable("campaign_sequences")
      .set({ template_instructions: "Our own words now." })
      .where("campaign_id", "=", world.id)
      .where("step_number", "=", 2)
      .execute();
    await seedCampaigns(ctx);
    const written = await d.db
      .selectFrom("campaign_sequences")
      .select(["step_number", "subject_template", "body_template"])
      .where("campaign_id", "=", world.id)
      .orderBy("step_number")
      .execute();
    expect(written.map((w) => [w.step_number, !!w.subject_template, !!w.body_template])).toEqual([
      [1, true, true],
      [2, false, false],
      [3, true, true],
      [4, true, true],
    ]);
  });
});
