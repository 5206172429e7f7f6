// Who writes a draft row (issue 58; spec 000: "the brain inserts draft rows and no one else writes to
// draft rows"). Baton's reading (docs/plays.md "Who writes a draft"): a draft is its writer's until a
// person picks it up. The brain agent that wrote it may revise its text (name, hypothesis, target,
// cadence, sunset date) while it is a draft (issue 38, 0260), as itself, with its own token's proof
// when the runtime role writes; no other agent, and no person, writes a draft's fields; a person
// only picks it up or rejects it, and from then on no agent writes the play. The SQL writes run as a
// runtime role: on PGlite under SET LOCAL ROLE, and with TEST_DATABASE_URL connected as one.
import { randomBytes } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR_PROOF, type Principal } from "../../src/auth/principal.ts";
import { SYSTEM_ACTOR, setActor } from "../../src/db/actor-context.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { grantRuntime } from "../../src/db/grant-runtime.ts";
import { createDraft } from "../../src/plays/create-draft.ts";
import { editPlay, pickUpPlay } from "../../src/plays/review-play.ts";
import { testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { runtimeRoleDatabase } from "../support/runtime-role.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { draftBody, seedTaxonomy } from "./plays-helpers.ts";

async function failure(p: Promise<unknown>): Promise<{ code?: string } | undefined> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}

/** How the SQL writes run: as the runtime role (PGlite: SET LOCAL ROLE to a granted role). */
type Runtime = <T>(fn: (tx: Transaction<DB>) => Promise<T>) => Promise<T>;

function draftWriters(get: () => Kysely<DB>, runtime: () => Runtime) {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant(get(), "drafts");
    await seedTaxonomy(get(), t);
  });

  const draft = async () =>
    (await createDraft(get(), t.agt901, draftBody() as any, new Date())).play_id as string;
  /** One update of the play's row by `who`, as the runtime role (the database's own rules, no domain check first). */
  const write = (who: Principal | typeof SYSTEM_ACTOR, id: string, set: Record<string, unknown>) =>
    runtime()(async (tx) => {
      await setActor(tx, who, new Date());
      return tx
        .updateTable("plays")
        .set(set)
        .where("client_id", "=", t.clientId)
        .where("play_id", "=", id)
        .execute();
    });
  const hypothesis = async (id: string) =>
    (
      await sql<{ h: string }>`select hypothesis as h from plays where client_id = ${t.clientId}
                                 and play_id = ${id}::uuid`.execute(get())
    ).rows[0].h;

  it("the writer agent revises its own draft's text, as itself; the revision is not a review edit", async () => {
    const id = await draft();
    const view = await editPlay(get(), t.agt901, id, { hypothesis: "Revised by its writer." }, new Date());
    expect(view.hypothesis).toBe("Revised by its writer.");
    await write(t.agt901, id, { name: "Renamed by its writer" });
    const row = await sql<{ state: string; edits: unknown }>`
      select state, edits_during_review as edits from plays where client_id = ${t.clientId} and play_id = ${id}::uuid`.execute(
      get(),
    );
    expect(row.rows[0]).toEqual({ state: "draft", edits: null });
  });

  it("no one else writes a draft's fields: another brain agent, RevOps, a sales leader, the system", async () => {
    const id = await draft();
    expect(await failure(editPlay(get(), t.agt902, id, { hypothesis: "x" }, new Date()))).toMatchObject({
      code: "FORBIDDEN_ROLE",
    });
    expect(await failure(editPlay(get(), t.revops, id, { hypothesis: "x" }, new Date()))).toMatchObject({
      code: "PLAY_NOT_EDITABLE",
    });
    const byDatabase: [string, Principal | typeof SYSTEM_ACTOR, string][] = [
      ["another brain agent", t.agt902, "BP002"],
      ["RevOps", t.revops, "BP006"],
      ["a sales leader", t.slm, "BP006"],
      ["the system actor", SYSTEM_ACTOR, "BP002"],
    ];
    for (const [who, actor, code] of byDatabase)
      expect((await failure(write(actor, id, { hypothesis: `by ${who}` })))?.code, who).toBe(code);
    // nor its fixed fields, nor its state, even by its writer
    expect((await failure(write(t.agt901, id, { success_criteria: '{"x":1}' })))?.code).toBe("BP007");
    expect((await failure(write(t.agt901, id, { state: "under_review" })))?.code).toBe("BP002");
    expect(await hypothesis(id)).toBe(draftBody().hypothesis);
  });

  it("once a person picks the draft up, its writer writes it no more", async () => {
    const id = await draft();
    await pickUpPlay(get(), t.revops, id, new Date());
    expect(await failure(editPlay(get(), t.agt901, id, { hypothesis: "late" }, new Date()))).toMatchObject({
      code: "FORBIDDEN_ROLE",
    });
    expect((await failure(write(t.agt901, id, { hypothesis: "late" })))?.code).toBe("BP002");
    expect(await hypothesis(id)).toBe(draftBody().hypothesis);
  });

  it("the writer's id without its own token's proof revises nothing", async () => {
    const id = await draft();
    const { [ACTOR_PROOF]: _own, ...noProof } = t.agt901;
    const cases: [string, Principal][] = [
      ["no proof", noProof],
      ["another agent's token", { ...noProof, [ACTOR_PROOF]: t.agt902.token }],
      ["a made-up token", { ...noProof, [ACTOR_PROOF]: `bt_${randomBytes(24).toString("base64url")}` }],
    ];
    for (const [what, actor] of cases)
      expect((await failure(write(actor, id, { hypothesis: what })))?.code, what).toBe("BP009");
    expect(await hypothesis(id)).toBe(draftBody().hypothesis);
    // beside them, its own token
    await write(t.agt901, id, { hypothesis: "with its own token" });
    expect(await hypothesis(id)).toBe("with its own token");
  });
}

describe("who writes a draft row (PGlite; the SQL writes under SET LOCAL ROLE to a runtime role)", () => {
  let d: Database;
  const role = "baton_app_drafts";
  beforeAll(async () => {
    d = await testDatabase();
    await sql.raw(`create role ${role} nologin`).execute(d.db);
    await grantRuntime(d.db, role);
  });
  afterAll(() => d?.close());
  draftWriters(
    () => d.db,
    () => (fn) =>
      d.db.transaction().execute(async (tx) => {
        await sql.raw(`set local role ${role}`).execute(tx);
        return fn(tx);
      }),
  );
});

describeMultiConnection("who writes a draft row, connected as the runtime role", () => {
  let r: Awaited<ReturnType<typeof runtimeRoleDatabase>>;
  beforeAll(async () => {
    r = await runtimeRoleDatabase("drafts");
  }, 180_000);
  afterAll(async () => r?.close(), 60_000);
  draftWriters(
    () => r.app.db,
    () => (fn) => r.app.db.transaction().execute(fn),
  );
});
