// POST /api/v1/coordinator/preview: What the coordinator would decide for a proposed enrollment or step; writes nothing.
// Registered by coordinator-preview-routes.ts.
import { previewDecision } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { PreviewBody, PreviewResult } from "../../schemas/coordinator.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postCoordinatorPreviewRoute: RouteModule = (app, deps) => {
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
