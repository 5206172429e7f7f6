// POST /api/v1/oauth/requests/:uid/{approve,deny}: Approve or deny a client's request for access.
// Registered by oauth-consent-routes.ts, once for each verdict.
import { answerAccessRequest } from "../../../auth/mcp-oauth/consent.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Answer, gone, person, provider, tags, Uid } from "./common.ts";

export const postOauthRequestVerdictRoute = (app: BatonApp, deps: AppDeps, verdict: "approve" | "deny") => {
  app.post(
    `/api/v1/oauth/requests/:uid/${verdict}`,
    {
      schema: {
        tags,
        summary:
          verdict === "approve"
            ? "Approve: the client acts for you on /mcp with the scopes asked, never beyond your roles"
            : "Deny the client's request",
        params: Uid,
        response: { 200: Answer, ...stdErrors, ...gone },
      },
    },
    async (req) => {
      person("answer a client's request for access", req.principal);
      const to = await answerAccessRequest(
        await provider(deps),
        req.params.uid,
        req.principal,
        verdict === "approve",
      );
      return { redirect_to: to };
    },
  );
};
