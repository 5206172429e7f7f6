import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { AgentRole, Principal, Role } from "./principal.ts";
import { toPrincipal } from "./tokens.ts";

export interface NewPrincipal {
  clientId: string;
  displayName: string;
  email?: string;
  roles?: Role[];
  agentId?: string;
  /** an agent's roles (reply_triage) */
  agentRoles?: AgentRole[];
  managerId?: string;
}

/** Creates a person (roles) or an agent (agentId). Idempotent for agents by (client, agent id). */
export async function createPrincipal(db: Kysely<DB>, p: NewPrincipal): Promise<Principal> {
  try {
    if (p.agentId) {
      const existing = await db
        .selectFrom("principals")
        .selectAll()
        .where("client_id", "=", p.clientId)
        .where("agent_id", "=", p.agentId)
        .executeTakeFirst();
      if (existing) return toPrincipal(existing);
    }
    const row = await db
      .insertInto("principals")
      .values({
        client_id: p.clientId,
        kind: p.agentId ? "agent" : "person",
        display_name: p.displayName,
        email: p.email ?? null,
        roles: p.agentId ? (p.agentRoles ?? []) : (p.roles ?? []),
        agent_id: p.agentId ?? null,
        manager_id: p.managerId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPrincipal(row);
  } catch (e) {
    rethrowDb(e);
  }
}

export async function ensureClient(db: Kysely<DB>, clientId: string, name: string): Promise<void> {
  await db
    .insertInto("clients")
    .values({ client_id: clientId, name })
    .onConflict((oc) => oc.column("client_id").doNothing())
    .execute();
}
