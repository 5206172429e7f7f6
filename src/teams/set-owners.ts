// Owners set by hand (issue 61 item 1): RevOps and admins give an account an owner, name a person's
// user id in the connected CRM (so the CRM's owner of a record names them, apply-crm-changes.ts), and
// route the contacts that have no owner yet (assign-owners.ts), each audited; routing can be a dry run.
import { type Kysely, sql, type Transaction } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { type AssignResult, assignContactOwners } from "./assign-owners.ts";
import { TEAM_EDITORS } from "./manage-teams.ts";

async function audited<T>(
  db: Kysely<DB>,
  actor: Principal,
  source: AuditSource,
  action: string,
  target: string,
  details: Record<string, unknown>,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(async (tx) => {
      const out = await work(tx);
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action,
        target,
        details,
        ip: source.ip,
        userAgent: source.userAgent,
      });
      return out;
    });
  } catch (e) {
    rethrowDb(e);
  }
}

async function activePerson(tx: Transaction<DB>, clientId: string, principalId: string) {
  const p = await tx
    .selectFrom("principals")
    .select(["kind", "deactivated_at", "display_name"])
    .where("client_id", "=", clientId)
    .where("principal_id", "=", principalId)
    .executeTakeFirst();
  if (!p) throw new BatonError("NOT_FOUND", { entity: "Person", id: principalId });
  if (p.kind !== "person" || p.deactivated_at !== null)
    throw new BatonError("TEAM_MEMBER_NOT_A_PERSON", { principal: p.display_name });
}

/** Gives an account an owner, or none (RevOps, admin; audited account_owner_set). */
export async function setAccountOwner(
  db: Kysely<DB>,
  actor: Principal,
  accountId: string,
  principalId: string | null,
  source: AuditSource = {},
): Promise<{ account_id: string; owner_principal_id: string | null }> {
  requireRole(actor, "set an account's owner", ...TEAM_EDITORS);
  return audited(
    db,
    actor,
    source,
    "account_owner_set",
    accountId,
    { owner_principal_id: principalId },
    async (tx) => {
      if (principalId) await activePerson(tx, actor.clientId, principalId);
      const r = await tx
        .updateTable("accounts")
        .set({ owner_principal_id: principalId })
        .where("client_id", "=", actor.clientId)
        .where("account_id", "=", accountId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0)
        throw new BatonError("NOT_FOUND", { entity: "Account", id: accountId });
      return { account_id: accountId, owner_principal_id: principalId };
    },
  );
}

/** Names a person's user id in the connected CRM, or clears it (RevOps, admin; audited person_crm_user_set). */
export async function setCrmUserId(
  db: Kysely<DB>,
  actor: Principal,
  principalId: string,
  crmUserId: string | null,
  source: AuditSource = {},
): Promise<{ principal_id: string; crm_user_id: string | null }> {
  requireRole(actor, "name a person's CRM user", ...TEAM_EDITORS);
  const value = crmUserId?.trim() || null;
  return audited(
    db,
    actor,
    source,
    "person_crm_user_set",
    principalId,
    { crm_user_id: value },
    async (tx) => {
      await activePerson(tx, actor.clientId, principalId);
      const taken = value
        ? await tx
            .selectFrom("principals")
            .select("display_name")
            .where("client_id", "=", actor.clientId)
            .where("crm_user_id", "=", value)
            .where("principal_id", "!=", principalId)
            .executeTakeFirst()
        : undefined;
      if (taken)
        throw new BatonError("CRM_USER_TAKEN", { crm_user_id: value, principal: taken.display_name });
      await tx
        .updateTable("principals")
        .set({ crm_user_id: value })
        .where("client_id", "=", actor.clientId)
        .where("principal_id", "=", principalId)
        .execute();
      return { principal_id: principalId, crm_user_id: value };
    },
  );
}

class DryRun extends Error {
  constructor(readonly result: AssignResult) {
    super("dry run");
  }
}

/**
 * Routes every contact of the workspace that has no owner (RevOps, admin; audited contacts_assigned),
 * or with `dryRun` says how many would be routed and how, changing nothing.
 */
export async function assignUnownedContacts(
  db: Kysely<DB>,
  actor: Principal,
  opts: { dryRun?: boolean; source?: AuditSource; now?: Date } = {},
): Promise<AssignResult & { saved: boolean }> {
  requireRole(actor, "assign owners to contacts", ...TEAM_EDITORS);
  const now = opts.now ?? new Date();
  try {
    const out = await db.transaction().execute(async (tx) => {
      const ids = await sql<{ contact_id: string }>`
        select contact_id from contacts
         where client_id = ${actor.clientId} and owner_principal_id is null and erased_at is null
         order by contact_id limit 50000`.execute(tx);
      const result = await assignContactOwners(
        tx,
        actor.clientId,
        ids.rows.map((r) => r.contact_id),
        now,
      );
      if (opts.dryRun) throw new DryRun(result);
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action: "contacts_assigned",
        target: actor.clientId,
        details: { ...result },
        ip: opts.source?.ip,
        userAgent: opts.source?.userAgent,
      });
      return result;
    });
    return { ...out, saved: true };
  } catch (e) {
    if (e instanceof DryRun) return { ...e.result, saved: false };
    rethrowDb(e);
  }
}
