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
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { analyzeOwnedTables } from "../db/analyze-owned.ts";
import type { DbKind } from "../db/connect.ts";
import type { DB } from "../db/database.ts";
import { matchWaitingSignals } from "../signals/match-waiting-signals.ts";
import { applyJobChanges } from "./apply-import-job-changes.ts";
import type { NewAccount } from "./contact-plan.ts";
import { importAccountRows } from "./import-accounts.ts";
import { heldMs, importChunks, nextChunkSize } from "./import-chunks.ts";
import type { ImportKind } from "./import-fields.ts";
import {
  createImportJob,
  finishImportJob,
  type ImportCounts,
  type RowReport,
  reportProgress,
} from "./import-job.ts";
import { loadLookups } from "./load-import-lookups.ts";
import { planContactImportSteps } from "./plan-contact-import.ts";
import { type ImportRequest, type PreparedImport, prepareImport } from "./prepare-import.ts";
import { runStepsSliced, slicer } from "./slice-work.ts";
import { insertNewAccounts, writeChunk } from "./write-contact-chunk.ts";

/** An import that writes this many rows analyzes what it wrote (its statistics, for the next lookup). */
export const ANALYZE_AFTER_ROWS = 1_000;

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
