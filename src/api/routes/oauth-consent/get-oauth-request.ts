// GET /api/v1/oauth/requests/:uid: A client's request for access, for the signed-in person to approve or deny.
// Registered by oauth-consent-routes.ts.
import { readAccessRequest } from "../../../auth/mcp-oauth/consent.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { AccessRequest, gone, person, provider, tags, Uid } from "./common.ts";

export const getOauthRequestRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/oauth/requests/:uid",
    {
      schema: {
        tags,
        summary: "A client's request for access, for the signed-in person to approve or deny",
        params: Uid,
        response: { 200: AccessRequest, ...stdErrors, ...gone },
      },
    },
    async (req) => {
      person("answer a client's request for access", req.principal);
      return readAccessRequest(await provider(deps), req.params.uid, req.principal);
    },
  );
};
