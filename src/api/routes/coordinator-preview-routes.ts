// POST /api/v1/coordinator/preview (issue 37 item 2): the coordinator's verdict on a proposed
// action, writing nothing. Thin: parse, call previewDecision (src/coordinator/preview-decision.ts).
import { Type } from "typebox";
import { previewDecision } from "../../coordinator/index.ts";
import type { RouteModule } from "../context.ts";
import { IsoTime, stdErrors } from "../schemas.ts";

const tags = ["coordinator"];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PreviewBody = Type.Object(
  {
    contact_id: Type.String({ maxLength: 64 }),
    campaign: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "campaign id or slug: preview an enrollment" }),
    ),
    enrollment_id: Type.Optional(
      Type.String({ maxLength: 64, description: "preview this enrollment's current step" }),
    ),
    sequence_type: Type.Optional(
      Type.String({ maxLength: 32, description: "sales | nurture | marketing | transactional | abm" }),
    ),
    channel: Type.Optional(Type.String({ maxLength: 32, description: "email | linkedin (echoed in facts)" })),
    as_resumed: Type.Optional(
      Type.Boolean({ description: "with enrollment_id: a paused enrollment's step as decided once resumed" }),
    ),
  },
  { additionalProperties: false },
);

export const PreviewResult = Type.Object({
  verdict: Type.Union([Type.Literal("allowed"), Type.Literal("queued"), Type.Literal("blocked")]),
  action: Type.String({ description: "allow | hold | queue | block, as the real call would decide" }),
  gate: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  reason: Nullable(Type.String()),
  until: Nullable(IsoTime),
  trace: Type.Array(
    Type.Object({ gate: Type.Integer(), outcome: Type.String(), reason: Nullable(Type.String()) }),
  ),
  facts: Type.Object({
    kind: Type.String({ description: "activation | step" }),
    sequence_type: Type.String(),
    campaign: Nullable(Type.String()),
    enrollment_id: Nullable(Type.String()),
    channel: Nullable(Type.String()),
    touches_in_window: Type.Integer(),
    weekly_touch_cap: Type.Integer(),
    touches_today: Type.Integer(),
    daily_touch_cap: Type.Integer(),
    time_zone: Type.String(),
    opted_out: Type.Boolean(),
    unsubscribed: Type.Boolean(),
    icp_tier: Nullable(Type.String()),
    abm_active: Type.Boolean(),
    suppressed: Type.Boolean(),
    erased: Type.Boolean(),
    concurrent: Type.Array(
      Type.Object({ enrollment_id: Type.String(), sequence_type: Type.String(), status: Type.String() }),
    ),
  }),
});

export const coordinatorPreviewRoutes: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/coordinator/preview",
    {
      schema: {
        tags,
        summary: "What the coordinator would decide for a proposed enrollment or step; writes nothing",
        body: PreviewBody,
        response: { 200: PreviewResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const p = await previewDecision(
        deps.db,
        req.principal,
        {
          contactId: b.contact_id,
          campaign: b.campaign,
          enrollmentId: b.enrollment_id,
          sequenceType: b.sequence_type,
          channel: b.channel,
          asResumed: b.as_resumed,
        },
        deps.now(),
      );
      return { ...p, until: p.until ? p.until.toISOString() : null };
    },
  );
};
