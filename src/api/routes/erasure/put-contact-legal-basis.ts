// PUT /api/v1/contacts/:id/legal-basis: Set a contact's legal basis and where it comes from.
// Registered by erasure-routes.ts.
import { Type } from "typebox";
import { setLegalBasis } from "../../../prospects/set-legal-basis.ts";
import { LEGAL_BASES } from "../../../prospects/tables.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const putContactLegalBasisRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/contacts/:id/legal-basis",
    {
      schema: {
        tags: ["prospects"],
        summary: "Set a contact's legal basis and where it comes from",
        params: Type.Object({ id: IdParam("contact") }),
        body: Type.Object(
          {
            legal_basis: Type.Union(LEGAL_BASES.map((b) => Type.Literal(b))),
            source: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            contact_id: Type.String(),
            legal_basis: Type.String(),
            legal_basis_source: Type.String(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      setLegalBasis(
        deps.db,
        req.principal,
        { contactId: req.params.id, legalBasis: req.body.legal_basis, source: req.body.source },
        deps.now(),
      ),
  );
};
