// POST /api/v1/coordinator/activations: Request a sequence activation; runs the five gates (allow, hold, queue or block).
// Registered by coordinator-routes.ts.
import { Type } from "typebox";
import { requestActivationAs } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { ActivationResult, tags, view } from "./common.ts";

export const postCoordinatorActivationsRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/coordinator/activations",
    {
      schema: {
        tags,
        summary: "Request a sequence activation; runs the five gates (allow, hold, queue or block)",
        body: Type.Object(
          {
            contact_id: Type.String({ maxLength: 64 }),
            campaign: Type.String({ minLength: 1, maxLength: 64, description: "campaign id or slug" }),
            sequence_type: Type.Optional(
              Type.String({ maxLength: 32, description: "must match the campaign's kind" }),
            ),
            goal: Type.Optional(
              Type.Union(
                ["awareness", "pipeline", "credibility", "marketing_relief"].map((g) => Type.Literal(g)),
              ),
            ),
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
            originating_agent_id: Type.Optional(Type.String({ maxLength: 16 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ActivationResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const r = await requestActivationAs(
        deps.db,
        req.principal,
        {
          contactId: b.contact_id,
          campaign: b.campaign,
          sequenceType: b.sequence_type,
          goal: b.goal ?? null,
          notes: b.notes ?? null,
          originatingAgentId: b.originating_agent_id ?? null,
        },
        deps.now(),
      );
      return { ...view(r.decision), enrollment_id: r.enrollmentId };
    },
  );
};
