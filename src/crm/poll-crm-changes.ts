// Reading changes made in the CRM back into Baton by polling (issue 41 item 1): per tenant, the
// cursor where the last poll stopped (crm_sync_cursors), the adapter's readChanges from it, and
// the changes applied and the new cursor stored in ONE transaction, so a crash between the two
// re-reads the same changes (applying them again is idempotent) and never skips one. The CRM call
// is made before the transaction (no row lock or PGlite connection held over HTTP).
// The OAuth CRMs poll each tenant that connected them; Attio (one API key for the server) polls
// each tenant that has people linked to it (src/crm/attio-changes.ts). A tenant that registered
// Attio's webhook (attio-webhook.ts) hears changes at once; its poll is the fallback that catches
// what a missed delivery lost: a sweep starts every 15 minutes instead of every minute.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { type ApplyResult, applyCrmChanges, type CrmSyncProvider } from "./apply-crm-changes.ts";
import { decodeAttioCursor } from "./attio-changes.ts";
import type { CrmAdapter } from "./crm-adapter.ts";
import type { CrmProviderName } from "./tables.ts";

/** The OAuth CRMs: read back, and contacts.external_id from an import names their record. */
export function isPolledProvider(name: string): name is CrmProviderName {
  return name === "hubspot" || name === "salesforce";
}

/** With Attio's webhook registered, a new sweep of the linked people starts this often. */
export const ATTIO_FALLBACK_POLL_MS = 15 * 60_000;

/** Tenants with Attio's webhook whose last sweep ended less than ATTIO_FALLBACK_POLL_MS ago. */
async function restingAttioTenants(db: Kysely<DB>, now: Date): Promise<Set<string>> {
  const since = new Date(now.getTime() - ATTIO_FALLBACK_POLL_MS);
  const rows = await sql<{ client_id: string; cursor: string | null }>`
    select w.client_id, c.cursor from attio_webhooks w
      join crm_sync_cursors c on c.client_id = w.client_id and c.provider = 'attio'
     where c.polled_at > ${since}`.execute(db);
  // a sweep ended: its cursor names no record to go on from (attio-changes.ts)
  return new Set(rows.rows.filter((r) => decodeAttioCursor(r.cursor).a === null).map((r) => r.client_id));
}

function isSyncedProvider(name: string): name is CrmSyncProvider {
  return isPolledProvider(name) || name === "attio";
}

export async function pollCrmChanges(
  db: Kysely<DB>,
  adapter: CrmAdapter,
  clientId: string,
  now: Date,
): Promise<ApplyResult & { cursor: string | null }> {
  const provider = adapter.name;
  if (!adapter.readChanges || !isSyncedProvider(provider)) return { applied: 0, unmatched: 0, cursor: null };
  // raw SQL: since 0365 the column also holds 'attio', which the row type (tables.ts) does not list yet
  const row = (
    await sql<{ cursor: string | null }>`select cursor from crm_sync_cursors
       where client_id = ${clientId} and provider = ${provider}`.execute(db)
  ).rows[0];
  const { changes, cursor } = await adapter.readChanges(clientId, row?.cursor ?? null);
  const applied = await db.transaction().execute(async (tx) => {
    const r = await applyCrmChanges(tx, clientId, provider, changes, now);
    await sql`insert into crm_sync_cursors (client_id, provider, cursor, polled_at)
              values (${clientId}, ${provider}, ${cursor}, ${now})
              on conflict (client_id, provider) do update set cursor = excluded.cursor, polled_at = excluded.polled_at`.execute(
      tx,
    );
    return r;
  });
  return { ...applied, cursor };
}

/**
 * One pass over every tenant connected to the adapter's CRM (a tenant is connected when it stored
 * OAuth2 tokens). A tenant whose poll fails (CRM down, grant revoked) does not stop the others.
 */
export async function pollAllCrmChanges(
  db: Kysely<DB>,
  adapter: CrmAdapter,
  now: Date,
): Promise<{ tenants: number; applied: number; failed: number; resting: number }> {
  const out = { tenants: 0, applied: 0, failed: 0, resting: 0 };
  if (!adapter.readChanges || !isSyncedProvider(adapter.name)) return out;
  const tenants = isPolledProvider(adapter.name)
    ? await db
        .selectFrom("crm_oauth_tokens")
        .select("client_id")
        .where("provider", "=", adapter.name)
        .orderBy("client_id")
        .execute()
    : await db
        .selectFrom("crm_links")
        .select("client_id")
        .distinct()
        .where("adapter", "=", adapter.name)
        .orderBy("client_id")
        .execute();
  const resting = adapter.name === "attio" ? await restingAttioTenants(db, now) : new Set<string>();
  for (const t of tenants) {
    if (resting.has(t.client_id)) {
      out.resting += 1;
      continue;
    }
    out.tenants += 1;
    try {
      out.applied += (await pollCrmChanges(db, adapter, t.client_id, now)).applied;
    } catch (e) {
      out.failed += 1;
      console.error(`[crm-poll] ${adapter.name} ${t.client_id}: ${(e as Error).message}`);
    }
  }
  return out;
}
