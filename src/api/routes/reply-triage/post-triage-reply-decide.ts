// POST /api/v1/replies/triage/:id/decide: decide one reply; the first decision wins.
// Registered by reply-triage-routes.ts.
import { decideReply } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { DecideBody, DecideResult } from "../../schemas/reply-triage.ts";
import { decisionInput } from "../../schemas/reply-triage-input.ts";
import { stdErrors } from "../../schemas.ts";
import { Params, tags, triager } from "./common.ts";

export const postTriageReplyDecideRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/replies/triage/:id/decide",
    {
      ...triager("decide replies in triage"),
      schema: {
        tags,
        summary:
          "Decide a reply: continue, exit (reason), opt_out, later (date), referral (person), handoff, not_a_reply. The first decision wins (409 REPLY_ALREADY_DECIDED for the next); the same principal repeating it gets the stored outcome",
        params: Params,
        body: DecideBody,
        response: { 200: DecideResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      return decideReply(deps.db, req.principal, decisionInput(req.params.id, b), deps.now());
    },
  );
};
