// What the routes of imports-routes.ts share.
import { Type } from "typebox";
import type { Config } from "../../../config/config.ts";
import { readImportReport } from "../../../prospects/import-job.ts";
import { LEGAL_BASES } from "../../../prospects/tables.ts";
import type { AppDeps } from "../../context.ts";

export const Kind = Type.Union([Type.Literal("contacts"), Type.Literal("accounts")]);
export const ImportBody = Type.Object(
  {
    kind: Type.Optional(Kind),
    csv: Type.String({
      maxLength: 64 * 1024 * 1024,
      description: "the CSV text (RFC 4180; header row first)",
    }),
    mapping: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 200 }), {
      description: 'field → header column, e.g. {"email": "Email", "first_name": "First"}',
    }),
    dry_run: Type.Optional(
      Type.Boolean({ description: "report what would happen; change nothing (default false)" }),
    ),
    on_duplicate: Type.Optional(
      Type.Union([Type.Literal("update"), Type.Literal("skip")], { description: "default skip" }),
    ),
    legal_basis: Type.Optional(
      Type.Union(
        LEGAL_BASES.map((b) => Type.Literal(b)),
        { description: "for rows without one" },
      ),
    ),
    legal_basis_source: Type.Optional(Type.String({ maxLength: 200 })),
    create_accounts: Type.Optional(
      Type.Boolean({
        description:
          "true: create the accounts the file names that none has (matched by domain, then by normalised name). Default false: their rows are refused unknown_account, and new_accounts lists them",
      }),
    ),
    wait: Type.Optional(
      Type.Boolean({
        description:
          "false: 202 with the job at once, poll GET /api/v1/imports/:id. true: answer 200 when done, or 202 with the running job after half the idle timeout (30 s). Unset: as true up to 25,000 rows, as false above",
      }),
    ),
  },
  { additionalProperties: false },
);
export const Counts = Type.Object({
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  refused: Type.Integer(),
  job_changes: Type.Optional(
    Type.Integer({
      description:
        "contact rows that moved a known person (matched by crm_id) to another company: left_company at the old one, created at the new one",
    }),
  ),
  needs_review: Type.Optional(
    Type.Integer({
      description:
        "contact rows showing a move to another company that nothing proves: nothing moved, the old address kept, a company_change_unconfirmed signal for a person",
    }),
  ),
});
export const RowReport = Type.Object({
  row: Type.Integer(),
  line: Type.Integer(),
  action: Type.Union([
    Type.Literal("created"),
    Type.Literal("updated"),
    Type.Literal("skipped"),
    Type.Literal("refused"),
  ]),
  reason: Type.Optional(Type.String()),
  byte_offset: Type.Optional(
    Type.Integer({ description: "invalid_utf8: where the first byte that is not UTF-8 is" }),
  ),
  id: Type.Optional(Type.String()),
});
export const Job = Type.Object({
  id: Type.String(),
  kind: Kind,
  dry_run: Type.Boolean(),
  on_duplicate: Type.String(),
  status: Type.Union([Type.Literal("running"), Type.Literal("done"), Type.Literal("failed")]),
  total_rows: Type.Integer(),
  processed_rows: Type.Integer(),
  counts: Type.Union([Counts, Type.Object({})]),
  report: Type.Array(RowReport),
  report_total: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  new_accounts: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        domain: Type.Union([Type.String(), Type.Null()]),
        rows: Type.Integer({ description: "the data rows naming it" }),
      }),
      {
        description:
          "a contact import answered when done: the accounts the file names that none has (created when create_accounts was true and this is no dry run)",
      },
    ),
  ),
});
/** Rows above which a request that does not say `wait: true` is answered 202 at once. */
export const INLINE_IMPORT_ROWS = 25_000;
/**
 * How long a request waits for its job before it is answered 202 with the job still running: half
 * the socket's idle time, 30 s by default (a socket silent for the idle time is closed, and the
 * client would get no answer at all).
 */
export function inlineWaitMs(config: Pick<Config, "http">): number {
  return Math.floor(config.http.idleTimeoutMs / 2);
}
/** Whether `job` settles within `ms`: true when it did (a rejection is thrown), false when not. */
export async function settlesWithin(job: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([job.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

// An import job with a page of its report, as the routes answer it.
export async function readJob(
  deps: AppDeps,
  id: string,
  clientId: string,
  offset: number,
  limit: number,
  action?: string,
) {
  const j = await deps.db
    .selectFrom("import_jobs")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!j) {
    const { BatonError } = await import("../../../errors/baton-error.ts");
    throw new BatonError("NOT_FOUND", { entity: "import", id });
  }
  // the report's rows (0225), a page at a time; a job written before 0225 keeps its jsonb
  let page = await readImportReport(deps.db, clientId, id, { offset, limit, action });
  const legacy = (typeof j.report === "string" ? JSON.parse(j.report) : j.report) as { action: string }[];
  if (page.total === 0 && legacy.length > 0) {
    const rows = action ? legacy.filter((r) => r.action === action) : legacy;
    page = { rows: rows.slice(offset, offset + limit) as never, total: rows.length };
  }
  return {
    id: j.id,
    kind: j.kind,
    dry_run: j.dry_run,
    on_duplicate: j.on_duplicate,
    status: j.status,
    total_rows: j.total_rows,
    processed_rows: j.processed_rows,
    counts: j.counts as object,
    report: page.rows as never,
    report_total: page.total,
    error: j.error,
    created_at: j.created_at.toISOString(),
    finished_at: j.finished_at ? j.finished_at.toISOString() : null,
  };
}
