// GET /api/v1/reply-models: the tenant's reply model versions, kept or not, with the held-out
// figures each was kept or refused on, and the version its replies are read with now. Registered by
// reply-models-routes.ts.
import { requireRole } from "../../../auth/principal.ts";
import {
  listReplyModels,
  REPLY_MODEL_MIN_EXAMPLES,
  REPLY_MODEL_MIN_HELD_OUT,
  REPLY_MODEL_READER_ROLES,
  REPLY_MODEL_RETRAIN_AFTER,
} from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { ReplyModelVersions } from "../../schemas/reply-models.ts";
import { stdErrors } from "../../schemas.ts";

export const listReplyModelsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/reply-models",
    {
      preValidation: async (req) =>
        requireRole(req.principal, "read the reply model versions", ...REPLY_MODEL_READER_ROLES),
      schema: {
        tags: ["replies"],
        summary:
          "The tenant's reply model versions (trained on its people's triage decisions), kept or not, with their held-out figures (RevOps, slm, admin)",
        response: { 200: ReplyModelVersions, ...stdErrors },
      },
    },
    async (req) => ({
      ...(await listReplyModels(deps.db, req.principal)),
      rule: {
        min_examples: REPLY_MODEL_MIN_EXAMPLES,
        min_held_out: REPLY_MODEL_MIN_HELD_OUT,
        retrain_after: REPLY_MODEL_RETRAIN_AFTER,
      },
    }),
  );
};
