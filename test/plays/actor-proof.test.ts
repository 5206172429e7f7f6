// Issue 58, Deliver 1: approvals the database verifies. The review's repro, as the role
// `baton db grant-runtime` creates: set_config('baton.actor_id', <an SLM's id>), approve; then a
// RevOps id, activate: an under_review play became active with nobody approving. Now every play
// write of the runtime role presents the actor's live session or token (baton_present_proof), and
// the triggers accept the actor only as the holder of it (db/migrations/0350_actor_proof.sql).
// Each forged or broken case sits beside the real one. The SQL cases run twice: on PGlite under
// SET LOCAL ROLE to a role grantRuntime granted (so the default suite holds the repro), and on
// PostgreSQL connected as the runtime role. HTTP, MCP and the demo: actor-proof-http.test.ts.
import { randomBytes } from "node:crypto";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { revokeSession } from "../../src/auth/sessions/revoke-sessions.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import { SYSTEM_ACTOR, setActor } from "../../src/db/actor-context.ts";
import type { DB } from "../../src/db/database.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { type AsRuntime, describeAsRuntimeRole } from "../support/runtime-role.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { seedTaxonomy } from "./plays-helpers.ts";

const HOUR = 3_600_000;
const LIFETIMES = { idleMs: 8 * HOUR, absoluteMs: 12 * HOUR };

async function failure(p: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}

function forgeries(get: () => AsRuntime) {
  let t: Tenant;
  let db: Kysely<DB>;
  beforeAll(async () => {
    db = get().db;
    t = await createTenant(db, "proof");
    await seedTaxonomy(db, t);
  });

  const signIn = (who: TestPrincipal, now = new Date()) =>
    createSession(db, { clientId: t.clientId, principalId: who.principalId, method: "oidc" }, LIFETIMES, now);

  /** One statement as the runtime role after set_config of the actor (what any session may call) and, when given, a proof. */
  const asRuntime = (actorId: string, proof: string | undefined, stmt: RawBuilder<unknown>) =>
    get().runtime(async (tx) => {
      await sql`select set_config('baton.actor_id', ${actorId}, true), set_config('baton.actor_kind', 'person', true)`.execute(
        tx,
      );
      if (proof !== undefined) await sql`select baton_present_proof(${proof})`.execute(tx);
      return stmt.execute(tx);
    });
  const approveAs = (
    id: string,
    column: "slm_approver_user_id" | "revops_approver_user_id",
    who: Principal,
  ) =>
    sql`update plays set ${sql.ref(column)} = ${who.principalId}::uuid
         where client_id = ${t.clientId} and play_id = ${id}::uuid`;
  const activate = (id: string, who: Principal) =>
    sql`update plays set revops_approver_user_id = ${who.principalId}::uuid, state = 'active'
         where client_id = ${t.clientId} and play_id = ${id}::uuid`;
  const play = async (id: string) =>
    (
      await sql<{ state: string; slm: string | null; revops: string | null }>`
        select state, slm_approver_user_id::text as slm, revops_approver_user_id::text as revops
          from plays where client_id = ${t.clientId} and play_id = ${id}::uuid`.execute(db)
    ).rows[0];
  const underReview = async (segment = "seg_a") =>
    (await playsUnderReview(db, t, 1, { segment }, { slmApproved: false }))[0];

  it("the review's repro: an SLM's id, then a RevOps id, set by set_config, approve and activate nothing", async () => {
    const id = await underReview();
    const slmApproval = await failure(
      asRuntime(t.slm.principalId, undefined, approveAs(id, "slm_approver_user_id", t.slm)),
    );
    expect(slmApproval?.code).toBe("BP009");
    expect(slmApproval?.message).toMatch(/no live session or token/);
    const revopsActivation = await failure(
      asRuntime(t.revops.principalId, undefined, activate(id, t.revops)),
    );
    expect(revopsActivation?.code).toBe("BP009");
    expect(await play(id)).toEqual({ state: "under_review", slm: null, revops: null });

    // beside it, the real case: each person's live session is their proof
    const slmSession = await signIn(t.slm);
    const revopsSession = await signIn(t.revops);
    await asRuntime(t.slm.principalId, slmSession.id, approveAs(id, "slm_approver_user_id", t.slm));
    await asRuntime(t.revops.principalId, revopsSession.id, activate(id, t.revops));
    expect(await play(id)).toEqual({ state: "active", slm: t.slm.principalId, revops: t.revops.principalId });
  }, 60_000);

  it("a wrong proof, another person's session or token, a revoked, expired or deactivated credential: refused", async () => {
    const id = await underReview("seg_b");
    const revoked = await signIn(t.slm);
    await revokeSession(db, revoked.id, new Date());
    const expired = await signIn(t.slm, new Date(Date.now() - 13 * HOUR));
    const gone = await createTenantPersonWithToken(db, t);
    const cases: [string, string, string][] = [
      ["a made-up token", t.slm.principalId, `bt_${randomBytes(24).toString("base64url")}`],
      ["the other SLM's token", t.slm.principalId, t.slm2.token],
      ["the RevOps person's session", t.slm.principalId, (await signIn(t.revops)).id],
      ["the SLM's revoked session", t.slm.principalId, revoked.id],
      ["the SLM's expired session", t.slm.principalId, expired.id],
      ["a deactivated SLM's own token", gone.principalId, gone.token],
      ["the SLM's token, from another tenant's actor", "00000000-0000-4000-8000-000000000000", t.slm.token],
    ];
    for (const [what, actor, proof] of cases) {
      const who = { ...t.slm, principalId: actor };
      const err = await failure(asRuntime(actor, proof, approveAs(id, "slm_approver_user_id", who)));
      expect(err?.code, what).toBe("BP009");
    }
    expect(await play(id)).toEqual({ state: "under_review", slm: null, revops: null });
    // nor does text that is no credential at all (quoted, never run)
    const malformed = await failure(
      asRuntime(t.slm.principalId, "x'; reset all; --", approveAs(id, "slm_approver_user_id", t.slm)),
    );
    expect(malformed?.code).toBe("BP009");
    // beside them: the SLM's own token (what the CLI and the agents present)
    await asRuntime(t.slm.principalId, t.slm.token, approveAs(id, "slm_approver_user_id", t.slm));
    expect((await play(id)).slm).toBe(t.slm.principalId);
  }, 60_000);

  it("the runtime role cannot mint, re-point, backdate or reopen a session or token row", async () => {
    const hash = randomBytes(32).toString("hex");
    await signIn(t.rep); // a live session for the updates below to reach
    const refused: [string, RawBuilder<unknown>][] = [
      [
        "insert a session",
        sql`insert into sessions (client_id, principal_id, id_hash, csrf_token, method, expires_at)
             values (${t.clientId}, ${t.slm.principalId}::uuid, ${hash}, 'x', 'oidc', now() + interval '1 hour')`,
      ],
      [
        "insert a token",
        sql`insert into api_tokens (client_id, principal_id, token_hash)
             values (${t.clientId}, ${t.slm.principalId}::uuid, ${hash})`,
      ],
      [
        "re-point a session's hash",
        sql`update sessions set id_hash = ${hash} where client_id = ${t.clientId}`,
      ],
      [
        "give a token to another person",
        sql`update api_tokens set principal_id = ${t.slm.principalId}::uuid where client_id = ${t.clientId}`,
      ],
      [
        "extend a session",
        sql`update sessions set expires_at = now() + interval '1 year' where client_id = ${t.clientId}`,
      ],
      [
        "backdate a session",
        sql`update sessions set created_at = '2020-01-01' where client_id = ${t.clientId}`,
      ],
      ["delete the sessions", sql`delete from sessions where client_id = ${t.clientId}`],
    ];
    // inserting and deleting are not granted (42501); an update of any column but sign-out and last use
    // is refused by baton_credentials_keep_columns (a trigger: Citus takes no column grants)
    for (const [what, stmt] of refused)
      expect((await failure(get().runtime((tx) => stmt.execute(tx))))?.code, what).toBe(
        /^(insert|delete)/.test(what) ? "42501" : "BG002",
      );
    // a revoked session stays revoked
    const s = await signIn(t.slm);
    await revokeSession(db, s.id, new Date());
    const reopen = await failure(
      get().runtime((tx) =>
        sql`update sessions set revoked_at = null where client_id = ${t.clientId} and revoked_at is not null`.execute(
          tx,
        ),
      ),
    );
    expect(reopen?.code).toBe("BG002");
    // the door opens sessions for active people only, and records the opening by the database's clock
    const agent = await failure(signIn(t.agt901));
    expect(agent?.code).toBe("BG002");
    const backdated = await signIn(t.rep, new Date(Date.now() - 2 * HOUR));
    const row = await sql<{ created_at: Date }>`
      select created_at from sessions where client_id = ${t.clientId} and principal_id = ${t.rep.principalId}::uuid
       order by created_at desc limit 1`.execute(db);
    expect(Math.abs(row.rows[0].created_at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(backdated.id).toBeTruthy();
  }, 60_000);

  it("the system actor (the background jobs) approves and activates nothing", async () => {
    const id = await underReview("seg_b");
    const approve = (set: Record<string, unknown>) =>
      get().runtime(async (tx) => {
        await setActor(tx, SYSTEM_ACTOR, new Date());
        return tx
          .updateTable("plays")
          .set(set)
          .where("client_id", "=", t.clientId)
          .where("play_id", "=", id)
          .execute();
      });
    expect((await failure(approve({ slm_approver_user_id: t.slm.principalId })))?.code).toBe("BP002");
    expect((await failure(approve({ state: "active" })))?.code).toBe("BP002");
    // 'system' with a person's id is no system actor: that person's proof is asked for
    const posing = await failure(
      get().runtime(async (tx) => {
        await sql`select set_config('baton.actor_kind', 'system', true), set_config('baton.actor_id', ${t.slm.principalId}, true)`.execute(
          tx,
        );
        return approveAs(id, "slm_approver_user_id", t.slm).execute(tx);
      }),
    );
    expect(posing?.code).toBe("BP009");
    expect(await play(id)).toEqual({ state: "under_review", slm: null, revops: null });
  }, 60_000);
}

describeAsRuntimeRole("approvals the database verifies", "proof", forgeries);

/** An SLM of the tenant with a token, then deactivated (the token stays unrevoked). */
async function createTenantPersonWithToken(db: Kysely<DB>, t: Tenant) {
  const p = await createPrincipal(db, { clientId: t.clientId, displayName: "Gone SLM", roles: ["slm"] });
  const token = await issueToken(db, t.clientId, p.principalId, "gone");
  await db
    .updateTable("principals")
    .set({ deactivated_at: new Date() })
    .where("client_id", "=", t.clientId)
    .where("principal_id", "=", p.principalId)
    .execute();
  return { principalId: p.principalId, token };
}
