// An admin sets an agent's roles (issue 73 item 3: which agents work the reply triage queue is a
// role, reply_triage, not every agent). The roles live in principals.roles (migration 0560) and are
// read on every request, so the change applies to the agent's next call. Audited role_changed.
import type { Kysely } from "kysely";
import type { AuditSource } from "../audit/index.ts";
import { type AgentRole, type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { auditRoleChange } from "./change-roles.ts";

export interface AgentView {
  principal_id: string;
  agent_id: string;
  display_name: string;
  roles: string[];
}

export async function changeAgentRoles(
  db: Kysely<DB>,
  actor: Principal,
  agentId: string,
  roles: AgentRole[],
  source: AuditSource = {},
): Promise<AgentView> {
  requireRole(actor, "change agents' roles", "admin");
  const after = [...new Set(roles)].sort();
  try {
    return await db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom("principals")
        .select(["principal_id", "display_name", "roles"])
        .where("client_id", "=", actor.clientId)
        .where("kind", "=", "agent")
        .where("agent_id", "=", agentId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new BatonError("NOT_FOUND", { entity: "Agent", id: agentId });
      await tx
        .updateTable("principals")
        .set({ roles: after })
        .where("client_id", "=", actor.clientId)
        .where("principal_id", "=", before.principal_id)
        .execute();
      await auditRoleChange(tx, actor, before.principal_id, before.roles, after, source, { agent: agentId });
      return {
        principal_id: before.principal_id,
        agent_id: agentId,
        display_name: before.display_name,
        roles: after,
      };
    });
  } catch (e) {
    rethrowDb(e);
  }
}
