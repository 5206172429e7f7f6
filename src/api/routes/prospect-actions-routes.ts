// What the prospect page's actions need besides the existing routes (issue 37 item 2): the
// prospect's enrollments, and the classifier's reading of a reply before a person logs it with the
// class they keep or choose. Thin: parse, call one domain function.
import { Type } from "typebox";
import { classifyReply, listEnrollmentsInBook, REPLY_INTENTS } from "../../campaigns/index.ts";
import { isUuid } from "../../db/is-uuid.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, IsoTime, PageQuery, pageOf, stdErrors } from "../schemas.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const prospectActionsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/contacts/:id/enrollments",
    {
      schema: {
        tags: ["campaigns"],
        summary:
          "A prospect's enrollments in every campaign, newest first (live and ended); 100 a page unless limit says",
        params: Type.Object({ id: IdParam("contact", "text") }),
        querystring: PageQuery,
        response: { 200: pageOf(Type.Ref("Enrollment")), ...stdErrors },
      },
    },
    async (req) => {
      if (!isUuid(req.params.id)) throw new BatonError("NOT_FOUND", { entity: "contact", id: req.params.id });
      // a prospect outside the principal's book has none to show (docs/books.md)
      return listEnrollmentsInBook(deps.db, req.principal, { contactId: req.params.id, ...req.query });
    },
  );

  app.post(
    "/api/v1/replies/classify",
    {
      schema: {
        tags: ["campaigns"],
        summary: "The reply classifier's reading of a text, storing nothing (before a person logs the reply)",
        body: Type.Object(
          {
            text: Type.String({ minLength: 1, maxLength: 50_000 }),
            received_at: Type.Optional(IsoTime),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            intent: Type.Union(REPLY_INTENTS.map((i) => Type.Literal(i))),
            confidence: Type.Number(),
            classified_by: Type.String(),
            return_date: Nullable(IsoTime),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const at = req.body.received_at ? new Date(req.body.received_at) : deps.now();
      const c = await classifyReply(req.principal, req.body.text, at);
      return {
        intent: c.intent,
        confidence: c.confidence,
        classified_by: c.by,
        return_date: c.returnDate ? c.returnDate.toISOString() : null,
      };
    },
  );
};
