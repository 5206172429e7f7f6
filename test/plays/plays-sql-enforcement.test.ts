// The same rules through direct SQL: the database refuses a writer that skips the API.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.ts";
import { type Actor, SYSTEM_ACTOR, setActor } from "../../src/db/actor-context.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { mapDbError } from "../../src/errors/map-db-error.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { seedTaxonomy } from "./plays-helpers.ts";

let d: Database;
let db: Kysely<DB>;
let t: Tenant;
beforeAll(async () => {
  d = await testDatabase();
  db = d.db;
  t = await createTenant(db);
  await seedTaxonomy(db, t);
});
afterAll(() => d.close());

/** Runs raw SQL as `actor`; returns the registry code of the refusal, or "ok". */
async function as(actor: Actor, q: (tx: Kysely<DB>) => Promise<unknown>): Promise<string> {
  try {
    await db.transaction().execute(async (tx) => {
      await setActor(tx, actor);
      await q(tx);
    });
    return "ok";
  } catch (e) {
    const mapped = mapDbError(e);
    if (!mapped) throw e;
    return mapped.code;
  }
}

const doc = {
  target: JSON.stringify({ icp_tiers: ["T1"] }),
  cadence: JSON.stringify({
    cadence_type: "sales",
    steps: [{ day: 0, channel: "email", content_type: "follow_up", instructions: "x" }],
  }),
  criteria: JSON.stringify({ meeting_rate: 0.1 }),
};

async function proposal(agent: Principal): Promise<string> {
  const r = await db
    .insertInto("brain_proposals")
    .values({ client_id: t.clientId, agent_id: agent.agentId!, payload: "{}" })
    .returning("proposal_id")
    .executeTakeFirstOrThrow();
  return r.proposal_id;
}

function insertDraft(
  tx: Kysely<DB>,
  proposalId: string,
  writer = "AGT-901",
  state: "draft" | "active" = "draft",
  segment = "seg_a",
) {
  return sql`insert into plays (client_id, state, scope, segment, name, hypothesis, target_definition, suggested_cadence,
      success_criteria, originating_proposal_id, writer_agent_id)
    values (${t.clientId}, ${state}, 'segment', ${segment}, 'SQL play', 'h', ${doc.target}::jsonb, ${doc.cadence}::jsonb,
      ${doc.criteria}::jsonb, ${proposalId}::uuid, ${writer}) returning play_id`.execute(tx);
}

async function draft(segment = "seg_a"): Promise<string> {
  const pid = await proposal(t.agt901);
  let id = "";
  await db.transaction().execute(async (tx) => {
    await setActor(tx, t.agt901);
    id = ((await insertDraft(tx, pid, "AGT-901", "draft", segment)).rows[0] as any).play_id;
  });
  return id;
}

const upd = (id: string, set: string) => (tx: Kysely<DB>) =>
  sql`update plays set ${sql.raw(set)} where play_id = ${id}::uuid`.execute(tx);

async function reviewed(segment = "seg_a"): Promise<string> {
  const id = await draft(segment);
  expect(await as(t.revops, upd(id, "state = 'under_review'"))).toBe("ok");
  return id;
}

async function row(id: string) {
  return db.selectFrom("plays").selectAll().where("play_id", "=", id).executeTakeFirstOrThrow();
}

describe("direct SQL against plays", () => {
  it("refuses inserts without an actor, by non-brain principals, or not as a draft", async () => {
    const pid = await proposal(t.agt901);
    expect(await as(null, (tx) => insertDraft(tx, pid))).toBe("PLAY_NO_ACTOR");
    expect(await as(t.revops, (tx) => insertDraft(tx, pid))).toBe("PLAY_WRITE_FORBIDDEN");
    expect(await as(t.agt301, (tx) => insertDraft(tx, pid, "AGT-301"))).toBe("PLAY_WRITE_FORBIDDEN");
    expect(await as(t.agt902, (tx) => insertDraft(tx, pid, "AGT-901"))).toBe("PLAY_WRITE_FORBIDDEN");
    expect(await as(t.agt901, (tx) => insertDraft(tx, pid, "AGT-901", "active"))).toBe(
      "PLAY_ILLEGAL_TRANSITION",
    );
    expect(await as(t.agt901, (tx) => insertDraft(tx, pid))).toBe("ok");
  });

  it("refuses unknown segments, accounts and proposals by foreign key", async () => {
    const pid = await proposal(t.agt901);
    expect(await as(t.agt901, (tx) => insertDraft(tx, pid, "AGT-901", "draft", "no_such_segment"))).toBe(
      "PLAY_UNKNOWN_SEGMENT",
    );
    const acct = (tx: Kysely<DB>) =>
      sql`insert into plays (client_id, scope, account_id, name, hypothesis, target_definition, suggested_cadence,
          success_criteria, originating_proposal_id, writer_agent_id)
        values (${t.clientId}, 'account_specific', gen_random_uuid(), 'x', 'h', ${doc.target}::jsonb, ${doc.cadence}::jsonb,
          ${doc.criteria}::jsonb, ${pid}::uuid, 'AGT-901')`.execute(tx);
    expect(await as(t.agt901, acct)).toBe("PLAY_UNKNOWN_ACCOUNT");
    const bad = `{"cadence_type":"sales","steps":[]}`;
    expect(
      await as(t.agt901, (tx) =>
        sql`insert into plays (client_id, scope, segment, name, hypothesis, target_definition, suggested_cadence,
            success_criteria, originating_proposal_id, writer_agent_id)
          values (${t.clientId}, 'segment', 'seg_a', 'x', 'h', ${doc.target}::jsonb, ${bad}::jsonb,
            ${doc.criteria}::jsonb, ${pid}::uuid, 'AGT-901')`.execute(tx),
      ),
    ).toBe("PLAY_DOCUMENT_INVALID");
  });

  it("extends the brain set through brain_agents, not code", async () => {
    await db
      .insertInto("brain_agents")
      .values({ client_id: t.clientId, agent_id: "AGT-301", name: "promoted" })
      .execute();
    const pid = await proposal(t.agt301);
    expect(await as(t.agt301, (tx) => insertDraft(tx, pid, "AGT-301"))).toBe("ok");
  });

  it("treats an actor of another tenant as no actor", async () => {
    const other = await createTenant(db);
    const id = await draft();
    expect(await as(other.revops, upd(id, "state = 'under_review'"))).toBe("PLAY_NO_ACTOR");
    const pid = await proposal(t.agt901);
    expect(await as(other.agt901, (tx) => insertDraft(tx, pid))).toBe("PLAY_NO_ACTOR");
    expect((await row(id)).state).toBe("draft");
  });

  it("enforces one active play per account in the trigger", async () => {
    const [acct] = await db
      .selectFrom("accounts")
      .select("account_id")
      .where("client_id", "=", t.clientId)
      .execute();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const pid = await proposal(t.agt902);
      await db.transaction().execute(async (tx) => {
        await setActor(tx, t.agt902);
        const r = await sql<{
          play_id: string;
        }>`insert into plays (client_id, scope, account_id, name, hypothesis, target_definition,
            suggested_cadence, success_criteria, originating_proposal_id, writer_agent_id)
          values (${t.clientId}, 'account_specific', ${acct.account_id}::uuid, 'Acct play', 'h', ${doc.target}::jsonb,
            ${doc.cadence}::jsonb, ${doc.criteria}::jsonb, ${pid}::uuid, 'AGT-902') returning play_id`.execute(
          tx,
        );
        ids.push(r.rows[0].play_id);
      });
      expect(await as(t.revops, upd(ids[i], "state = 'under_review'"))).toBe("ok");
      expect(await as(t.slm, upd(ids[i], `slm_approver_user_id = '${t.slm.principalId}'`))).toBe("ok");
    }
    const activate = (id: string) =>
      as(t.revops, upd(id, `revops_approver_user_id = '${t.revops.principalId}', state = 'active'`));
    expect(await activate(ids[0])).toBe("ok");
    expect(await activate(ids[1])).toBe("PLAY_ACCOUNT_CAP_REACHED");
    expect(await as(t.revops, upd(ids[0], "state = 'retired', retire_reason = 'completed'"))).toBe("ok");
    expect(await activate(ids[1])).toBe("ok");
  });

  it("keeps drafts read-only and lets no agent move a state", async () => {
    const id = await draft();
    expect(await as(t.revops, upd(id, "name = 'changed'"))).toBe("PLAY_NOT_EDITABLE");
    expect(await as(t.agt901, upd(id, "state = 'under_review'"))).toBe("PLAY_WRITE_FORBIDDEN");
    expect(await as(t.revops, upd(id, "state = 'active'"))).toBe("PLAY_ILLEGAL_TRANSITION");
    expect(await as(t.rep, upd(id, "state = 'under_review'"))).toBe("PLAY_WRITE_FORBIDDEN");
    expect(await as(null, upd(id, "state = 'under_review'"))).toBe("PLAY_NO_ACTOR");
    expect((await row(id)).state).toBe("draft");
  });

  it("records the pickup and appends every edit in the database", async () => {
    const id = await draft();
    expect(
      await as(t.slm, upd(id, `state = 'under_review', picked_up_by_user_id = '${t.revops.principalId}'`)),
    ).toBe("ok");
    let r = await row(id);
    expect(r.picked_up_by_user_id).toBe(t.slm.principalId);
    expect(r.picked_up_at).not.toBeNull();
    expect(await as(t.revops, upd(id, "name = 'Edited by SQL', hypothesis = 'new'"))).toBe("ok");
    r = await row(id);
    expect(r.edits_during_review).toHaveLength(1);
    expect(r.edits_during_review[0]).toMatchObject({
      by_user_id: t.revops.principalId,
      changes: { name: { from: "SQL play", to: "Edited by SQL" }, hypothesis: { from: "h", to: "new" } },
    });
    expect(await as(t.revops, upd(id, "edits_during_review = '[]'"))).toBe("PLAY_FIELD_IMMUTABLE");
    expect(await as(t.revops, upd(id, `success_criteria = '{"meeting_rate": 0.9}'`))).toBe(
      "PLAY_FIELD_IMMUTABLE",
    );
    expect(await as(t.revops, upd(id, "segment = 'seg_b'"))).toBe("PLAY_FIELD_IMMUTABLE");
    expect(await as(t.revops, upd(id, "state = 'draft'"))).toBe("PLAY_ILLEGAL_TRANSITION");
    expect(await as(t.rep, upd(id, "name = 'rep edit'"))).toBe("PLAY_WRITE_FORBIDDEN");
    expect(await as(t.revops, upd(id, `target_definition = '{}'`))).toBe("PLAY_DOCUMENT_INVALID");
  });

  it("requires two distinct approvers holding their roles, approving as themselves", async () => {
    const id = await reviewed();
    expect(await as(t.revops, upd(id, "state = 'active', active_period_start = current_date"))).toBe(
      "PLAY_APPROVALS_MISSING",
    );
    expect(await as(t.revops, upd(id, `slm_approver_user_id = '${t.slm.principalId}'`))).toBe(
      "PLAY_WRITE_FORBIDDEN",
    );
    expect(await as(t.revops, upd(id, `slm_approver_user_id = '${t.revops.principalId}'`))).toBe(
      "PLAY_WRITE_FORBIDDEN",
    );
    expect(await as(t.both, upd(id, `slm_approver_user_id = '${t.both.principalId}'`))).toBe("ok");
    expect(
      await as(t.both, upd(id, `revops_approver_user_id = '${t.both.principalId}', state = 'active'`)),
    ).toBe("PLAY_SELF_DOUBLE_APPROVAL");
    expect(await as(t.slm, upd(id, `slm_approver_user_id = '${t.slm.principalId}'`))).toBe(
      "PLAY_ALREADY_APPROVED",
    );
    expect(await as(t.revops, upd(id, "slm_approved_at = now() - interval '1 day'"))).toBe(
      "PLAY_FIELD_IMMUTABLE",
    );
    expect((await row(id)).state).toBe("under_review");
    const sneaky = `revops_approver_user_id = '${t.revops.principalId}', state = 'active', name = 'sneaky'`;
    expect(await as(t.revops, upd(id, sneaky))).toBe("PLAY_NOT_EDITABLE");
    expect(
      await as(t.revops, upd(id, `revops_approver_user_id = '${t.revops.principalId}', state = 'active'`)),
    ).toBe("ok");
    const r = await row(id);
    expect(r.state).toBe("active");
    expect(r.activated_at).not.toBeNull();
    expect(r.active_period_start).not.toBeNull();
    expect(await as(t.revops, upd(id, "state = 'under_review'"))).toBe("PLAY_ILLEGAL_TRANSITION");
    expect(await as(t.revops, upd(id, "name = 'live edit'"))).toBe("PLAY_NOT_EDITABLE");
  });

  it("withdraws approvals when the play is edited after one", async () => {
    const id = await reviewed();
    expect(await as(t.slm, upd(id, `slm_approver_user_id = '${t.slm.principalId}'`))).toBe("ok");
    expect(await as(t.revops, upd(id, "hypothesis = 'changed after approval'"))).toBe("ok");
    const r = await row(id);
    expect(r.slm_approver_user_id).toBeNull();
    expect(r.edits_during_review[0].approvals_withdrawn).toBe(true);
  });

  it("lets only RevOps retire, with a fitting reason; retired is terminal", async () => {
    const id = await draft();
    expect(await as(t.slm, upd(id, "state = 'retired', retire_reason = 'rejected_at_draft'"))).toBe(
      "PLAY_WRITE_FORBIDDEN",
    );
    expect(await as(t.revops, upd(id, "state = 'retired'"))).toBe("PLAY_RETIRE_REASON_INVALID");
    expect(await as(t.revops, upd(id, "state = 'under_review', name = 'edited on pickup'"))).toBe(
      "PLAY_NOT_EDITABLE",
    );
    const retireAndEdit = "state = 'retired', retire_reason = 'rejected_at_draft', hypothesis = 'x'";
    expect(await as(t.revops, upd(id, retireAndEdit))).toBe("PLAY_NOT_EDITABLE");
    expect(await as(t.revops, upd(id, "state = 'retired', retire_reason = 'completed'"))).toBe(
      "PLAY_RETIRE_REASON_INVALID",
    );
    expect(await as(t.revops, upd(id, "state = 'retired', retire_reason = 'rejected_at_draft'"))).toBe("ok");
    const r = await row(id);
    expect(r.retired_by_user_id).toBe(t.revops.principalId);
    expect(r.retired_at).not.toBeNull();
    for (const s of ["draft", "under_review", "active"]) {
      expect(await as(t.revops, upd(id, `state = '${s}'`))).toBe("PLAY_ILLEGAL_TRANSITION");
    }
    expect(await as(t.revops, upd(id, "retire_reason = 'replaced'"))).toBe("PLAY_FIELD_IMMUTABLE");
    expect(await as(t.revops, (tx) => sql`delete from plays where play_id = ${id}::uuid`.execute(tx))).toBe(
      "PLAY_NOT_DELETABLE",
    );
    expect(await as(SYSTEM_ACTOR, upd(id, "name = 'system'"))).toBe("PLAY_WRITE_FORBIDDEN");
  });

  it("copies only a retired play, exactly, by RevOps or SLM", async () => {
    const id = await draft();
    const copy = (actor: Actor, name = "SQL play") =>
      as(actor, (tx) =>
        sql`insert into plays (client_id, scope, segment, name, hypothesis, target_definition, suggested_cadence,
          success_criteria, originating_proposal_id, writer_agent_id, copied_from_play_id)
        select client_id, scope, segment, ${name}, hypothesis, target_definition, suggested_cadence, success_criteria,
          originating_proposal_id, writer_agent_id, play_id from plays where play_id = ${id}::uuid`.execute(
          tx,
        ),
      );
    expect(await copy(t.slm)).toBe("PLAY_COPY_SOURCE_NOT_RETIRED");
    await as(t.revops, upd(id, "state = 'retired', retire_reason = 'rejected_at_draft'"));
    expect(await copy(t.rep)).toBe("PLAY_WRITE_FORBIDDEN");
    expect(await copy(t.slm, "tweaked")).toBe("PLAY_FIELD_IMMUTABLE");
    expect(await copy(t.slm)).toBe("ok");
  });

  it("enforces the segment cap in the trigger, with facts naming the plays", async () => {
    const tn = await createTenant(db);
    await seedTaxonomy(db, tn);
    const tt = t;
    t = tn;
    try {
      expect(
        await as(tn.slm, (tx) =>
          sql`update segments set play_cap = 3 where client_id = ${tn.clientId} and segment = 'seg_b'`.execute(
            tx,
          ),
        ),
      ).toBe("PLAY_WRITE_FORBIDDEN");
      expect(
        await as(tn.revops, (tx) =>
          sql`update segments set play_cap = 9 where client_id = ${tn.clientId} and segment = 'seg_b'`.execute(
            tx,
          ),
        ),
      ).toBe("PLAY_CAP_OUT_OF_RANGE");
      expect(
        await as(tn.revops, (tx) =>
          sql`update segments set play_cap = 3 where client_id = ${tn.clientId} and segment = 'seg_b'`.execute(
            tx,
          ),
        ),
      ).toBe("ok");
      const activate = async (id: string) => {
        await as(tn.slm, upd(id, `slm_approver_user_id = '${tn.slm.principalId}'`));
        return as(
          tn.revops,
          upd(id, `revops_approver_user_id = '${tn.revops.principalId}', state = 'active'`),
        );
      };
      for (let i = 0; i < 3; i++) expect(await activate(await reviewed("seg_b"))).toBe("ok");
      const fourth = await reviewed("seg_b");
      let facts: any;
      try {
        await db.transaction().execute(async (tx) => {
          await setActor(tx, tn.slm);
          await upd(fourth, `slm_approver_user_id = '${tn.slm.principalId}'`)(tx);
          await setActor(tx, tn.revops);
          await upd(fourth, `revops_approver_user_id = '${tn.revops.principalId}', state = 'active'`)(tx);
        });
      } catch (e) {
        facts = mapDbError(e)?.facts;
        expect(mapDbError(e)?.code).toBe("PLAY_SEGMENT_CAP_REACHED");
      }
      expect(facts).toMatchObject({ segment: "seg_b", active: 3, cap: 3 });
      expect(facts.active_plays).toHaveLength(3);
      // an expired play no longer counts
      const [oldest] = facts.active_plays;
      expect(await as(tn.revops, upd(oldest.play_id, "active_period_end = active_period_start"))).toBe("ok");
      const later = new Date(Date.now() + 3 * 86_400_000);
      const ok = await db.transaction().execute(async (tx) => {
        await setActor(tx, tn.slm, later);
        await upd(fourth, `slm_approver_user_id = '${tn.slm.principalId}'`)(tx);
        await setActor(tx, tn.revops, later);
        await upd(
          fourth,
          `revops_approver_user_id = '${tn.revops.principalId}', state = 'active', active_period_start = '${later.toISOString().slice(0, 10)}'`,
        )(tx);
        return "ok";
      });
      expect(ok).toBe("ok");
    } finally {
      t = tt;
    }
  });
});
