// POST /api/v1/contacts/:id/erase: Erase a person's data everywhere (GDPR Art. 17); RevOps or admin; irreversible.
// Registered by erasure-routes.ts.
import { Type } from "typebox";
import { eraseContact } from "../../../prospects/erase-contact.ts";
import { erasureListPath } from "../../../prospects/erasure-list.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const postContactEraseRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/contacts/:id/erase",
    {
      schema: {
        tags: ["prospects"],
        summary: "Erase a person's data everywhere (GDPR Art. 17); RevOps or admin; irreversible",
        params: Type.Object({ id: IdParam("contact") }),
        body: Type.Object(
          {
            request_reference: Type.String({
              minLength: 1,
              maxLength: 120,
              pattern: "^[^@]*$",
              description: "your reference for the request (a ticket number); no personal data",
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            erasure_id: Type.String(),
            contact_ids: Type.Array(Type.String()),
            request_reference: Type.String(),
            erased_at: Type.String(),
            removed: Type.Record(Type.String(), Type.Integer()),
            crm_erasure_queued: Type.Boolean(),
            not_redacted: Type.Array(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      eraseContact(
        deps.db,
        req.principal,
        { contactId: req.params.id, requestReference: req.body.request_reference },
        {
          secret: deps.config.secret,
          crm: deps.config.attio ? "attio" : "builtin",
          erasureList: erasureListPath(deps.config),
        },
        deps.now(),
      ),
  );
};
