// Approving a play through an MCP client signed in with OAuth (issue 61 item 4 with issue 58): the
// SLM's and the RevOps person's clients call approve_play, and the play goes active with each of
// them its approver, the database accepting each access token as its person's proof (0475). A
// client granted mcp:read only is refused at /mcp (HTTP 403, insufficient_scope: a step-up) before the
// database. On PGlite the owner acts (no proof is asked of it); on PostgreSQL the server is connected
// as the runtime role, so the proof is checked. The refused proofs over SQL: oauth-actor-proof.test.ts.
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database.ts";
import { seedTaxonomy } from "../plays/plays-helpers.ts";
import type { TestApp } from "../support/app.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { type RuntimeRoleDatabase, runtimeRoleDatabase } from "../support/runtime-role.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { connectedClient, listeningApp } from "./oauth-flow.ts";

interface Served {
  h: TestApp;
  base: string;
  /** reads the plays whatever the rules (the owner) */
  owner: Kysely<DB>;
}

function approvals(get: () => Served) {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant(get().h.database.db, "oaplay");
    await seedTaxonomy(get().h.database.db, t);
  });
  const underReview = async (segment: string) =>
    (await playsUnderReview(get().h.database.db, t, 1, { segment }, { slmApproved: false }))[0];
  const play = async (id: string) =>
    (
      await sql<{ state: string; slm: string | null; revops: string | null }>`
        select state, slm_approver_user_id::text as slm, revops_approver_user_id::text as revops
          from plays where client_id = ${t.clientId} and play_id = ${id}::uuid`.execute(get().owner)
    ).rows[0];

  it("the SLM's and the RevOps person's clients approve with approve_play: the play is active, approved by them", async () => {
    const { h, base } = get();
    const id = await underReview("seg_a");
    const slm = await connectedClient(h, base, t, t.slm, "SLM's agent");
    const first = await slm.client.callTool({ name: "approve_play", arguments: { play_id: id } });
    expect(first.isError, JSON.stringify(first)).toBeFalsy();
    expect(await play(id)).toEqual({ state: "under_review", slm: t.slm.principalId, revops: null });
    // the RevOps client refreshes first: the new access token is the proof of the next call
    const revops = await connectedClient(h, base, t, t.revops, "RevOps's agent");
    const before = revops.oauth.saved!.access_token;
    expect(await auth(revops.oauth, { serverUrl: `${base}/mcp` })).toBe("AUTHORIZED");
    expect(revops.oauth.saved!.access_token).not.toBe(before);
    const second = await revops.client.callTool({ name: "approve_play", arguments: { play_id: id } });
    expect(second.isError, JSON.stringify(second)).toBeFalsy();
    expect(await play(id)).toEqual({ state: "active", slm: t.slm.principalId, revops: t.revops.principalId });
    await Promise.all([slm.client.close(), revops.client.close()]);
  }, 60_000);

  it("a client granted mcp:read only is challenged to step up (403) before the database; the play waits", async () => {
    const { h, base } = get();
    const id = await underReview("seg_b");
    const { client } = await connectedClient(h, base, t, t.slm, "SLM's reader", "mcp:read");
    // a 403 step-up challenge (insufficient_scope, test/mcp/mcp-oauth.test.ts), not a tool result
    await expect(client.callTool({ name: "approve_play", arguments: { play_id: id } })).rejects.toThrow(
      /403/,
    );
    expect(await play(id)).toEqual({ state: "under_review", slm: null, revops: null });
    await client.close();
  }, 60_000);
}

describe("approving a play through an OAuth client (PGlite: the owner acts)", () => {
  let s: Served;
  beforeAll(async () => {
    const { h, base } = await listeningApp();
    s = { h, base, owner: h.database.db };
  });
  afterAll(async () => s?.h.close());
  approvals(() => s);
});

describeMultiConnection(
  "approving a play through an OAuth client (PostgreSQL, the server as the runtime role)",
  () => {
    let r: RuntimeRoleDatabase;
    let s: Served;
    beforeAll(async () => {
      r = await runtimeRoleDatabase("oauthplays");
      const { h, base } = await listeningApp(r.app);
      s = { h, base, owner: r.owner.db };
    }, 180_000);
    afterAll(async () => {
      await s?.h.close();
      await r?.close();
    }, 60_000);
    approvals(() => s);
  },
);
