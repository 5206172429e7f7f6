// Appends one entry to the audit log (issue 11): who (actor), what (action, target, details), when
// (the database's now()), from where (ip, user agent). The table is append-only; this is its writer.
import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/database.ts";
import { rethrowDb } from "../errors/map-db-error.ts";

export interface AuditEntry {
  clientId: string;
  actorPrincipalId: string | null;
  actorLabel: string;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

export async function recordAudit(db: Kysely<DB> | Transaction<DB>, entry: AuditEntry): Promise<void> {
  try {
    await (db as Kysely<any>)
      .insertInto("audit_log")
      .values({
        client_id: entry.clientId,
        actor_principal_id: entry.actorPrincipalId,
        actor_label: (entry.actorLabel || "unknown").slice(0, 300),
        action: entry.action,
        target: entry.target ?? null,
        details: JSON.stringify(entry.details ?? {}),
        ip: entry.ip ?? null,
        user_agent: entry.userAgent ? entry.userAgent.slice(0, 500) : null,
      })
      .execute();
  } catch (e) {
    rethrowDb(e);
  }
}

/** Where a request came from, for the audit log (the API passes the request's; the CLI "cli"). */
export interface AuditSource {
  ip?: string | null;
  userAgent?: string | null;
}

/** The actor fields of an entry for a principal. */
export function auditActor(p: {
  principalId: string;
  kind: "person" | "agent";
  displayName: string;
  agentId: string | null;
}): { actorPrincipalId: string; actorLabel: string } {
  return {
    actorPrincipalId: p.principalId,
    actorLabel: p.kind === "agent" ? `${p.displayName} (${p.agentId})` : p.displayName,
  };
}
