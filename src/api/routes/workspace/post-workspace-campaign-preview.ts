// POST /api/v1/workspace/campaigns/:slug/preview: Preview what the coordinator would decide for contacts (by id or email) before enrolling; writes nothing.
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { previewEnrollment } from "../../../workspace/index.ts";
import type { RouteModule } from "../../context.ts";
import { Nullable, stdErrors, Uuid } from "../../schemas.ts";
import { Int, Str } from "./common.ts";

export const postWorkspaceCampaignPreviewRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/workspace/campaigns/:slug/preview",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "Preview what the coordinator would decide for contacts (by id or email) before enrolling; writes nothing",
        params: Type.Object({
          slug: Type.String({ maxLength: 64, description: "The campaign's slug (or id)" }),
        }),
        body: Type.Object(
          {
            contacts: Type.Array(
              Type.Object(
                {
                  contact_id: Type.Optional(Uuid),
                  email: Type.Optional(Type.String({ maxLength: 320 })),
                },
                { additionalProperties: false, minProperties: 1 },
              ),
              { minItems: 1, maxItems: 500 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                input: Str,
                contact_id: Nullable(Str),
                full_name: Nullable(Str),
                action: Nullable(Str),
                gate: Type.Union([Int, Type.Null()]),
                reason: Nullable(Str),
                until: Nullable(Str),
                error: Nullable(Str),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({
      items: await previewEnrollment(deps.db, req.principal, req.params.slug, req.body.contacts, deps.now()),
    }),
  );
};
