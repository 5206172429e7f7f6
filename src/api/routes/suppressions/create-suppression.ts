// POST /api/v1/suppressions: Suppress an address or a whole domain: every queued touch to it stops, none starts after the commit.
// Registered by suppressions-routes.ts.
import { Type } from "typebox";
import { addSuppressionAs, suppressionAdded } from "../../../prospects/manage-suppressions.ts";
import { SUPPRESSION_SOURCES } from "../../../prospects/tables.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";

export const createSuppressionRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/suppressions",
    {
      schema: {
        tags: ["prospects"],
        summary:
          "Suppress an address or a whole domain: every queued touch to it stops, none starts after the commit",
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal("email"), Type.Literal("domain")]),
            value: Type.String({ minLength: 3, maxLength: 320 }),
            reason: Type.String({ minLength: 1, maxLength: 200 }),
            source: Type.Optional(
              Type.Union(SUPPRESSION_SOURCES.filter((s) => s !== "erasure").map((s) => Type.Literal(s))),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.String(),
            kind: Type.String(),
            value: Type.String(),
            created: Type.Boolean({ description: "false: the entry existed; it was kept as it was" }),
            contacts: Type.Integer({ description: "contacts it covers now" }),
            enrollments_ended: Type.Integer(),
            items_cancelled: Type.Integer(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      return suppressionAdded(await addSuppressionAs(deps.db, req.principal, req.body, deps.now()));
    },
  );
};
