// GET /api/v1/learning/reply-agreement: how often people agreed with the reply classifier, per
// intent it read and language. Registered by reply-triage-routes.ts.
import { replyAgreement } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { ReplyAgreement } from "../../schemas/reply-triage.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getReplyAgreementRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/reply-agreement",
    {
      schema: {
        tags,
        summary:
          "How often people agreed with the reply classifier, per intent it read and language (replies decided in triage)",
        response: { 200: ReplyAgreement, ...stdErrors },
      },
    },
    async (req) => replyAgreement(deps.db, req.principal),
  );
};
