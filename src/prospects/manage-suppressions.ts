// Reading and removing suppression-list entries, and the role rule for all of it: RevOps and
// admins manage the lists; agents (mail integrations) may add (a hard bounce, a complaint).
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { addSuppression, type SuppressionResult } from "./suppress-address.ts";
import type { SuppressionKind, SuppressionSource } from "./tables.ts";

export const SUPPRESSION_ROLES = ["revops", "admin"] as const;

function requireManager(actor: Principal, action: string, agentsToo = false) {
  if (agentsToo && actor.kind === "agent") return;
  if (!hasRole(actor, ...SUPPRESSION_ROLES)) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action,
      required: `${agentsToo ? "an agent token or " : ""}the ${SUPPRESSION_ROLES.join(" or ")} role`,
    });
  }
}

export interface SuppressionView {
  id: string;
  kind: SuppressionKind;
  /** the normalized address or the domain; an erasure's entry shows only that it exists */
  value: string;
  reason: string;
  source: SuppressionSource;
  created_at: string;
  created_by_principal_id: string | null;
}

export async function listSuppressions(
  db: Kysely<DB>,
  actor: Principal,
  q: { kind?: SuppressionKind; search?: string } & PageArgs,
): Promise<Page<SuppressionView>> {
  requireManager(actor, "read the suppression lists");
  let query = db.selectFrom("suppressions").selectAll().where("client_id", "=", actor.clientId);
  if (q.kind) query = query.where("kind", "=", q.kind);
  if (q.search)
    query = query.where("value", "like", `%${q.search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const key = byTimeAndId("created_at", "id");
  const spec = { list: "suppressions", tenant: actor.clientId, key, direction: "desc" } as const;
  const page = await keysetPage(query, spec, q, 100);
  return {
    next_cursor: page.next_cursor,
    items: page.items.map((r) => ({
      id: r.id,
      kind: r.kind,
      value: r.kind === "email_hash" ? "(erased person)" : r.value,
      reason: r.reason,
      source: r.source,
      created_at: r.created_at.toISOString(),
      created_by_principal_id: r.created_by_principal_id,
    })),
  };
}

export async function addSuppressionAs(
  db: Kysely<DB>,
  actor: Principal,
  input: { kind: "email" | "domain"; value: string; reason: string; source?: SuppressionSource },
  now: Date,
): Promise<SuppressionResult> {
  requireManager(actor, "add to the suppression lists", true);
  const source = input.source ?? (actor.kind === "agent" ? "api" : "manual");
  if (source === "erasure")
    throw new BatonError("VALIDATION_FAILED", {
      problems: [{ path: "/source", message: "erasure entries come from an erasure" }],
    });
  return addSuppression(
    db,
    {
      clientId: actor.clientId,
      kind: input.kind,
      value: input.value,
      reason: input.reason,
      source,
      actor: { principalId: actor.kind === "person" ? actor.principalId : null, agentId: actor.agentId },
    },
    now,
  );
}

/** Removes an entry. Touches stopped by it stay stopped; new ones may be requested again. */
export async function removeSuppression(
  db: Kysely<DB>,
  actor: Principal,
  id: string,
): Promise<{ id: string; removed: true }> {
  requireManager(actor, "remove from the suppression lists");
  const row = await db
    .selectFrom("suppressions")
    .select(["id", "kind"])
    .where("client_id", "=", actor.clientId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new BatonError("NOT_FOUND", { entity: "suppression", id });
  if (row.kind === "email_hash") throw new BatonError("ERASURE_SUPPRESSION_PERMANENT", { id });
  await db.deleteFrom("suppressions").where("client_id", "=", actor.clientId).where("id", "=", id).execute();
  return { id, removed: true };
}

/** The add result as the API and the CLI show it. */
export function suppressionAdded(r: SuppressionResult) {
  return {
    id: r.suppressionId,
    kind: r.kind,
    value: r.value,
    created: r.created,
    contacts: r.contacts,
    enrollments_ended: r.enrollmentsEnded,
    items_cancelled: r.itemsCancelled,
  };
}
