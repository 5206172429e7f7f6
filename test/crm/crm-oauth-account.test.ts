// A grant for another CRM account than the one connected (issue 58, Deliver 2, review: "the tenant
// is now connected to another portal"): the callback changes nothing and parks the grant (202); a
// revops or admin person's POST …/confirm makes the change, dropping the old portal's links and poll
// cursor. Beside it: the same portal again connects at once; a rep, another workspace, a second
// confirm and a confirm after 24 hours are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addContact } from "../engine/engine-harness.ts";
import type { TestApp } from "../support/app.ts";
import type { HubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { browserOf, connectInBrowser, refusal, startHubSpotApp, tokensOf } from "./crm-oauth-fixtures.ts";

let h: TestApp;
let hs: HubSpotStandIn;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ h, hs, close } = await startHubSpotApp());
});
afterAll(() => close?.());

const confirm = (headers: Record<string, string>, grantId: string) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/crm/oauth/hubspot/confirm",
    headers,
    payload: { grant_id: grantId },
  });

/** The tenant's revops person connects in a browser; the person chose this portal at HubSpot. */
async function connectPortal(t: Tenant, portal: number) {
  hs.nextPortal(portal);
  return connectInBrowser(h, "hubspot", await browserOf(h, t.revops));
}

describe("a change of HubSpot portal", () => {
  it("is parked until a person confirms it; the confirmation switches the tokens and drops the old portal's links and cursor", async () => {
    const db = h.database.db;
    const t = await createTenant(db);
    expect((await connectPortal(t, 60_000_001)).statusCode).toBe(200);
    await db
      .insertInto("crm_links")
      .values({
        client_id: t.clientId,
        adapter: "hubspot",
        kind: "contact",
        baton_id: await addContact(db, t.clientId, "Ada Link"),
        external_id: "501",
      })
      .execute();
    await db
      .insertInto("crm_sync_cursors")
      .values({ client_id: t.clientId, provider: "hubspot", cursor: "17" })
      .execute();
    const before = await tokensOf(h, t.clientId);

    // the same portal again: connected at once (fresh tokens, same account)
    expect((await connectPortal(t, 60_000_001)).json()).toMatchObject({
      connected: true,
      account: "60000001",
    });

    const parked = await connectPortal(t, 60_000_002);
    expect(parked.statusCode, parked.body).toBe(202);
    const pending = parked.json().pending;
    expect(pending).toMatchObject({
      account: "60000002",
      previous_account: "60000001",
      confirm: "POST /api/v1/crm/oauth/hubspot/confirm",
    });
    const [now] = await tokensOf(h, t.clientId);
    expect(now?.account_ref).toBe("60000001");
    expect(now?.access_token_sealed).not.toBe(before[0]?.access_token_sealed); // the same-portal grant above
    expect(JSON.stringify(parked.json())).not.toContain("pat-na1-");

    // a rep may not; another workspace's revops finds nothing under the id
    expect(refusal(await confirm(t.rep.auth, pending.grant_id))).toEqual([403, "FORBIDDEN_ROLE"]);
    const other = await createTenant(db);
    expect(refusal(await confirm(other.revops.auth, pending.grant_id))).toEqual([
      404,
      "CRM_ACCOUNT_CHANGE_NOT_PENDING",
    ]);
    expect((await tokensOf(h, t.clientId))[0]?.account_ref).toBe("60000001");

    const ok = await confirm(t.revops2.auth, pending.grant_id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      connected: true,
      provider: "hubspot",
      account: "60000002",
      previous_account: "60000001",
    });
    expect((await tokensOf(h, t.clientId))[0]?.account_ref).toBe("60000002");
    expect(
      await db.selectFrom("crm_links").select("external_id").where("client_id", "=", t.clientId).execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom("crm_sync_cursors").select("cursor").where("client_id", "=", t.clientId).execute(),
    ).toEqual([]);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("client_id", "=", t.clientId)
      .where("action", "like", "crm_%")
      .orderBy("audit_id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "crm_connected",
      "crm_connected",
      "crm_account_change_pending",
      "crm_account_changed",
    ]);
    expect(refusal(await confirm(t.revops.auth, pending.grant_id))).toEqual([
      404,
      "CRM_ACCOUNT_CHANGE_NOT_PENDING",
    ]);
  });

  it("a parked change confirmed after 24 hours is refused and changes nothing", async () => {
    const t = await createTenant(h.database.db);
    expect((await connectPortal(t, 60_000_011)).statusCode).toBe(200);
    const parked = await connectPortal(t, 60_000_012);
    expect(parked.statusCode).toBe(202);
    h.clock.now = new Date(Date.now() + 24 * 3_600_000 + 60_000);
    try {
      const late = await confirm(t.revops.auth, parked.json().pending.grant_id);
      expect(refusal(late)).toEqual([404, "CRM_ACCOUNT_CHANGE_NOT_PENDING"]);
      expect(late.json().error.message).toContain("24 hours");
    } finally {
      h.clock.now = null;
    }
    expect((await tokensOf(h, t.clientId))[0]?.account_ref).toBe("60000011");
  });
});
