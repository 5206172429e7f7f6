// On PostgreSQL, with several connections: callers that find the access token about to expire at
// the same moment refresh it once (the token row's lock), and all get the same new token; the
// refresh token is never spent twice. Against the HubSpot stand-in's token endpoint.
import { afterAll, beforeAll, expect, it } from "vitest";
import { accessTokenFor } from "../../src/crm/crm-oauth.ts";
import { hubspotOAuthProvider } from "../../src/crm/crm-oauth-providers.ts";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase } from "../support/db.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";
import { connectHubSpot, HS_SECRET, hubspotConfig } from "./hubspot-fixtures.ts";

describeMultiConnection("CRM OAuth2 refresh with 8 concurrent callers", () => {
  let database: Database;
  let hs: HubSpotStandIn;
  beforeAll(async () => {
    database = await serverDatabase(10);
    hs = await startHubSpotStandIn();
  });
  afterAll(async () => {
    await hs?.close();
    await database?.close();
  });

  it("refreshes once and hands every caller the same new token", async () => {
    const t = await createTenant(database.db);
    await connectHubSpot(database.db, hs, t.clientId);
    const provider = hubspotOAuthProvider(hubspotConfig(hs));
    const first = await accessTokenFor(database.db, HS_SECRET, t.clientId, provider);
    const before = hs.tokenGrants.refresh_token;
    const at = new Date(first.expiresAt.getTime() - 10_000);
    const got = await Promise.all(
      Array.from({ length: 8 }, () =>
        accessTokenFor(database.db, HS_SECRET, t.clientId, provider, fetch, at),
      ),
    );
    expect(hs.tokenGrants.refresh_token).toBe(before + 1);
    expect(new Set(got.map((g) => g.accessToken)).size).toBe(1);
    expect(got[0].accessToken).not.toBe(first.accessToken);
  });
});
