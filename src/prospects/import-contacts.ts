// Import contacts or accounts from CSV (issue 15 item 1): parse, map, look up what exists in bulk,
// plan every row (plan-contact-import.ts), then write in chunks of CHUNK rows, one multi-row
// INSERT ... ON CONFLICT and one UPDATE ... FROM unnest per chunk, each chunk its own transaction,
// with the job's progress updated between chunks. A dry run plans and reports, and writes nothing
// but the job row.
// Off the request's turn (issue 36 item 14): parsing, planning and the lookups' loops run in slices
// that give the event loop a turn (slice-work.ts), and on the embedded database, whose statements
// run on the event loop itself, the chunks are small enough that each statement is short. A row
// whose text holds bytes that were not UTF-8 is refused with its byte offset (find-invalid-text.ts).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { accountKeys, erasureKey, hashEmailKey, normalizeEmail } from "../contact-keys/index.ts";
import { retryOnLockConflict } from "../coordinator/index.ts";
import { analyzeOwnedTables } from "../db/analyze-owned.ts";
import type { DbKind } from "../db/connect.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import { recordSignals } from "../signals/index.ts";
import { matchWaitingSignals } from "../signals/match-waiting-signals.ts";
import { assignContactOwners } from "../teams/index.ts";
import { findInvalidText } from "./find-invalid-text.ts";
import { importAccountRows } from "./import-accounts.ts";
import { type ImportKind, resolveMapping } from "./import-fields.ts";
import {
  createImportJob,
  finishImportJob,
  type ImportCounts,
  type RowReport,
  reportProgress,
} from "./import-job.ts";
import { moveToCompany } from "./job-change.ts";
import { parseCsvSliced } from "./parse-csv.ts";
import {
  type ImportLookups,
  type ImportRow,
  type NewAccount,
  type PlannedJobChange,
  type PlannedWrite,
  planContactImportSteps,
} from "./plan-contact-import.ts";
import { runStepsSliced, slicer } from "./slice-work.ts";
import type { LegalBasis } from "./tables.ts";

/** An import that writes this many rows analyzes what it wrote (its statistics, for the next lookup). */
export const ANALYZE_AFTER_ROWS = 1_000;

export const CHUNK = 5000;
/**
 * Rows per write chunk and keys per lookup query. On a PostgreSQL server a statement runs in
 * another process, so chunks are large (throughput); on the embedded PGlite a statement runs on
 * this event loop, so they are small (a 5,000-row chunk held it for 0.6-1.7 s, 250 rows well under
 * 100 ms).
 */
export function importChunks(kind: DbKind | undefined): {
  write: number;
  lookup: number;
  report: number;
  /** write chunks sized by how long the last one took (nextChunkSize) */
  adaptive: boolean;
} {
  return kind === "postgres"
    ? { write: CHUNK, lookup: 10_000, report: 10_000, adaptive: false }
    : { write: 100, lookup: 500, report: 500, adaptive: true };
}

/** How long one write statement may hold the event loop on the embedded database (ms). */
export const EMBEDDED_STATEMENT_MS = 30;

/**
 * The next write chunk on the embedded database: about EMBEDDED_STATEMENT_MS, 20 to 500 rows, and
 * at most twice the last one. One quick chunk (the machine idle for a moment) must not size the next
 * ten times larger: on a loaded machine such a chunk held the loop 239 ms.
 */
export function nextChunkSize(rows: number, ms: number): number {
  const perRow = Math.max(ms, 1) / Math.max(rows, 1);
  const want = Math.round(EMBEDDED_STATEMENT_MS / perRow);
  return Math.max(20, Math.min(500, 2 * Math.max(rows, 1), want));
}
/**
 * How long a chunk held the event loop (ms): the process's CPU time over it, at most its wall time.
 * The wall time alone counts the waits for a core on a loaded machine, which are no work of the
 * chunk's: at load 24 on 2 cores it sized the chunks down to the 20-row floor and a 30,000-row
 * import took 46 s (issue 60).
 */
function heldMs(t0: number, cpu0: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(cpu0);
  return Math.min(performance.now() - t0, (cpu.user + cpu.system) / 1000);
}

/** The source a job change from an import carries (events, signals, the suppression's reason). */
const IMPORT_SOURCE = "import";

export const IMPORT_ROLES = ["revops", "admin"] as const;

export interface ImportRequest {
  kind: ImportKind;
  csv: string;
  /** field → header column */
  mapping: Record<string, string>;
  dryRun: boolean;
  onDuplicate: "update" | "skip";
  /** The basis for rows without a legal_basis column value. */
  legalBasis?: LegalBasis;
  legalBasisSource?: string;
  /** create the accounts the file names that none has (issue 60); otherwise their rows are refused */
  createAccounts?: boolean;
}

export interface ImportResult {
  jobId: string;
  kind: ImportKind;
  dryRun: boolean;
  counts: ImportCounts;
  report: RowReport[];
  /** the accounts the file names that none has: created unless a dry run or not asked for */
  newAccounts: NewAccount[];
}

export interface ImportDeps {
  secret: string;
  /** Called after each chunk (rows processed so far, total). */
  onProgress?: (done: number, total: number) => void;
  /** The database's kind, which sizes the chunks (importChunks); unset: the embedded sizes. */
  dbKind?: DbKind;
}

export function assertMayImport(actor: Principal) {
  if (!hasRole(actor, ...IMPORT_ROLES)) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "import contacts and accounts",
      required: `the ${IMPORT_ROLES.join(" or ")} role`,
    });
  }
}

/** Parses and checks the mapping (throws before any job exists), then runs the import. */
export async function runImport(
  db: Kysely<DB>,
  actor: Principal,
  req: ImportRequest,
  deps: ImportDeps,
  now: Date,
): Promise<ImportResult> {
  const prepared = await prepareImport(actor, req);
  const jobId = await createImportJob(
    db,
    {
      clientId: actor.clientId,
      kind: req.kind,
      dryRun: req.dryRun,
      onDuplicate: req.onDuplicate,
      totalRows: prepared.rows.length,
      principalId: actor.kind === "person" ? actor.principalId : null,
    },
    now,
  );
  return executeImport(db, actor, req, prepared, jobId, deps, now);
}

export type PreparedImport = Awaited<ReturnType<typeof prepareImport>>;

/** Parses (in slices) and checks the mapping; marks the rows whose text was not UTF-8. */
export async function prepareImport(actor: Principal, req: ImportRequest) {
  assertMayImport(actor);
  const parsed = await parseCsvSliced(req.csv);
  const invalid = await findInvalidText(req.csv, parsed);
  const columns = resolveMapping(req.kind, parsed.header, req.mapping);
  const rows: ImportRow[] = new Array(parsed.rows.length);
  const slice = slicer();
  for (let i = 0; i < parsed.rows.length; i++) {
    const cells = parsed.rows[i];
    rows[i] = {
      line: parsed.lines[i],
      invalidUtf8At: invalid.get(i),
      get: (field: string) => {
        const idx = columns.get(field);
        return idx === undefined ? "" : (cells[idx] ?? "").trim();
      },
    };
    if ((i & 1023) === 1023) await slice();
  }
  return { rows };
}

export async function executeImport(
  db: Kysely<DB>,
  actor: Principal,
  req: ImportRequest,
  prepared: PreparedImport,
  jobId: string,
  deps: ImportDeps,
  now: Date,
): Promise<ImportResult> {
  const clientId = actor.clientId;
  try {
    const { report, newAccounts } =
      req.kind === "accounts"
        ? {
            report: await importAccountRows(
              db,
              clientId,
              prepared.rows,
              req,
              (done) => progress(done),
              now,
              Math.min(2000, importChunks(deps.dbKind).write),
            ),
            newAccounts: [],
          }
        : await importContactRows(db, clientId, prepared.rows, req, deps, (done) => progress(done), now);
    const counts = await finishImportJob(
      db,
      clientId,
      jobId,
      { report },
      new Date(),
      importChunks(deps.dbKind).report,
    );
    return { jobId, kind: req.kind, dryRun: req.dryRun, counts, report, newAccounts };
  } catch (e) {
    await finishImportJob(
      db,
      clientId,
      jobId,
      { report: [], error: (e as Error).message.slice(0, 500) },
      new Date(),
    );
    throw e;
  }

  async function progress(done: number) {
    await reportProgress(db, clientId, jobId, done);
    deps.onProgress?.(done, prepared.rows.length);
  }
}

async function importContactRows(
  db: Kysely<DB>,
  clientId: string,
  rows: PreparedImport["rows"],
  req: ImportRequest,
  deps: ImportDeps,
  progress: (done: number) => Promise<void>,
  now: Date,
): Promise<{ report: RowReport[]; newAccounts: NewAccount[] }> {
  const chunks = importChunks(deps.dbKind);
  const lookups = await loadLookups(db, clientId, rows, req, deps.secret, chunks.lookup);
  const zones = new Map<string, boolean>();
  const plan = await runStepsSliced(
    planContactImportSteps(rows, lookups, {
      onDuplicate: req.onDuplicate,
      legalBasis: req.legalBasis,
      legalBasisSource: req.legalBasisSource,
      createAccounts: req.createAccounts,
      newId: randomUUID,
      validZone: (z) => {
        let ok = zones.get(z);
        if (ok === undefined) {
          try {
            new Intl.DateTimeFormat("en", { timeZone: z });
            ok = true;
          } catch {
            ok = false;
          }
          zones.set(z, ok);
        }
        return ok;
      },
    }),
  );
  if (req.dryRun) {
    await progress(rows.length);
    return { report: plan.report, newAccounts: plan.newAccounts };
  }
  if (req.createAccounts) {
    // the accounts first (the contacts reference them), only those a written contact names
    const named = new Set(plan.writes.map((w) => w.values.accountId));
    const made = plan.newAccounts.filter((a) => named.has(a.id));
    await insertNewAccounts(db, clientId, made, now);
  }
  const notInserted = new Set<string>();
  const slice = slicer();
  let size = chunks.write;
  for (let i = 0; i < plan.writes.length; ) {
    const chunk = plan.writes.slice(i, i + size);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const missed = await db.transaction().execute((tx) => writeChunk(tx, clientId, chunk, now));
    i += chunk.length;
    for (const id of missed) notInserted.add(id);
    // on the embedded database the statement ran on this event loop: the next chunk is sized so
    // that one takes about EMBEDDED_STATEMENT_MS
    if (chunks.adaptive) size = nextChunkSize(chunk.length, heldMs(t0, cpu0));
    // the embedded database answers in microtasks: without this turn, timers and requests would
    // wait for the whole loop
    await slice();
    await progress(Math.round((rows.length * i) / plan.writes.length));
  }
  if (plan.writes.length === 0) await progress(rows.length);
  // a large file leaves the planner's statistics behind the tables: the embedded database never
  // analyzes on its own (src/db/analyze-owned.ts), and the next lookup of these keys would filter
  // every row of the tenant against the whole list
  if (plan.writes.length >= ANALYZE_AFTER_ROWS) await analyzeOwnedTables(db, ["contacts", "accounts"]);
  // the job changes the file shows, each in its own transaction (a file holds few)
  const moved = await applyJobChanges(db, clientId, plan.jobChanges, now);
  // signals that waited for these people (or their companies) find them now (docs/signals.md)
  if (plan.writes.length > 0)
    await matchWaitingSignals(
      db,
      clientId,
      plan.writes.filter((w) => w.create && !notInserted.has(w.contactId)).map((w) => w.contactId),
      now,
    );
  // a create that lost a race for its CRM id (another import in between) is reported, not hidden
  const raced =
    notInserted.size === 0
      ? plan.report
      : plan.report.map((r) =>
          r.id && notInserted.has(r.id)
            ? { ...r, action: "refused" as const, reason: "crm_id_taken", id: undefined }
            : r,
        );
  // a moved person's row names them at the new company; one moved before (the same file again) is skipped
  const report =
    moved.size === 0 ? raced : raced.map((r, i) => (moved.has(i) ? { ...r, ...moved.get(i) } : r));
  return { report, newAccounts: plan.newAccounts };
}

/**
 * Runs the file's job changes (docs/signals.md "Job changes"): a proven one through job-change.ts as
 * the CRM's does, with a job_change signal on the person at the new company; an unproven one moves
 * nothing and asks a person (an import_contact_changed event with resolution needs_review and a
 * company_change_unconfirmed signal, once per person and address). Returns the report rows changed.
 */
async function applyJobChanges(
  db: Kysely<DB>,
  clientId: string,
  changes: PlannedJobChange[],
  now: Date,
): Promise<Map<number, Partial<RowReport>>> {
  const out = new Map<number, Partial<RowReport>>();
  for (const jc of changes) {
    const key = `${jc.contactId}:${normalizeEmail(jc.email) ?? jc.email}`.slice(0, 200);
    await retryOnLockConflict(() =>
      db.transaction().execute(async (tx) => {
        if (!jc.domain) {
          const attrs = {
            company: jc.named.company,
            domain: jc.named.domain,
            email: jc.email,
            confirmed: false,
          };
          const signal = await importSignal(
            tx,
            clientId,
            "company_change_unconfirmed",
            jc.contactId,
            key,
            attrs,
            now,
          );
          if (signal)
            await appendEvents(tx, [
              {
                client_id: clientId,
                occurred_at: now,
                contact_id: jc.contactId,
                event_type: "import_contact_changed",
                resolution: "needs_review",
                lineage: NO_LINEAGE,
                details: { kind: "company_unconfirmed", ...jc.named, signal_id: signal, needs_review: true },
              },
            ]);
          return;
        }
        const m = await moveToCompany(
          tx,
          clientId,
          jc.contactId,
          { domain: jc.domain, company: jc.company, email: jc.email, source: IMPORT_SOURCE },
          now,
        );
        if (!m) {
          out.set(jc.index, { action: "skipped", reason: "job_change_done_before" });
          return;
        }
        // the CRM id names the person, who now works at the new company: a later row (or the CRM's
        // sync) finds them there, and the same file again finds them moved
        // (a row that named them by their previous address leaves the CRM id where it is)
        if (jc.crmId) {
          await sql`update contacts set external_id = null
                     where client_id = ${clientId} and contact_id = ${jc.contactId}`.execute(tx);
          await sql`update contacts set external_id = ${jc.crmId}
                     where client_id = ${clientId} and contact_id = ${m.to_contact_id}`.execute(tx);
        }
        await importSignal(
          tx,
          clientId,
          "job_change",
          m.to_contact_id,
          key,
          { from_contact_id: jc.contactId, company: jc.company, domain: jc.domain },
          now,
        );
        out.set(jc.index, { id: m.to_contact_id });
      }),
    );
  }
  return out;
}

async function importSignal(
  tx: Kysely<DB>,
  clientId: string,
  type: string,
  contactId: string,
  key: string,
  attributes: Record<string, unknown>,
  now: Date,
): Promise<string | null> {
  const r = await recordSignals(
    tx,
    { clientId, principalId: null },
    [{ type, contactId, occurredAt: now, source: IMPORT_SOURCE, externalId: `${type}:${key}`, attributes }],
    {},
    now,
  );
  return r.results[0]?.signal_id ?? null;
}

/** The accounts the file named that none had, in one statement (a file names few companies). */
async function insertNewAccounts(db: Kysely<DB>, clientId: string, accounts: NewAccount[], now: Date) {
  if (accounts.length === 0) return;
  await db
    .insertInto("accounts")
    .values(
      accounts.map((a) => ({
        account_id: a.id,
        client_id: clientId,
        name: a.name,
        domain: a.domain,
        created_at: now,
      })),
    )
    .execute();
}

async function writeChunk(
  tx: Kysely<DB>,
  clientId: string,
  chunk: PlannedWrite[],
  now: Date,
): Promise<string[]> {
  const creates = chunk.filter((w) => w.create);
  const updates = chunk.filter((w) => !w.create);
  const missed: string[] = [];
  const col = (ws: PlannedWrite[], f: (w: PlannedWrite) => string | null) => ws.map(f);
  if (creates.length) {
    const r = await sql<{ contact_id: string }>`
      insert into contacts (contact_id, client_id, full_name, email, title, linkedin_url, phone, external_id, account_id,
                            time_zone, country, legal_basis, legal_basis_source, created_at, updated_at)
      select v.id, ${clientId}, v.full_name, v.email, v.title, v.linkedin_url, v.phone, v.external_id, v.account_id,
             v.time_zone, v.country, coalesce(v.legal_basis, 'unknown'), v.legal_basis_source, ${now}, ${now}
        from unnest(${col(creates, (w) => w.contactId)}::uuid[], ${col(creates, (w) => w.values.fullName)}::text[],
                    ${col(creates, (w) => w.values.email)}::text[], ${col(creates, (w) => w.values.title)}::text[],
                    ${col(creates, (w) => w.values.linkedinUrl)}::text[], ${col(creates, (w) => w.values.phone)}::text[],
                    ${col(creates, (w) => w.values.crmId)}::text[],
                    ${col(creates, (w) => w.values.accountId)}::uuid[], ${col(creates, (w) => w.values.timeZone)}::text[], ${col(creates, (w) => w.values.country)}::text[],
                    ${col(creates, (w) => w.values.legalBasis)}::text[], ${col(creates, (w) => w.values.legalBasisSource)}::text[])
             as v(id, full_name, email, title, linkedin_url, phone, external_id, account_id, time_zone, country, legal_basis, legal_basis_source)
      on conflict do nothing
      returning contact_id`.execute(tx);
    if (r.rows.length < creates.length) {
      const got = new Set(r.rows.map((x) => x.contact_id));
      for (const w of creates) if (!got.has(w.contactId)) missed.push(w.contactId);
    }
    // the new contacts' owners: their account's, else their territory's team in turn (docs/teams.md)
    await assignContactOwners(
      tx,
      clientId,
      r.rows.map((x) => x.contact_id),
      now,
    );
  }
  if (updates.length) {
    await sql`
      update contacts c set full_name = coalesce(v.full_name, c.full_name), email = coalesce(v.email, c.email),
             title = coalesce(v.title, c.title), linkedin_url = coalesce(v.linkedin_url, c.linkedin_url),
             phone = coalesce(v.phone, c.phone),
             external_id = coalesce(c.external_id, v.external_id), account_id = coalesce(v.account_id, c.account_id),
             time_zone = coalesce(v.time_zone, c.time_zone), country = coalesce(v.country, c.country), legal_basis = coalesce(v.legal_basis, c.legal_basis),
             legal_basis_source = coalesce(v.legal_basis_source, c.legal_basis_source), updated_at = ${now}
        from unnest(${col(updates, (w) => w.contactId)}::uuid[], ${col(updates, (w) => w.values.fullName)}::text[],
                    ${col(updates, (w) => w.values.email)}::text[], ${col(updates, (w) => w.values.title)}::text[],
                    ${col(updates, (w) => w.values.linkedinUrl)}::text[], ${col(updates, (w) => w.values.phone)}::text[],
                    ${col(updates, (w) => w.values.crmId)}::text[],
                    ${col(updates, (w) => w.values.accountId)}::uuid[], ${col(updates, (w) => w.values.timeZone)}::text[], ${col(updates, (w) => w.values.country)}::text[],
                    ${col(updates, (w) => w.values.legalBasis)}::text[], ${col(updates, (w) => w.values.legalBasisSource)}::text[])
             as v(id, full_name, email, title, linkedin_url, phone, external_id, account_id, time_zone, country, legal_basis, legal_basis_source)
       where c.client_id = ${clientId} and c.contact_id = v.id and c.erased_at is null`.execute(tx);
  }
  return missed;
}

async function loadLookups(
  db: Kysely<DB>,
  clientId: string,
  rows: PreparedImport["rows"],
  req: ImportRequest,
  secret: string,
  lookupChunk: number,
): Promise<ImportLookups> {
  const slice = slicer();
  const keySet = new Set<string>();
  const crmSet = new Set<string>();
  const previousSet = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const k = normalizeEmail(rows[i].get("email"));
    if (k) keySet.add(k);
    const p = req.mapping.previous_email ? normalizeEmail(rows[i].get("previous_email")) : null;
    if (p) previousSet.add(p);
    const c = rows[i].get("crm_id");
    if (c.length > 0) crmSet.add(c);
    if ((i & 1023) === 1023) await slice();
  }
  const keys = [...keySet];
  const crmIds = [...crmSet];
  const hashKey = erasureKey(secret);
  const hashToKey = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    hashToKey.set(hashEmailKey(hashKey, keys[i]), keys[i]);
    if ((i & 255) === 255) await slice();
  }
  const out: ImportLookups = {
    existingByEmailKey: new Map(),
    existingByCrmId: new Map(),
    suppressedEmailKeys: new Set(),
    suppressedDomains: new Set(),
    erasedEmailKeys: new Set(),
    accountByKey: new Map(),
    accountDomains: new Map(),
    crmContacts: new Map(),
    existingByPreviousKey: new Map(),
  };
  for (let i = 0; i < keys.length; i += lookupChunk) {
    const part = keys.slice(i, i + lookupChunk);
    const existing = await sql<{ contact_id: string; email_key: string }>`
      select contact_id, email_key from contacts
       where client_id = ${clientId} and email_key = any(${part}::text[]) and erased_at is null
       order by created_at`.execute(db);
    for (const r of existing.rows)
      if (!out.existingByEmailKey.has(r.email_key)) out.existingByEmailKey.set(r.email_key, r.contact_id);
    const sup = await sql<{ value: string }>`
      select value from suppressions where client_id = ${clientId} and kind = 'email' and value = any(${part}::text[])`.execute(
      db,
    );
    for (const r of sup.rows) out.suppressedEmailKeys.add(r.value);
    await slice();
  }
  const hashes = [...hashToKey.keys()];
  for (let i = 0; i < hashes.length; i += lookupChunk) {
    const erased = await sql<{ value: string }>`
      select value from suppressions where client_id = ${clientId} and kind = 'email_hash'
         and value = any(${hashes.slice(i, i + lookupChunk)}::text[])`.execute(db);
    for (const r of erased.rows) out.erasedEmailKeys.add(hashToKey.get(r.value)!);
    await slice();
  }
  for (let i = 0; i < crmIds.length; i += lookupChunk) {
    const existing = await sql<{
      contact_id: string;
      external_id: string;
      email_key: string | null;
      account_domain: string | null;
    }>`
      select c.contact_id, c.external_id, c.email_key, lower(a.domain) as account_domain from contacts c
        left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
       where c.client_id = ${clientId} and c.external_id = any(${crmIds.slice(i, i + lookupChunk)}::text[])`.execute(
      db,
    );
    for (const r of existing.rows) {
      out.existingByCrmId.set(r.external_id, r.contact_id);
      out.crmContacts?.set(r.contact_id, { emailKey: r.email_key, accountDomain: r.account_domain });
    }
    await slice();
  }
  // the people the rows name by their previous address (the oldest live contact of the key, as the dedupe reads it)
  const previousKeys = [...previousSet];
  for (let i = 0; i < previousKeys.length; i += lookupChunk) {
    const existing = await sql<{ contact_id: string; email_key: string; account_domain: string | null }>`
      select c.contact_id, c.email_key, lower(a.domain) as account_domain from contacts c
        left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
       where c.client_id = ${clientId} and c.email_key = any(${previousKeys.slice(i, i + lookupChunk)}::text[])
         and c.erased_at is null
       order by c.created_at`.execute(db);
    for (const r of existing.rows) {
      if (out.existingByPreviousKey?.has(r.email_key)) continue;
      out.existingByPreviousKey?.set(r.email_key, r.contact_id);
      out.crmContacts?.set(r.contact_id, { emailKey: r.email_key, accountDomain: r.account_domain });
    }
    await slice();
  }
  const domains = await sql<{ value: string }>`
    select value from suppressions where client_id = ${clientId} and kind = 'domain'`.execute(db);
  for (const r of domains.rows) out.suppressedDomains.add(r.value);
  if (req.mapping.account) {
    const accounts = await sql<{ account_id: string; domain: string | null; name: string }>`
      select account_id, domain, name from accounts where client_id = ${clientId} order by created_at`.execute(
      db,
    );
    // the oldest account of a key wins
    for (const a of accounts.rows) {
      for (const k of accountKeys(a)) if (!out.accountByKey.has(k)) out.accountByKey.set(k, a.account_id);
      if (a.domain) out.accountDomains?.set(a.account_id, a.domain.toLowerCase());
    }
  }
  return out;
}
