// What the routes of crm-oauth-routes.ts share.
import { Type } from "typebox";
import { type Principal, requireRole } from "../../../auth/principal.ts";
import type { ConnectSettings } from "../../../crm/connect-crm.ts";
import { requireCrmOAuthProvider } from "../../../crm/crm-oauth-providers.ts";
import type { CrmProviderName } from "../../../crm/tables.ts";
import type { AppDeps } from "../../context.ts";

export const Provider = Type.Union([Type.Literal("hubspot"), Type.Literal("salesforce")], {
  description: "the CRM: hubspot or salesforce",
});
export const ProviderParams = Type.Object({ provider: Provider });
export function settings(deps: AppDeps, name: CrmProviderName): ConnectSettings {
  return {
    secret: deps.config.secret,
    publicUrl: deps.config.publicUrl,
    provider: requireCrmOAuthProvider(deps.config, name),
  };
}
/** The role before the arguments (a rep is told FORBIDDEN_ROLE, not that a CRM is unconfigured). */
export const connectors = {
  preValidation: async (req: { principal: Principal }) =>
    requireRole(req.principal, "connect the CRM", "revops", "admin"),
};
