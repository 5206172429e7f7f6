// POST /api/v1/replies/triage/decide: one decision for many replies, each decided as alone, in
// order. Registered by reply-triage-routes.ts.
import { decideReplies } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { BulkDecideBody, BulkDecideResult } from "../../schemas/reply-triage.ts";
import { bulkDecisionInput, bulkDecisionResults } from "../../schemas/reply-triage-input.ts";
import { stdErrors } from "../../schemas.ts";
import { tags, triager } from "./common.ts";

export const postTriageDecideRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/replies/triage/decide",
    {
      ...triager("decide replies in triage"),
      schema: {
        tags,
        summary:
          "One decision for many replies (not referral: it names a person a reply); each decided as alone, in order, with its own result",
        body: BulkDecideBody,
        response: { 200: BulkDecideResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const answers = await decideReplies(
        deps.db,
        req.principal,
        b.reply_ids,
        bulkDecisionInput(b),
        deps.now(),
      );
      return { results: bulkDecisionResults(b.reply_ids, answers) };
    },
  );
};
