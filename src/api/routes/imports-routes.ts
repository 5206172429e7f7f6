// Import contacts and accounts from CSV (issue 15 item 1). POST runs a dry run or an import as a
// job; with wait=false (the workspace) it answers 202 with the job at once, and GET
// /api/v1/imports/:id shows its progress and report. Long work is never held in one request (issue
// 58, Deliver 4: a 615,903-row dry run was cut by the socket's idle timeout with no answer): a file
// of more than INLINE_IMPORT_ROWS rows answers 202 at once unless wait=true is sent, and a request
// that waits is answered 202 with the running job when the job outlasts inlineWaitMs, half the
// socket's idle time (docs/prospect-data.md). Thin over src/prospects.
import { Type } from "typebox";
import {
  assertMayImport,
  executeImport,
  type ImportRequest,
  prepareImport,
} from "../../prospects/import-contacts.ts";
import { createImportJob, readImportReport } from "../../prospects/import-job.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, stdErrors } from "../schemas.ts";
import { ImportBody, INLINE_IMPORT_ROWS, inlineWaitMs, Job, settlesWithin } from "./imports/common.ts";
import { postImportsPreviewRoute } from "./imports/post-imports-preview.ts";

export { INLINE_IMPORT_ROWS, inlineWaitMs } from "./imports/common.ts";

export const importsRoutes: RouteModule = (app, deps) => {
  postImportsPreviewRoute(app, deps); // POST /api/v1/imports/preview

  app.post(
    "/api/v1/imports",
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ["prospects"],
        summary: "Import contacts or accounts from CSV (or a dry run): dedupe, policy, per-row report",
        body: ImportBody,
        response: { 200: Job, 202: Job, ...stdErrors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const request: ImportRequest = {
        kind: b.kind ?? "contacts",
        csv: b.csv,
        mapping: b.mapping,
        dryRun: b.dry_run ?? false,
        onDuplicate: b.on_duplicate ?? "skip",
        legalBasis: b.legal_basis,
        legalBasisSource: b.legal_basis_source,
        createAccounts: b.create_accounts ?? false,
      };
      const importDeps = { secret: deps.config.secret, dbKind: deps.database.kind };
      const prepared = await prepareImport(req.principal, request);
      const now = deps.now();
      const jobId = await createImportJob(
        deps.db,
        {
          clientId: req.principal.clientId,
          kind: request.kind,
          dryRun: request.dryRun,
          onDuplicate: request.onDuplicate,
          totalRows: prepared.rows.length,
          principalId: req.principal.kind === "person" ? req.principal.principalId : null,
        },
        now,
      );
      // runs on after the answer, if need be; the job row records its progress, result or failure
      const running = executeImport(deps.db, req.principal, request, prepared, jobId, importDeps, now);
      running.catch((e) => req.log.warn({ jobId, err: (e as Error).message }, "import failed"));
      const waits = b.wait ?? prepared.rows.length <= INLINE_IMPORT_ROWS;
      if (waits && (await settlesWithin(running, inlineWaitMs(deps.config)))) {
        const { newAccounts } = await running;
        const job = await readJob(jobId, req.principal.clientId, 0, 1000);
        if (request.kind !== "contacts") return job;
        return {
          ...job,
          new_accounts: newAccounts.map(({ name, domain, rows }) => ({ name, domain, rows })),
        };
      }
      return reply.status(202).send(await readJob(jobId, req.principal.clientId, 0, 0));
    },
  );

  app.get(
    "/api/v1/imports/:id",
    {
      schema: {
        tags: ["prospects"],
        summary: "An import job: progress, counts and a page of its per-row report",
        params: Type.Object({ id: IdParam("import job") }),
        querystring: Type.Object({
          offset: Type.Optional(
            Type.Integer({
              minimum: 0,
              default: 0,
              description: "The report's first row to include (0 = from the start)",
            }),
          ),
          limit: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 10_000,
              default: 1000,
              description: "How many report rows to include, 0 to 10,000 (0: progress and counts only)",
            }),
          ),
          action: Type.Optional(
            Type.Union(
              [
                Type.Literal("created"),
                Type.Literal("updated"),
                Type.Literal("skipped"),
                Type.Literal("refused"),
              ],
              { description: "Only report rows with this outcome" },
            ),
          ),
        }),
        response: { 200: Job, ...stdErrors },
      },
    },
    async (req) => {
      assertMayImport(req.principal);
      return readJob(
        req.params.id,
        req.principal.clientId,
        req.query.offset ?? 0,
        req.query.limit ?? 1000,
        req.query.action,
      );
    },
  );

  async function readJob(id: string, clientId: string, offset: number, limit: number, action?: string) {
    const j = await deps.db
      .selectFrom("import_jobs")
      .selectAll()
      .where("client_id", "=", clientId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (!j) {
      const { BatonError } = await import("../../errors/baton-error.ts");
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
};
