// Plays waiting for the RevOps approval, written in one transaction through spec 000's rules: the
// writer agent drafts them, RevOps submits them for review, and (unless told otherwise) the SLM
// approves. For the plays tests and bench:plays.
import { type Kysely, sql } from "kysely";
import { setActor } from "../../src/db/actor-context.ts";
import type { DB } from "../../src/db/database.ts";
import type { Tenant } from "./tenant.ts";

/** One segment; or, with `perSegment`, play i (from 1) in `${segment}${⌊(i - 1) / perSegment⌋}`; or an account. */
export type PlayTarget = { segment: string; perSegment?: number } | { accountId: string };

/** `n` plays under review for `target`; their ids in the order written. */
export async function playsUnderReview(
  db: Kysely<DB>,
  t: Tenant,
  n: number,
  target: PlayTarget,
  opts: { slmApproved?: boolean; name?: string } = {},
): Promise<string[]> {
  const name = opts.name ?? "Play";
  const [scope, segment, accountId] =
    "accountId" in target
      ? [sql`'account_specific'`, sql`null`, target.accountId]
      : [
          sql`'segment'`,
          target.perSegment
            ? sql`${target.segment} || ((i - 1) / ${target.perSegment}::int)`
            : sql`${target.segment}`,
          null,
        ];
  return db.transaction().execute(async (tx) => {
    await setActor(tx, t.agt901);
    const prop = await tx
      .insertInto("brain_proposals")
      .values({ client_id: t.clientId, agent_id: "AGT-901", payload: "{}" })
      .returning("proposal_id")
      .executeTakeFirstOrThrow();
    const rows = await sql<{ play_id: string }>`
      insert into plays (client_id, scope, segment, account_id, name, hypothesis, target_definition, suggested_cadence,
        success_criteria, originating_proposal_id, writer_agent_id)
      select ${t.clientId}, ${scope}, ${segment}, ${accountId}::uuid, ${name} || ' ' || i, 'h', '{"icp_tiers":["T1"]}'::jsonb,
        '{"cadence_type":"sales","steps":[{"day":0,"channel":"email","content_type":"follow_up","instructions":"x"}]}'::jsonb,
        '{"meeting_rate":0.1}'::jsonb, ${prop.proposal_id}::uuid, 'AGT-901'
      from generate_series(1, ${n}::int) i returning play_id`.execute(tx);
    const ids = rows.rows.map((r) => r.play_id);
    await setActor(tx, t.revops);
    await tx.updateTable("plays").set({ state: "under_review" }).where("play_id", "in", ids).execute();
    if (opts.slmApproved !== false) {
      await setActor(tx, t.slm);
      await tx
        .updateTable("plays")
        .set({ slm_approver_user_id: t.slm.principalId })
        .where("play_id", "in", ids)
        .execute();
    }
    return ids;
  });
}
