// Who reads the learning figures (spec 000 calibration loop): RevOps, SLMs, execs and admins, and
// the brain agents whose plays are judged on them (AGT-901/902 and any in brain_agents). The HTTP
// routes and the MCP tools both call these, so both refuse the same principals the same way.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { type AgentCalibration, agentCalibration } from "./agent-calibration.ts";
import { campaignFunnel, type Funnel, type FunnelQuery, playFunnel } from "./read-funnel.ts";
import { listRetrospectives, type RetrospectiveView } from "./retrospectives.ts";

export const LEARNING_READER_ROLES = ["revops", "slm", "exec", "admin"] as const;

/** Throws FORBIDDEN_ROLE unless p holds a reader role or is a registered brain agent. */
export async function requireLearningReader(db: Kysely<DB>, p: Principal, action: string): Promise<void> {
  if (hasRole(p, ...LEARNING_READER_ROLES)) return;
  if (p.kind === "agent" && p.agentId) {
    const brain = await db
      .selectFrom("brain_agents")
      .select("agent_id")
      .where("client_id", "=", p.clientId)
      .where("agent_id", "=", p.agentId)
      .executeTakeFirst();
    if (brain) return;
  }
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(p),
    action,
    required: `the ${LEARNING_READER_ROLES.join(", ")} role or a brain agent token (AGT-901, AGT-902)`,
  });
}

export async function campaignFunnelAs(
  db: Kysely<DB>,
  p: Principal,
  slugOrId: string,
  q: FunnelQuery = {},
): Promise<Funnel> {
  await requireLearningReader(db, p, "read funnels");
  return campaignFunnel(db, p.clientId, slugOrId, q);
}

export async function playFunnelAs(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  q: FunnelQuery = {},
): Promise<Funnel> {
  await requireLearningReader(db, p, "read funnels");
  return playFunnel(db, p.clientId, playId, q);
}

/** Retrospectives newest window first, a page at a time (keyset on window_end, retrospective_id). */
export async function retrospectivesAs(
  db: Kysely<DB>,
  p: Principal,
  by: { playId?: string } & PageArgs,
): Promise<Page<RetrospectiveView>> {
  await requireLearningReader(db, p, "read retrospectives");
  let q = db
    .selectFrom("learning_retrospectives")
    .select("retrospective_id")
    .where("client_id", "=", p.clientId);
  if (by.playId) q = q.where("play_id", "=", by.playId);
  const key = byTimeAndId("window_end", "retrospective_id");
  const spec = { list: "retrospectives", tenant: p.clientId, key, direction: "desc" } as const;
  const page = await keysetPage(q, spec, by, 50);
  const ids = page.items.map((r) => r.retrospective_id);
  return {
    items: await listRetrospectives(db, p.clientId, { retrospectiveIds: ids }),
    next_cursor: page.next_cursor,
  };
}

export async function calibrationAs(db: Kysely<DB>, p: Principal): Promise<AgentCalibration> {
  await requireLearningReader(db, p, "read calibration");
  return agentCalibration(db, p);
}
