// A brain proposal as people read it (issue 37: lineage stops at a short id no more): the proposal's
// payload and rationale, the agent that wrote it, the plays drafted from it and how many events of
// the event log carry it. Spec 000 keeps the proposal in brain_proposals; plays cite it by
// originating_proposal_id.
//
// Who reads it: every person of the tenant with a role (a prospect's timeline links to it), and the
// brain agent that wrote it; other agents are refused. Another tenant's proposal is a plain 404.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { PlayState } from "./play-states.ts";

export interface ProposalView {
  proposal_id: string;
  agent_id: string;
  agent_name: string;
  created_at: string;
  payload: Record<string, unknown>;
  /** the payload's own rationale, when the brain gave one */
  rationale: string | null;
  plays: { play_id: string; name: string; state: PlayState; segment: string | null; hypothesis: string }[];
  events: number;
}

export const PROPOSAL_READER_ROLES = ["revops", "slm", "exec", "rep", "admin"] as const;

const notFound = (id: string) => new BatonError("NOT_FOUND", { entity: "proposal", id });

export async function readProposal(db: Kysely<DB>, p: Principal, proposalId: string): Promise<ProposalView> {
  if (p.kind === "person") requireRole(p, "read brain proposals", ...PROPOSAL_READER_ROLES);
  if (!isUuid(proposalId)) throw notFound(proposalId);
  const row = await db
    .selectFrom("brain_proposals as b")
    .innerJoin("brain_agents as a", (j) =>
      j.onRef("a.client_id", "=", "b.client_id").onRef("a.agent_id", "=", "b.agent_id"),
    )
    .select(["b.proposal_id", "b.agent_id", "a.name as agent_name", "b.created_at", "b.payload"])
    .where("b.client_id", "=", p.clientId)
    .where("b.proposal_id", "=", proposalId)
    .executeTakeFirst();
  if (!row) throw notFound(proposalId);
  if (p.kind === "agent" && p.agentId !== row.agent_id)
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: `agent ${p.agentId}`,
      action: "read another agent's proposal",
      required: `the ${[...PROPOSAL_READER_ROLES].join(" or ")} role, or agent ${row.agent_id}`,
    });
  const [plays, events] = await Promise.all([
    db
      .selectFrom("plays_audit")
      .select(["play_id", "name", "state", "segment", "hypothesis"])
      .where("client_id", "=", p.clientId)
      .where("originating_proposal_id", "=", proposalId)
      .orderBy("created_at")
      .execute(),
    db
      .selectFrom("cadence_event_log")
      .select((e) => e.fn.countAll<string>().as("n"))
      .where("client_id", "=", p.clientId)
      .where("originating_proposal_id", "=", proposalId)
      .executeTakeFirstOrThrow(),
  ]);
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  return {
    proposal_id: row.proposal_id,
    agent_id: row.agent_id,
    agent_name: row.agent_name,
    created_at: new Date(row.created_at).toISOString(),
    payload,
    rationale: typeof payload.rationale === "string" ? payload.rationale : null,
    plays: plays.map((x) => ({ ...x, state: x.state as PlayState })),
    events: Number(events.n),
  };
}
