// Suppression lists (issue 15 item 2): GET/POST/DELETE /api/v1/suppressions. Thin over src/prospects.
import { Type } from "typebox";
import {
  addSuppressionAs,
  listSuppressions,
  removeSuppression,
  suppressionAdded,
} from "../../prospects/manage-suppressions.ts";
import { SUPPRESSION_SOURCES } from "../../prospects/tables.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, PAGE_FIELDS, pageOf, stdErrors } from "../schemas.ts";

const Item = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("email"), Type.Literal("domain"), Type.Literal("email_hash")]),
  value: Type.String(),
  reason: Type.String(),
  source: Type.String(),
  created_at: Type.String(),
  created_by_principal_id: Type.Union([Type.String(), Type.Null()]),
});

export const suppressionsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/suppressions",
    {
      schema: {
        tags: ["prospects"],
        summary:
          "The tenant's suppression lists (addresses, domains, erased people), newest first; 100 a page unless limit says",
        querystring: Type.Object({
          kind: Type.Optional(
            Type.Union([Type.Literal("email"), Type.Literal("domain"), Type.Literal("email_hash")], {
              description: "email | domain | email_hash (an erased person)",
            }),
          ),
          search: Type.Optional(
            Type.String({
              maxLength: 200,
              description: "Only entries whose address or domain contains these characters",
            }),
          ),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(Item), ...stdErrors },
      },
    },
    async (req) => listSuppressions(deps.db, req.principal, req.query),
  );

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

  app.delete(
    "/api/v1/suppressions/:id",
    {
      schema: {
        tags: ["prospects"],
        summary: "Remove an entry (an erased person's entry cannot be removed)",
        params: Type.Object({ id: IdParam("suppression entry") }),
        response: { 200: Type.Object({ id: Type.String(), removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removeSuppression(deps.db, req.principal, req.params.id),
  );
};
