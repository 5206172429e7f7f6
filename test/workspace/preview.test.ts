import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { seedTaxonomy } from "./fixtures.ts";

describe("POST /api/v1/workspace/campaigns/:slug/preview", () => {
  let h: TestApp;
  let t: Tenant;
  let contactIds: string[];
  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.deps.db);
    ({ contactIds } = await seedTaxonomy(h.deps.db, t.clientId));
    await sql`update contacts set opt_out_flag = true where contact_id = ${contactIds[1]}::uuid`.execute(
      h.deps.db,
    );
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns",
      headers: t.revops.auth,
      payload: {
        slug: "ws_preview",
        name: "Preview campaign",
        type: "membership",
        owner_role: "roles.sales",
        kind: "sales",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Hi",
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => h.close());

  it("says what the coordinator would decide per contact, by id or email, and writes nothing", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/workspace/campaigns/ws_preview/preview",
      headers: t.exec.auth,
      payload: {
        contacts: [{ contact_id: contactIds[0] }, { email: "C1@northwind.test" }, { email: "nobody@x.test" }],
      },
    });
    expect(res.statusCode).toBe(200);
    const [ok, optedOut, missing] = res.json().items;
    expect(ok).toMatchObject({ contact_id: contactIds[0], action: "allow", error: null });
    expect(optedOut).toMatchObject({
      contact_id: contactIds[1],
      action: "block",
      gate: 1,
      reason: "compliance_block",
    });
    expect(missing).toMatchObject({ contact_id: null, error: "no contact with this id or email" });
    const events = await sql<{
      n: string;
    }>`select count(*) as n from cadence_event_log where client_id = ${t.clientId}`.execute(h.deps.db);
    expect(Number(events.rows[0].n)).toBe(0);
    const counts = await h.app.inject({
      method: "GET",
      url: "/api/v1/workspace/campaigns/ws_preview/counts",
      headers: t.rep.auth,
    });
    expect(counts.json().counts).toEqual({});
  });

  it("is tenant-scoped: another tenant's campaign is a plain 404", async () => {
    const other = await createTenant(h.deps.db, "o");
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/workspace/campaigns/ws_preview/preview",
      headers: other.exec.auth,
      payload: { contacts: [{ contact_id: contactIds[0] }] },
    });
    expect(res.statusCode).toBe(404);
    const names = await h.app.inject({
      method: "GET",
      url: "/api/v1/workspace/principals",
      headers: other.rep.auth,
    });
    expect(names.json().items.map((p: any) => p.principal_id)).not.toContain(t.revops.principalId);
  });
});
