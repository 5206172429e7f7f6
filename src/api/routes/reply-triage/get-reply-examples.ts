// GET /api/v1/replies/examples.jsonl: the labelled examples (replies decided in triage) as JSON
// Lines, oldest decision first. Registered by reply-triage-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { EXAMPLE_READER_ROLES, examplesJsonl, listReplyExamples } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { ExamplesQuery } from "../../schemas/reply-triage.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getReplyExamplesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/replies/examples.jsonl",
    {
      preValidation: async (req) =>
        requireRole(req.principal, "export labelled reply examples", ...EXAMPLE_READER_ROLES),
      schema: {
        tags,
        summary:
          "The labelled examples (replies decided in triage: the text, what the classifier said, the decision and the intent it implies, who decided) as JSON Lines, oldest decision first",
        querystring: ExamplesQuery,
        produces: ["application/x-ndjson"],
        response: {
          200: Type.String({ description: "one JSON object a line (application/x-ndjson)" }),
          ...stdErrors,
        },
      },
    },
    async (req, reply) => {
      const xs = await listReplyExamples(deps.db, req.principal, {
        since: req.query.since ? new Date(req.query.since) : undefined,
        limit: req.query.limit,
      });
      return reply.type("application/x-ndjson; charset=utf-8").send(examplesJsonl(xs));
    },
  );
};
