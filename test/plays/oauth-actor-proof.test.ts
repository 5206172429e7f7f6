// A person acting through an MCP client signed in with OAuth (issue 61 item 4) proves themselves to
// the plays rules with the raw access token (db/migrations/0475_oauth_actor_proof.sql), as a session
// or an API token does (0350, actor-proof.test.ts). The tokens are stored by the authorization
// server's own adapter (src/auth/mcp-oauth/pg-adapter.ts), so the hash the database compares is the
// one it writes. Each refused proof sits beside the accepted one: a revoked, consumed or expired
// access token, a revoked or expired grant, another person's token, a refresh token or a code, a
// read-only token, a deactivated person's, a token of a grant re-pointed at the actor. The runtime
// role stores an access token through baton_store_access_token only, which records it (0476). Run on PGlite
// under SET LOCAL ROLE to a granted runtime role, and on PostgreSQL connected as the runtime role.
// Through the MCP tool: test/mcp/mcp-oauth-plays.test.ts.
import { randomBytes, randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { accountIdOf } from "../../src/auth/mcp-oauth/account.ts";
import { pgAdapterFor } from "../../src/auth/mcp-oauth/pg-adapter.ts";
import type { DB } from "../../src/db/database.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { type AsRuntime, describeAsRuntimeRole } from "../support/runtime-role.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { seedTaxonomy } from "./plays-helpers.ts";

const RESOURCE = "http://baton.test/mcp";
type Model = "AccessToken" | "RefreshToken" | "AuthorizationCode";

function oauthProofs(get: () => AsRuntime) {
  let t: Tenant;
  let db: Kysely<DB>;
  let Adapter: ReturnType<typeof pgAdapterFor>;
  beforeAll(async () => {
    db = get().db;
    t = await createTenant(db, "oaproof");
    await seedTaxonomy(db, t);
    Adapter = pgAdapterFor(db);
  });

  /** A person's approval of a client (a Grant, as the consent stores it), and its id. */
  const grantOf = async (who: TestPrincipal, scope = "mcp:read mcp:write") => {
    const grantId = randomBytes(16).toString("base64url");
    const clientId = randomUUID();
    await new Adapter("Grant").upsert(
      grantId,
      { kind: "Grant", accountId: accountIdOf(who), clientId, resources: { [RESOURCE]: scope } },
      14 * 86_400,
    );
    return { grantId, clientId, scope };
  };
  /** A token of the grant as oidc-provider saves it (its value is the proof), and the value. */
  const tokenOf = async (
    who: TestPrincipal,
    g: { grantId: string; clientId: string; scope: string },
    model: Model = "AccessToken",
    over: Record<string, unknown> = {},
  ) => {
    const value = randomBytes(32).toString("base64url");
    await new Adapter(model).upsert(
      value,
      {
        kind: model,
        accountId: accountIdOf(who),
        grantId: g.grantId,
        clientId: g.clientId,
        scope: g.scope,
        aud: RESOURCE,
        ...over,
      },
      600,
    );
    return value;
  };
  const approveAs = (actorId: string, proof: string, id: string) =>
    get().runtime(async (tx) => {
      await sql`select set_config('baton.actor_id', ${actorId}, true), set_config('baton.actor_kind', 'person', true)`.execute(
        tx,
      );
      await sql`select baton_present_proof(${proof})`.execute(tx);
      return sql`update plays set slm_approver_user_id = ${actorId}::uuid
                  where client_id = ${t.clientId} and play_id = ${id}::uuid`.execute(tx);
    });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "accepted",
      (e) => e.code as string,
    );
  const slmOf = async (id: string) =>
    (
      await sql<{ slm: string | null }>`select slm_approver_user_id::text as slm from plays
        where client_id = ${t.clientId} and play_id = ${id}::uuid`.execute(db)
    ).rows[0].slm;
  const expire = (table: "oauth_tokens" | "oauth_grants", column: "token_hash" | "grant_id", key: string) =>
    sql`update ${sql.table(table)} set expires_at = now() - interval '1 second'
         where client_id = ${t.clientId} and ${sql.ref(column)} = ${key}`.execute(get().owner);
  const hashOf = async (value: string) =>
    (await sql<{ h: string }>`select encode(sha256(convert_to(${value}, 'UTF8')), 'hex') as h`.execute(db))
      .rows[0].h;

  it("a live access token of the SLM's own grant, with mcp:write, approves; every other proof is BP009", async () => {
    const [id] = await playsUnderReview(db, t, 1, { segment: "seg_a" }, { slmApproved: false });
    const mine = await grantOf(t.slm);
    const revoked = await tokenOf(t.slm, mine);
    await new Adapter("AccessToken").destroy(revoked); // RFC 7009 revocation
    const consumed = await tokenOf(t.slm, mine);
    await new Adapter("AccessToken").consume(consumed);
    const expired = await tokenOf(t.slm, mine);
    await expire("oauth_tokens", "token_hash", await hashOf(expired));
    const ended = await grantOf(t.slm);
    const ofEnded = await tokenOf(t.slm, ended);
    await db
      .deleteFrom("oauth_grants")
      .where("client_id", "=", t.clientId)
      .where("grant_id", "=", ended.grantId)
      .execute();
    const stale = await grantOf(t.slm);
    const ofStale = await tokenOf(t.slm, stale);
    await expire("oauth_grants", "grant_id", stale.grantId);
    const reader = await tokenOf(t.slm, await grantOf(t.slm, "mcp:read"));
    const theirs = await tokenOf(t.slm2, await grantOf(t.slm2));
    const cases: [string, string, string][] = [
      ["a made-up token", t.slm.principalId, randomBytes(32).toString("base64url")],
      ["the SLM's revoked access token", t.slm.principalId, revoked],
      ["the SLM's consumed access token", t.slm.principalId, consumed],
      ["the SLM's expired access token", t.slm.principalId, expired],
      ["a token of the SLM's revoked grant", t.slm.principalId, ofEnded],
      ["a token of the SLM's expired grant", t.slm.principalId, ofStale],
      ["the SLM's refresh token", t.slm.principalId, await tokenOf(t.slm, mine, "RefreshToken")],
      ["the SLM's authorization code", t.slm.principalId, await tokenOf(t.slm, mine, "AuthorizationCode")],
      ["the SLM's read-only access token", t.slm.principalId, reader],
      ["the other SLM's access token", t.slm.principalId, theirs],
      [
        "the other SLM's access token, for them, on the SLM's grant",
        t.slm2.principalId,
        await tokenOf(t.slm2, mine),
      ],
    ];
    for (const [what, actor, proof] of cases)
      expect(await refusal(approveAs(actor, proof, id)), what).toBe("BP009");
    expect(await slmOf(id)).toBeNull();
    // beside them, the SLM's live access token
    await approveAs(t.slm.principalId, await tokenOf(t.slm, mine), id);
    expect(await slmOf(id)).toBe(t.slm.principalId);
  }, 60_000);

  it("a deactivated person's token, and a token presented for an actor of another tenant: BP009", async () => {
    const [id] = await playsUnderReview(db, t, 1, { segment: "seg_b" }, { slmApproved: false });
    const g = await grantOf(t.both);
    const token = await tokenOf(t.both, g);
    const other = await createTenant(db, "oaother");
    expect(await refusal(approveAs(other.slm.principalId, token, id)), "another tenant's actor").toBe(
      "BP009",
    );
    await db
      .updateTable("principals")
      .set({ deactivated_at: new Date() })
      .where("client_id", "=", t.clientId)
      .where("principal_id", "=", t.both.principalId)
      .execute();
    expect(await refusal(approveAs(t.both.principalId, token, id)), "deactivated").toBe("BP009");
    expect(await slmOf(id)).toBeNull();
  }, 60_000);
  it("the runtime role stores an access token through its door only, and cannot erase or re-point its record", async () => {
    const mine = await grantOf(t.slm);
    const hash = randomBytes(32).toString("hex");
    const payload = JSON.stringify({
      kind: "AccessToken",
      grantId: mine.grantId,
      clientId: mine.clientId,
      scope: mine.scope,
    });
    const asRuntime = (stmt: ReturnType<typeof sql>) => refusal(get().runtime((tx) => stmt.execute(tx)));
    const door = (grantId: string, body: string) =>
      sql`select baton_store_access_token(${t.clientId}, ${randomBytes(32).toString("hex")}, ${grantId},
                  ${body}::jsonb, now() + interval '10 minutes')`;
    const live = await tokenOf(t.slm, mine);
    const refused: [string, ReturnType<typeof sql>, string][] = [
      [
        "insert an access token",
        sql`insert into oauth_tokens (client_id, token_hash, model, grant_id, payload, expires_at)
             values (${t.clientId}, ${hash}, 'AccessToken', ${mine.grantId}, ${payload}::jsonb, now() + interval '1 hour')`,
        "BG002",
      ],
      [
        "turn a refresh token into an access token",
        sql`update oauth_tokens set model = 'AccessToken' where client_id = ${t.clientId} and model = 'RefreshToken'`,
        "BG002",
      ],
      [
        "extend an access token",
        sql`update oauth_tokens set expires_at = now() + interval '1 year' where client_id = ${t.clientId} and model = 'AccessToken'`,
        "BG002",
      ],
      [
        "re-point an access token's hash",
        sql`update oauth_tokens set token_hash = ${hash} where client_id = ${t.clientId} and model = 'AccessToken'`,
        "BG002",
      ],
      [
        "store one for another client than the grant's",
        door(mine.grantId, JSON.stringify({ clientId: randomUUID() })),
        "BG002",
      ],
      ["store one of no grant", door("no-such-grant", payload), "BG002"],
      [
        "write a record",
        sql`insert into oauth_access_token_issues (client_id, token_hash, grant_id, principal_id, app_id, scopes, expires_at)
             values (${t.clientId}, ${hash}, ${mine.grantId}, ${t.slm.principalId}::uuid, ${mine.clientId}, '{mcp:write}', now() + interval '1 hour')`,
        "42501",
      ],
      [
        "re-point a record",
        sql`update oauth_access_token_issues set principal_id = ${t.slm2.principalId}::uuid where client_id = ${t.clientId}`,
        "42501",
      ],
      [
        "delete the records",
        sql`delete from oauth_access_token_issues where client_id = ${t.clientId}`,
        "42501",
      ],
    ];
    await tokenOf(t.slm, mine, "RefreshToken");
    for (const [what, stmt, code] of refused) expect(await asRuntime(stmt), what).toBe(code);
    // the door's own record: the person, the grant, the client and the scopes, by the database's clock
    const record = await get()
      .owner.selectFrom("oauth_access_token_issues")
      .select(["principal_id", "app_id", "scopes", "issued_at"])
      .where("client_id", "=", t.clientId)
      .where("token_hash", "=", await hashOf(live))
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      principal_id: t.slm.principalId,
      app_id: mine.clientId,
      scopes: ["mcp:read", "mcp:write"],
    });
    expect(Math.abs(new Date(record.issued_at).getTime() - Date.now())).toBeLessThan(60_000);
    // a rep's grant re-pointed at the SLM: the rep's token is still the rep's
    const [id] = await playsUnderReview(db, t, 1, { segment: "seg_a" }, { slmApproved: false });
    const reps = await grantOf(t.rep);
    const repToken = await tokenOf(t.rep, reps);
    await db
      .updateTable("oauth_grants")
      .set({ principal_id: t.slm.principalId })
      .where("client_id", "=", t.clientId)
      .where("grant_id", "=", reps.grantId)
      .execute();
    expect(await refusal(approveAs(t.slm.principalId, repToken, id)), "a re-pointed grant").toBe("BP009");
    // the admin's Revoke deletes the grant and its tokens; the records stay
    await db
      .deleteFrom("oauth_grants")
      .where("client_id", "=", t.clientId)
      .where("grant_id", "=", mine.grantId)
      .execute();
    const kept = await get()
      .owner.selectFrom("oauth_access_token_issues")
      .select("token_hash")
      .where("client_id", "=", t.clientId)
      .where("grant_id", "=", mine.grantId)
      .execute();
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(await slmOf(id)).toBeNull();
  }, 60_000);
}

describeAsRuntimeRole("OAuth access tokens as proof", "oauthproof", oauthProofs);
