// Erasure (GDPR Art. 17) and the legal basis of a contact (issue 15 items 3 and 4). Thin over
// src/prospects: POST /api/v1/contacts/:id/erase, GET /api/v1/erasures, PUT /api/v1/contacts/:id/legal-basis.
import { Type } from "typebox";
import { eraseContact } from "../../prospects/erase-contact.ts";
import { erasureListPath } from "../../prospects/erasure-list.ts";
import { listErasures } from "../../prospects/list-erasures.ts";
import { setLegalBasis } from "../../prospects/set-legal-basis.ts";
import { LEGAL_BASES } from "../../prospects/tables.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, PageQuery, pageOf, stdErrors } from "../schemas.ts";

export const erasureRoutes: RouteModule = (app, deps) => {
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

  app.get(
    "/api/v1/erasures",
    {
      schema: {
        tags: ["prospects"],
        summary:
          "The erasure log, newest first: who asked, when, under what reference (no personal data); 100 a page unless limit says",
        querystring: PageQuery,
        response: {
          200: pageOf(
            Type.Object({
              id: Type.String(),
              contact_id: Type.String(),
              request_reference: Type.String(),
              requested_by_principal_id: Type.Union([Type.String(), Type.Null()]),
              erased_at: Type.String(),
              removed: Type.Record(Type.String(), Type.Integer()),
              crm_erasure_queued: Type.Boolean(),
            }),
          ),
          ...stdErrors,
        },
      },
    },
    async (req) => listErasures(deps.db, req.principal, req.query),
  );

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
