// The CRM outbox drainer. Any number of drainers (processes) may run against PostgreSQL:
// - a drainer claims the oldest due write of a contact whose earlier writes are all applied
//   (or dead), leasing it with one UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED), one tenant
//   at a time after a read-only list of the tenants with due writes (src/db/tenant-claims.ts: on
//   Citus a FOR UPDATE runs only in a statement routed to one tenant's shard);
//   a contact's next write is not eligible while an earlier one is pending, so writes are applied
//   in order per contact, and one write is held by one drainer at a time;
// - the adapter is called OUTSIDE any transaction (an HTTP call never holds a row lock or, on
//   PGlite, the only connection);
// - success → 'done'; failure → retried with exponential backoff; permanent or after
//   CRM_OUTBOX_MAX_ATTEMPTS → 'dead' (GET /api/v1/crm/outbox), and the contact's later writes go on;
//   a CRM whose allowance is spent (CrmPaused: Salesforce's daily REQUEST_LIMIT_EXCEEDED) pauses
//   every pending write of the tenant instead, and the attempt is not counted.
// A drainer that dies mid-call leaves a lease that expires; the write is tried again (at least
// once across crashes: upserts and stage changes are idempotent; a note may repeat).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { claimAcrossTenants, dueTenants } from "../db/tenant-claims.ts";
import { inSpan } from "../tracing/index.ts";
import type { CrmAdapter, DealStage } from "./crm-adapter.ts";
import { dealOwnerOf } from "./deal-owner.ts";
import { afterFailure, CRM_OUTBOX_MAX_ATTEMPTS } from "./outbox-backoff.ts";
import { isPolledProvider } from "./poll-crm-changes.ts";

export interface DrainOptions {
  workerId?: string;
  /** At most this many writes per call. */
  limit?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** Only this tenant's writes (by default, every tenant's). */
  clientId?: string;
}

export interface DrainResult {
  applied: number;
  retried: number;
  dead: number;
}

interface ClaimedRow {
  id: string | number;
  client_id: string;
  contact_id: string;
  op: string;
  payload: Record<string, unknown> | string;
  attempts: number;
}

/** The tenants with a due write, the oldest first (read-only, no row locks); only `clientId` when given. */
function tenantsWithDueWrites(now: Date, limit: number, clientId: string | undefined) {
  const tenant = clientId === undefined ? sql`` : sql`and o.client_id = ${clientId}`;
  return sql<{ client_id: string }>`
    select o.client_id from crm_outbox o
     where o.status = 'pending' and o.next_attempt_at <= ${now}
       and (o.locked_until is null or o.locked_until <= ${now}) ${tenant}
     group by o.client_id
     order by min(o.id)
     limit ${limit}`;
}

/** Claims the tenant's oldest due write whose contact has no earlier pending write (one statement naming the tenant). */
async function claimNext(db: Kysely<DB>, workerId: string, now: Date, leaseMs: number, clientId: string) {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const r = await sql<ClaimedRow>`
    update crm_outbox set locked_by = ${workerId}, locked_until = ${leaseUntil}, attempts = attempts + 1
    where client_id = ${clientId} and id = (
      select o.id from crm_outbox o
      where o.client_id = ${clientId} and o.status = 'pending' and o.next_attempt_at <= ${now}
        and (o.locked_until is null or o.locked_until <= ${now})
        and not exists (
          select 1 from crm_outbox p
          where p.client_id = o.client_id and p.contact_id = o.contact_id
            and p.status = 'pending' and p.id < o.id)
      order by o.id
      limit 1
      for update skip locked)
    returning id, client_id, contact_id, op, payload, attempts`.execute(db);
  return r.rows[0];
}

async function linkOf(
  db: Kysely<DB>,
  clientId: string,
  adapter: string,
  kind: "contact" | "deal" | "company",
  batonId: string,
) {
  const row = await db
    .selectFrom("crm_links")
    .select("external_id")
    .where("client_id", "=", clientId)
    .where("adapter", "=", adapter)
    .where("kind", "=", kind)
    .where("baton_id", "=", batonId)
    .executeTakeFirst();
  return row?.external_id ?? null;
}

async function saveLink(
  db: Kysely<DB>,
  clientId: string,
  adapter: string,
  kind: "contact" | "deal" | "company",
  batonId: string,
  externalId: string,
) {
  await db
    .insertInto("crm_links")
    .values({ client_id: clientId, adapter, kind, baton_id: batonId, external_id: externalId })
    .onConflict((oc) =>
      oc.columns(["client_id", "adapter", "kind", "baton_id"]).doUpdateSet({ external_id: externalId }),
    )
    .execute();
}

async function upsertContact(db: Kysely<DB>, adapter: CrmAdapter, clientId: string, contactId: string) {
  const c = await db
    .selectFrom("contacts as c")
    .leftJoin("accounts as a", (j) =>
      j.onRef("a.account_id", "=", "c.account_id").onRef("a.client_id", "=", "c.client_id"),
    )
    .select([
      "c.full_name",
      "c.email",
      "c.external_id",
      "c.title",
      "c.phone",
      // raw: the CRM's read-back columns are not in the row type (core-tables.ts)
      sql<string | null>`c.crm_owner_id`.as("crm_owner_id"),
      sql<string | null>`c.crm_lifecycle_stage`.as("crm_lifecycle_stage"),
      "a.account_id",
      "a.name as company",
      "a.domain",
    ])
    .where("c.client_id", "=", clientId)
    .where("c.contact_id", "=", contactId)
    .executeTakeFirst();
  if (!c) throw Object.assign(new Error(`contact ${contactId} not found`), { permanent: true });
  // an OAuth CRM's record id may have come with the import (contacts.external_id): HubSpot and
  // Salesforce records are matched by their own id, never by the address alone
  const known =
    (await linkOf(db, clientId, adapter.name, "contact", contactId)) ??
    (isPolledProvider(adapter.name) ? c.external_id : null);
  const externalCompanyId =
    adapter.upsertCompany && c.account_id && c.company
      ? await upsertCompany(db, adapter, clientId, c.account_id, c.company, c.domain)
      : null;
  const { externalId } = await adapter.upsertContact(clientId, {
    contactId,
    externalId: known,
    fullName: c.full_name,
    email: c.email,
    company: c.company,
    externalCompanyId,
    title: c.title,
    phone: c.phone,
    crmOwnerId: c.crm_owner_id,
    lifecycleStage: c.crm_lifecycle_stage,
  });
  await saveLink(db, clientId, adapter.name, "contact", contactId, externalId);
  return externalId;
}

async function upsertCompany(
  db: Kysely<DB>,
  adapter: CrmAdapter,
  clientId: string,
  accountId: string,
  name: string,
  domain: string | null,
) {
  const known = await linkOf(db, clientId, adapter.name, "company", accountId);
  const { externalId } = await adapter.upsertCompany!(clientId, {
    accountId,
    name,
    domain,
    externalId: known,
  });
  if (externalId !== known) await saveLink(db, clientId, adapter.name, "company", accountId, externalId);
  return externalId;
}

async function ensureContact(db: Kysely<DB>, adapter: CrmAdapter, clientId: string, contactId: string) {
  return (
    (await linkOf(db, clientId, adapter.name, "contact", contactId)) ??
    (await upsertContact(db, adapter, clientId, contactId))
  );
}

/** Returns a note when the write was skipped on purpose (nothing to apply). */
async function apply(db: Kysely<DB>, adapter: CrmAdapter, row: ClaimedRow): Promise<string | null> {
  const p = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<string, any>;
  const clientId = row.client_id;
  switch (row.op) {
    case "upsert_contact":
      await upsertContact(db, adapter, clientId, row.contact_id);
      return null;
    case "log_activity": {
      const ext = await ensureContact(db, adapter, clientId, row.contact_id);
      await adapter.logActivity(clientId, {
        externalContactId: ext,
        channel: p.channel,
        contentType: p.contentType,
        occurredAt: new Date(p.occurredAt),
        note: p.note,
      });
      return null;
    }
    case "create_deal": {
      if (await linkOf(db, clientId, adapter.name, "deal", p.enrollmentId)) return "deal already created";
      const ext = await ensureContact(db, adapter, clientId, row.contact_id);
      const { dealId } = await adapter.createDeal(clientId, {
        externalContactId: ext,
        name: p.name,
        stage: "enrolled",
        enrollmentId: p.enrollmentId,
        owner: await dealOwnerOf(db, clientId, p.enrollmentId),
      });
      await saveLink(db, clientId, adapter.name, "deal", p.enrollmentId, dealId);
      return null;
    }
    case "update_deal_stage":
    case "close_deal": {
      const dealId = await linkOf(db, clientId, adapter.name, "deal", p.enrollmentId);
      if (!dealId) {
        const created = await db
          .selectFrom("crm_outbox")
          .select("id")
          .where("client_id", "=", clientId)
          .where("op", "=", "create_deal")
          .where(sql<boolean>`payload->>'enrollmentId' = ${p.enrollmentId}`)
          .executeTakeFirst();
        // Not a sales enrollment: there is no deal to move.
        if (!created) return "skipped: no deal was created for this enrollment";
        throw new Error(`the deal of enrollment ${p.enrollmentId} is not created yet`);
      }
      if (row.op === "close_deal") await adapter.closeDeal(clientId, dealId, p.outcome);
      else await adapter.updateDealStage(clientId, dealId, p.stage as DealStage);
      return null;
    }
    case "erase_contact": {
      // erasure (issue 15): the record id was captured when Baton erased the person
      const ext =
        (p.externalId as string | null) ??
        (await linkOf(db, clientId, adapter.name, "contact", row.contact_id));
      if (!ext) return "skipped: the person has no CRM record";
      if (!adapter.eraseContact)
        throw Object.assign(new Error(`the ${adapter.name} CRM adapter cannot erase`), { permanent: true });
      await adapter.eraseContact(clientId, ext);
      await db
        .deleteFrom("crm_links")
        .where("client_id", "=", clientId)
        .where("adapter", "=", adapter.name)
        .where("kind", "=", "contact")
        .where("baton_id", "=", row.contact_id)
        .execute();
      return null;
    }
    default:
      throw Object.assign(new Error(`unknown CRM write '${row.op}'`), { permanent: true });
  }
}

/** The tenant's allowance is spent: this write and every other pending one wait until `until`. */
async function pauseTenant(db: Kysely<DB>, row: ClaimedRow, workerId: string, until: Date, message: string) {
  await sql`update crm_outbox
               set attempts = attempts - 1, next_attempt_at = ${until}, locked_by = null,
                   locked_until = null, last_error = ${message.slice(0, 1000)}
             where client_id = ${row.client_id} and id = ${Number(row.id)} and locked_by = ${workerId}`.execute(
    db,
  );
  await sql`update crm_outbox set next_attempt_at = ${until}
             where client_id = ${row.client_id} and status = 'pending' and next_attempt_at < ${until}`.execute(
    db,
  );
}

export async function drainCrmOutbox(
  db: Kysely<DB>,
  adapter: CrmAdapter,
  now: Date,
  opts: DrainOptions = {},
): Promise<DrainResult> {
  const workerId = opts.workerId ?? `drainer-${process.pid}`;
  const limit = opts.limit ?? 100;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? CRM_OUTBOX_MAX_ATTEMPTS;
  const result: DrainResult = { applied: 0, retried: 0, dead: 0 };
  const settle = async (row: ClaimedRow): Promise<"applied" | "paused" | "dead" | "retried"> => {
    const mine = (q: any) =>
      q
        .where("client_id", "=", row.client_id)
        .where("id", "=", Number(row.id))
        .where("locked_by", "=", workerId);
    try {
      const note = await apply(db, adapter, row);
      await mine(db.updateTable("crm_outbox"))
        .set({ status: "done", done_at: now, locked_by: null, locked_until: null, last_error: note })
        .execute();
      result.applied += 1;
      return "applied";
    } catch (e) {
      const err = e as { message?: string; permanent?: boolean; retryAfterMs?: number; pauseMs?: number };
      if (typeof err.pauseMs === "number") {
        await pauseTenant(db, row, workerId, new Date(now.getTime() + err.pauseMs), String(err.message));
        result.retried += 1;
        return "paused";
      }
      const verdict = afterFailure(row.attempts, err.permanent === true, now, maxAttempts, err.retryAfterMs);
      const message = String(err.message ?? e).slice(0, 1000);
      if (verdict.status === "dead") {
        await mine(db.updateTable("crm_outbox"))
          .set({ status: "dead", locked_by: null, locked_until: null, last_error: message })
          .execute();
        result.dead += 1;
        return "dead";
      }
      await mine(db.updateTable("crm_outbox"))
        .set({
          next_attempt_at: verdict.nextAttemptAt,
          locked_by: null,
          locked_until: null,
          last_error: message,
        })
        .execute();
      result.retried += 1;
      return "retried";
    }
  };
  // a tenant at a time (src/db/tenant-claims.ts): each write is claimed, applied and settled before
  // the next claim, as before, within the tenant's share of `limit`
  const tenants = await dueTenants(db, tenantsWithDueWrites(now, limit, opts.clientId));
  await claimAcrossTenants(tenants, limit, async (clientId, n) => {
    const handled: ClaimedRow[] = [];
    while (handled.length < n) {
      const row = await claimNext(db, workerId, now, leaseMs, clientId);
      if (!row) break;
      handled.push(row);
      // a span per write when tracing is on (issue 71 item 4): the CRM, the operation, the ids, the outcome
      await inSpan(
        "baton.crm.write",
        {
          "baton.tenant_id": row.client_id,
          "baton.crm_outbox_id": String(row.id),
          "baton.contact_id": row.contact_id,
          "baton.crm": adapter.name,
          "baton.crm_operation": row.op,
          "baton.attempts": row.attempts,
        },
        async (span) => span.set({ "baton.outcome": await settle(row) }),
        "client",
      );
    }
    return handled;
  });
  return result;
}
