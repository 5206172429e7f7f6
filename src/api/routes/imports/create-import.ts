// POST /api/v1/imports: Import contacts or accounts from CSV (or a dry run): dedupe, policy, per-row report.
// Registered by imports-routes.ts.
import { executeImport } from "../../../prospects/import-contacts.ts";
import { createImportJob } from "../../../prospects/import-job.ts";
import { type ImportRequest, prepareImport } from "../../../prospects/prepare-import.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { ImportBody, INLINE_IMPORT_ROWS, inlineWaitMs, Job, readJob, settlesWithin } from "./common.ts";

export const createImportRoute: RouteModule = (app, deps) => {
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
        const job = await readJob(deps, jobId, req.principal.clientId, 0, 1000);
        if (request.kind !== "contacts") return job;
        return {
          ...job,
          new_accounts: newAccounts.map(({ name, domain, rows }) => ({ name, domain, rows })),
        };
      }
      return reply.status(202).send(await readJob(deps, jobId, req.principal.clientId, 0, 0));
    },
  );
};
