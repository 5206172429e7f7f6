// The import job row: progress the workspace polls, the counts and the per-row report. Written
// outside the import's own transactions so a poller sees progress while the import runs.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { ImportKind } from "./import-fields.ts";
import { slicer } from "./slice-work.ts";

export type RowAction = "created" | "updated" | "skipped" | "refused";

/** One row of the report: never the row's personal data, only where it is and what happened. */
export interface RowReport {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** 1-based line of the file the row starts on. */
  line: number;
  action: RowAction;
  reason?: string;
  /** invalid_utf8: the byte offset of the first byte that was not UTF-8 (issue 36 item 14) */
  byte_offset?: number;
  id?: string;
}

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  refused: number;
  /** rows that moved a known person to another company (issue 69 item 3); only when some did */
  job_changes?: number;
  /** rows showing a move nothing proves: nothing moved, a person reviews it; only when some did */
  needs_review?: number;
}

export function countReport(report: RowReport[]): ImportCounts {
  const c: ImportCounts = { rows: report.length, created: 0, updated: 0, skipped: 0, refused: 0 };
  for (const r of report) {
    c[r.action]++;
    if (r.reason === "job_change") c.job_changes = (c.job_changes ?? 0) + 1;
    if (r.reason === "job_change_needs_review") c.needs_review = (c.needs_review ?? 0) + 1;
  }
  return c;
}

export async function createImportJob(
  db: Kysely<DB>,
  job: {
    clientId: string;
    kind: ImportKind;
    dryRun: boolean;
    onDuplicate: "update" | "skip";
    totalRows: number;
    principalId: string | null;
  },
  now: Date,
): Promise<string> {
  const r = await db
    .insertInto("import_jobs")
    .values({
      client_id: job.clientId,
      kind: job.kind,
      dry_run: job.dryRun,
      on_duplicate: job.onDuplicate,
      total_rows: job.totalRows,
      counts: "{}",
      report: "[]",
      error: null,
      created_by_principal_id: job.principalId,
      created_at: now,
      heartbeat_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function reportProgress(db: Kysely<DB>, clientId: string, jobId: string, processed: number) {
  await db
    .updateTable("import_jobs")
    .set({ processed_rows: processed, heartbeat_at: new Date() })
    .where("client_id", "=", clientId)
    .where("id", "=", jobId)
    .execute();
}

/**
 * Ends the job: its report written in chunks of chunkRows to import_job_rows (0225; a chunk's
 * statement stays short on the embedded database), then its status and counts.
 */
export async function finishImportJob(
  db: Kysely<DB>,
  clientId: string,
  jobId: string,
  out: { report: RowReport[]; error?: string },
  now: Date,
  chunkRows = 1000,
) {
  const counts = countReport(out.report);
  const slice = slicer();
  for (let i = 0; i < out.report.length; i += chunkRows) {
    const part = out.report.slice(i, i + chunkRows);
    await sql`
      insert into import_job_rows (client_id, job_id, row_no, line_no, action, reason, byte_offset, target_id)
      select ${clientId}, ${jobId}, v.row_no, v.line_no, v.action, v.reason, v.byte_offset, v.target_id
        from unnest(${part.map((r) => r.row)}::int[], ${part.map((r) => r.line)}::int[],
                    ${part.map((r) => r.action)}::text[], ${part.map((r) => r.reason ?? null)}::text[],
                    ${part.map((r) => r.byte_offset ?? null)}::bigint[], ${part.map((r) => r.id ?? null)}::uuid[])
             as v(row_no, line_no, action, reason, byte_offset, target_id)`.execute(db);
    await slice();
  }
  await db
    .updateTable("import_jobs")
    .set({
      status: out.error ? "failed" : "done",
      processed_rows: out.error ? undefined : counts.rows,
      counts: JSON.stringify(counts),
      error: out.error ?? null,
      finished_at: now,
    })
    .where("client_id", "=", clientId)
    .where("id", "=", jobId)
    .execute();
  return counts;
}

/** A page of a job's report (optionally one action's rows) and how many rows that view has. */
export async function readImportReport(
  db: Kysely<DB>,
  clientId: string,
  jobId: string,
  page: { offset: number; limit: number; action?: string },
): Promise<{ rows: RowReport[]; total: number }> {
  const only = page.action ? sql`and action = ${page.action}` : sql``;
  const total = await sql<{ n: number }>`
    select count(*)::int as n from import_job_rows
     where client_id = ${clientId} and job_id = ${jobId} ${only}`.execute(db);
  const rows = await sql<{
    row_no: number;
    line_no: number;
    action: RowAction;
    reason: string | null;
    byte_offset: string | number | null;
    target_id: string | null;
  }>`
    select row_no, line_no, action, reason, byte_offset, target_id from import_job_rows
     where client_id = ${clientId} and job_id = ${jobId} ${only}
     order by row_no offset ${page.offset} limit ${page.limit}`.execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    rows: rows.rows.map((r) => ({
      row: r.row_no,
      line: r.line_no,
      action: r.action,
      ...(r.reason !== null ? { reason: r.reason } : {}),
      ...(r.byte_offset !== null ? { byte_offset: Number(r.byte_offset) } : {}),
      ...(r.target_id !== null ? { id: r.target_id } : {}),
    })),
  };
}

/** How long a running job may go without a beat before the sweep calls it interrupted. */
export const IMPORT_STALE_MS = 10 * 60_000;

/**
 * Fails the running import jobs whose process stopped beating (a restart or a crash mid-import),
 * across tenants; returns how many. The rows already written stay: the chunks commit one by one,
 * and running the same file again finds them as duplicates.
 */
export async function sweepInterruptedImports(db: Kysely<DB>, now: Date, staleMs = IMPORT_STALE_MS) {
  const r = await db
    .updateTable("import_jobs")
    .set({
      status: "failed",
      finished_at: now,
      error:
        "Interrupted: the process running this import stopped before it finished. The rows counted in " +
        "processed_rows were written; run the same file again to finish it (rows already imported are " +
        "found as duplicates and follow on_duplicate).",
    })
    .where("status", "=", "running")
    .where("heartbeat_at", "<", new Date(now.getTime() - staleMs))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
