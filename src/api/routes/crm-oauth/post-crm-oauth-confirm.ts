// POST /api/v1/crm/oauth/:provider/confirm: Confirm a change of the connected CRM account (revops, admin).
// Registered by crm-oauth-routes.ts.
import { Type } from "typebox";
import { confirmCrmAccountChange } from "../../../crm/connect-crm.ts";
import { requireCrmOAuthProvider } from "../../../crm/crm-oauth-providers.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors, Uuid } from "../../schemas.ts";
import { connectors, Provider, ProviderParams } from "./common.ts";

export const postCrmOauthConfirmRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/crm/oauth/:provider/confirm",
    {
      ...connectors,
      schema: {
        tags: ["crm"],
        summary: "Confirm a change of the connected CRM account (revops, admin)",
        description:
          "Makes a grant the callback parked (202) the workspace's connection: its tokens replace the old account's, and the links to the old account's records and the change poll's cursor are dropped, so the next sync finds or creates the records in the new account.",
        params: ProviderParams,
        body: Type.Object({ grant_id: Uuid }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            connected: Type.Literal(true),
            provider: Provider,
            account: Type.String({ description: "the account now connected" }),
            previous_account: Type.String({ description: "the account it replaced" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const crm = requireCrmOAuthProvider(deps.config, req.params.provider);
      const r = await confirmCrmAccountChange(
        deps.db,
        deps.config.secret,
        req.principal,
        crm,
        req.body.grant_id,
        deps.now(),
      );
      return {
        connected: true as const,
        provider: crm.name,
        account: r.account,
        previous_account: r.previous,
      };
    },
  );
};
