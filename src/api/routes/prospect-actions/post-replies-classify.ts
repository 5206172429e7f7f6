// POST /api/v1/replies/classify: The reply classifier's reading of a text, storing nothing (before a person logs the reply).
// Registered by prospect-actions-routes.ts.
import { Type } from "typebox";
import { classifyReply, REPLY_INTENTS } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { IsoTime, stdErrors } from "../../schemas.ts";
import { Nullable } from "./common.ts";

export const postRepliesClassifyRoute: RouteModule = (app, deps) => {
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
