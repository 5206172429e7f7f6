// List and resolve proactive flags (spec 001 API: "List and resolve flags"). Reps see and resolve
// their own flags; RevOps, sales leaders, execs and admins see the tenant's.
import { type Kysely, type RawBuilder, type Selectable, sql } from "kysely";
import { describePrincipal, hasRole, type Principal, type Role } from "../auth/principal.ts";
import { type Book, bookOf, contactIdInBook, personInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CoordinatorFlagsTable, FlagStatus, FlagType } from "../notifications/index.ts";
import { ANALYSIS_AGENT_ID } from "./scan-flags.ts";

export interface FlagView {
  flag_id: string;
  flag_type: FlagType;
  status: FlagStatus;
  contact_id: string | null;
  enrollment_id: string | null;
  principal_id: string | null;
  details: Record<string, unknown>;
  raised_at: string;
  escalated_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toFlagView(r: Selectable<CoordinatorFlagsTable>): FlagView {
  return {
    flag_id: r.flag_id,
    flag_type: r.flag_type,
    status: r.status,
    contact_id: r.contact_id,
    enrollment_id: r.enrollment_id,
    principal_id: r.principal_id,
    details: r.details,
    raised_at: r.raised_at.toISOString(),
    escalated_at: iso(r.escalated_at),
    resolved_at: iso(r.resolved_at),
    resolved_by: r.resolved_by,
    resolution: r.resolution,
  };
}

/** spec 001: stalled flags go to AGT-303 for an analysis recommendation; it reads and resolves them all. */
const isAnalyst = (p: Principal) => p.kind === "agent" && p.agentId === ANALYSIS_AGENT_ID;
const seesAll = (p: Principal) => hasRole(p, "revops", "slm", "exec", "admin") || isAnalyst(p);

function requireFlagRole(p: Principal, action: string, roles: readonly Role[]): void {
  if (hasRole(p, ...roles) || isAnalyst(p)) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(p),
    action,
    required: `the ${roles.join(" or ")} role, or the ${ANALYSIS_AGENT_ID} agent token`,
  });
}

/**
 * A flag in the principal's book (issue 73 item 1): a flag about a prospect (or its enrollment)
 * when the prospect is in the book; a flag about a person's own work (backlog_risk) when that
 * person's prospects are the book's (their own, or their team's under 'team' and 'own'). Outside it
 * a flag is absent from the list and not found by id, as another workspace's.
 */
function flagInBook(book: Book, clientId: string): RawBuilder<boolean> {
  if (book.kind === "tenant") return sql<boolean>`true`;
  return sql<boolean>`(case when coordinator_flags.contact_id is not null
    then ${contactIdInBook(book, clientId, "coordinator_flags.contact_id")}
    else ${personInBook(book, sql`coordinator_flags.principal_id`)} end)`;
}

/** Flags newest first, a page at a time (keyset on raised_at, flag_id). */
export async function listFlags(
  db: Kysely<DB>,
  actor: Principal,
  q: {
    status?: FlagStatus;
    flag_type?: FlagType;
    principal_id?: string;
    contact_id?: string;
  } & PageArgs,
): Promise<Page<FlagView>> {
  requireFlagRole(actor, "list flags", ["rep", "revops", "slm", "exec", "admin"]);
  const book = await bookOf(db, actor);
  let query = db
    .selectFrom("coordinator_flags")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .where(flagInBook(book, actor.clientId));
  if (!seesAll(actor)) query = query.where("principal_id", "=", actor.principalId);
  if (q.status) query = query.where("status", "=", q.status);
  if (q.flag_type) query = query.where("flag_type", "=", q.flag_type);
  if (q.principal_id) query = query.where("principal_id", "=", q.principal_id);
  if (q.contact_id) query = query.where("contact_id", "=", q.contact_id);
  const key = byTimeAndId("raised_at", "flag_id");
  const page = await keysetPage(
    query,
    { list: "flags", tenant: actor.clientId, key, direction: "desc" },
    q,
    50,
  );
  return { items: page.items.map(toFlagView), next_cursor: page.next_cursor };
}

/**
 * Who resolves a flag (issue 36 item 16). Spec 001's proactive flags notify the rep (and the rep's
 * manager for a backlog) and take no autonomous action; RevOps runs the scans; the exec, the touch
 * approver, is named in none of them, so the exec sees flags but does not resolve them.
 */
export const FLAG_RESOLVER_ROLES = ["rep", "revops", "slm", "admin"] as const satisfies readonly Role[];

export async function resolveFlag(
  db: Kysely<DB>,
  actor: Principal,
  flagId: string,
  note: string | undefined,
  now: Date,
): Promise<FlagView> {
  requireFlagRole(actor, "resolve flags", FLAG_RESOLVER_ROLES);
  const book = await bookOf(db, actor);
  return db.transaction().execute(async (tx) => {
    const flag = await tx
      .selectFrom("coordinator_flags")
      .selectAll()
      .where("client_id", "=", actor.clientId)
      .where("flag_id", "=", flagId)
      // another book's flag is not found, before anything is written (issue 73 item 1)
      .where(flagInBook(book, actor.clientId))
      .forUpdate()
      .executeTakeFirst();
    if (!flag || (!seesAll(actor) && flag.principal_id !== actor.principalId)) {
      throw new BatonError("NOT_FOUND", { entity: "flag", id: flagId });
    }
    if (flag.status === "resolved") {
      throw new BatonError("FLAG_ALREADY_RESOLVED", {
        flag_id: flagId,
        resolved_at: flag.resolved_at?.toISOString(),
      });
    }
    const row = await tx
      .updateTable("coordinator_flags")
      .set({
        status: "resolved",
        resolved_at: now,
        resolved_by: actor.principalId,
        resolution: note?.trim() || "resolved",
      })
      .where("client_id", "=", actor.clientId)
      .where("flag_id", "=", flagId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toFlagView(row);
  });
}
