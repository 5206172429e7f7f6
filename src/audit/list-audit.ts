// Reads the audit log, newest first, with filters (action, actor, since/until) and keyset paging
// (cursor = the last audit_id seen). Admins only: entries name people, their IPs and failed sign-ins
// (docs/admin.md).
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";

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
): Promise<{ entries: AuditEntryView[]; next_cursor: string | null }> {
  requireRole(actor, "read the audit log", "admin");
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  let q = db.selectFrom("audit_log").selectAll().where("client_id", "=", actor.clientId);
  if (f.action) q = q.where("action", "=", f.action);
  if (f.actor) {
    const who = f.actor.trim();
    if (isUuid(who)) q = q.where("actor_principal_id", "=", who);
    else q = q.where(sql<boolean>`strpos(lower(actor_label), ${who.toLowerCase()}) > 0`);
  }
  if (f.since) q = q.where("at", ">=", f.since);
  if (f.until) q = q.where("at", "<", f.until);
  if (f.cursor !== undefined) {
    if (!/^[0-9]{1,18}$/.test(f.cursor)) {
      throw new BatonError("VALIDATION_FAILED", {
        errors: [{ path: "/cursor", message: "is not a cursor from this list" }],
      });
    }
    q = q.where("audit_id", "<", Number(f.cursor));
  }
  const rows = await q
    .orderBy("audit_id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
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
    next_cursor: rows.length > limit ? String(page[page.length - 1].audit_id) : null,
  };
}
