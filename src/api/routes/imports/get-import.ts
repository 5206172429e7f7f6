// GET /api/v1/imports/:id: An import job: progress, counts and a page of its per-row report.
// Registered by imports-routes.ts.
import { Type } from "typebox";
import { assertMayImport } from "../../../prospects/prepare-import.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { Job, readJob } from "./common.ts";

export const getImportRoute: RouteModule = (app, deps) => {
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
        deps,
        req.params.id,
        req.principal.clientId,
        req.query.offset ?? 0,
        req.query.limit ?? 1000,
        req.query.action,
      );
    },
  );
};
