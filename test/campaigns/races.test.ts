// Concurrency on PostgreSQL (several connections): the rules hold when writers race.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCampaign, updateCampaign } from "../../src/campaigns/define-campaign.ts";
import { enrollContact } from "../../src/campaigns/enroll-contact.ts";
import { exitContact } from "../../src/campaigns/exit-contact.ts";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, step, T0 } from "./helpers.ts";

describeMultiConnection("campaign races", () => {
  let d: Database;
  let t: Tenant;
  beforeAll(async () => {
    d = await serverDatabase(12);
    t = await createTenant(d.db, "race");
    await defineSpecCampaigns(d.db, t.revops, T0);
  });
  afterAll(() => d?.close());

  it("8 concurrent enrollments of one contact in one campaign: exactly one is enrolled", async () => {
    const { contactId } = await newContact(d.db, t.clientId);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        enrollContact(d.db, t.sales, { campaign: "b2bea_membership_close", contactId }, T0),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect(r.reason.code).toBe("ENROLLMENT_ALREADY_ACTIVE");
    const rows = await d.db
      .selectFrom("campaign_contacts")
      .select("id")
      .where("contact_id", "=", contactId)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("two concurrent updates that together would close an on_exit loop: one is refused", async () => {
    const def = (slug: string) => ({
      slug,
      name: slug,
      type: "t",
      owner_role: "r",
      kind: "nurture" as const,
      steps: [step(1, 0)] as any,
    });
    await createCampaign(d.db, t.revops, def("race_a"), T0);
    await createCampaign(d.db, t.revops, def("race_b"), T0);
    const results = await Promise.allSettled([
      updateCampaign(d.db, t.revops, "race_a", { on_exit: { converted: "race_b" } }, T0),
      updateCampaign(d.db, t.revops, "race_b", { on_exit: { converted: "race_a" } }, T0),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.code).toBe("ON_EXIT_CYCLE");
  });

  it("two concurrent exits of one enrollment: it exits once and routes once", async () => {
    const { contactId } = await newContact(d.db, t.clientId);
    const r = await enrollContact(d.db, t.sales, { campaign: "b2bea_membership_close", contactId }, T0);
    const exit = (reason: string) =>
      d.db
        .transaction()
        .execute((tx) =>
          exitContact(tx, { clientId: t.clientId, enrollmentId: r.enrollment_id!, reason }, T0),
        );
    const [a, b] = await Promise.all([exit("converted"), exit("converted")]);
    expect([a.already_ended, b.already_ended].sort()).toEqual([false, true]);
    const cs = await d.db
      .selectFrom("campaign_contacts as e")
      .innerJoin("campaigns as c", (j) =>
        j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
      )
      .select("e.id")
      .where("e.client_id", "=", t.clientId)
      .where("e.contact_id", "=", contactId)
      .where("c.slug", "=", "b2bea_membership_cs")
      .execute();
    expect(cs).toHaveLength(1);
  });
});
