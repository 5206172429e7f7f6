// The import job row: progress the workspace polls, the counts and the per-row report. Written
// outside the import's own transactions so a poller sees progress while the import runs.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { ImportKind } from "./import-fields.ts";

export type RowAction = "created" | "updated" | "skipped" | "refused";

/** One row of the report: never the row's personal data, only where it is and what happened. */
export interface RowReport {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** 1-based line of the file the row starts on. */
  line: number;
  action: RowAction;
  reason?: string;
  id?: string;
}

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  refused: number;
}

export function countReport(report: RowReport[]): ImportCounts {
  const c: ImportCounts = { rows: report.length, created: 0, updated: 0, skipped: 0, refused: 0 };
  for (const r of report) c[r.action]++;
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
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function reportProgress(db: Kysely<DB>, clientId: string, jobId: string, processed: number) {
  await db
    .updateTable("import_jobs")
    .set({ processed_rows: processed })
    .where("client_id", "=", clientId)
    .where("id", "=", jobId)
    .execute();
}

export async function finishImportJob(
  db: Kysely<DB>,
  clientId: string,
  jobId: string,
  out: { report: RowReport[]; error?: string },
  now: Date,
) {
  const counts = countReport(out.report);
  await db
    .updateTable("import_jobs")
    .set({
      status: out.error ? "failed" : "done",
      processed_rows: out.error ? undefined : counts.rows,
      counts: JSON.stringify(counts),
      report: JSON.stringify(out.report),
      error: out.error ?? null,
      finished_at: now,
    })
    .where("client_id", "=", clientId)
    .where("id", "=", jobId)
    .execute();
  return counts;
}
