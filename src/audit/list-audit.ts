// Reads the audit log, newest first, with filters (action, actor, since/until) and keyset paging
// (the shared cursor over the last audit_id seen, db/page-cursor.ts). Admins only: entries name people, their IPs and failed sign-ins
// (docs/admin.md).
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { keysetPage, type Page } from "../db/page-cursor.ts";

export interface AuditFilters {
  action?: string;
  /** A principal id, or words found in the actor's label (case-insensitive). */
  actor?: string;
  since?: Date;
  until?: Date;
  limit?: number;
  cursor?: string;
}

export interface AuditEntryView {
  audit_id: string;
  at: string;
  actor_principal_id: string | null;
  actor_label: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
}

export async function listAudit(
  db: Kysely<DB>,
  actor: Principal,
  f: AuditFilters = {},
): Promise<Page<AuditEntryView>> {
  requireRole(actor, "read the audit log", "admin");
  let q = db.selectFrom("audit_log").selectAll().where("client_id", "=", actor.clientId);
  if (f.action) q = q.where("action", "=", f.action);
  if (f.actor) {
    const who = f.actor.trim();
    if (isUuid(who)) q = q.where("actor_principal_id", "=", who);
    else q = q.where(sql<boolean>`strpos(lower(actor_label), ${who.toLowerCase()}) > 0`);
  }
  if (f.since) q = q.where("at", ">=", f.since);
  if (f.until) q = q.where("at", "<", f.until);
  const key = [{ column: "audit_id", kind: "int" }] as const;
  const page = await keysetPage(q, { list: "audit", tenant: actor.clientId, key, direction: "desc" }, f, 50);
  return {
    items: page.items.map((r) => ({
      audit_id: String(r.audit_id),
      at: new Date(r.at).toISOString(),
      actor_principal_id: r.actor_principal_id,
      actor_label: r.actor_label,
      action: r.action,
      target: r.target,
      details: r.details,
      ip: r.ip,
      user_agent: r.user_agent,
    })),
    next_cursor: page.next_cursor,
  };
}
