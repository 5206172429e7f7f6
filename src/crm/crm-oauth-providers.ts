// The OAuth2 apps of the CRMs Baton connects per tenant, from config (docs/adapters.md). A CRM whose
// app credentials are not configured has no provider here (CRM_PROVIDER_NOT_CONFIGURED).
import type { Config } from "../config/config.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CrmOAuthProvider } from "./crm-oauth.ts";
import { salesforceOAuthProvider } from "./salesforce-oauth.ts";
import type { CrmProviderName } from "./tables.ts";

export type CrmOAuthConfig = Pick<Config, "hubspot"> & Partial<Pick<Config, "salesforce">>;

/** HubSpot's scopes for what docs/adapters.md "HubSpot" syncs (`oauth` is required of every app). */
export const HUBSPOT_SCOPES = [
  "oauth",
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.objects.companies.read",
  "crm.objects.companies.write",
  "crm.objects.deals.read",
  "crm.objects.deals.write",
];

export function hubspotOAuthProvider(c: NonNullable<Config["hubspot"]>): CrmOAuthProvider {
  return {
    name: "hubspot",
    authorizeUrl: c.authUrl,
    tokenUrl: `${c.apiUrl}/oauth/v1/token`,
    scopes: HUBSPOT_SCOPES,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    // GET /oauth/v1/access-tokens/{token}: the token's metadata, whose hub_id webhooks call portalId
    async accountOf(tokens, fetchImpl) {
      const res = await fetchImpl(
        `${c.apiUrl}/oauth/v1/access-tokens/${encodeURIComponent(tokens.accessToken)}`,
        {
          signal: AbortSignal.timeout(20_000),
        },
      );
      if (!res.ok) return undefined;
      const j = (await res.json()) as { hub_id?: number | string };
      return j.hub_id === undefined ? undefined : String(j.hub_id);
    },
  };
}

export function crmOAuthProvider(
  config: CrmOAuthConfig,
  name: CrmProviderName,
): CrmOAuthProvider | undefined {
  switch (name) {
    case "hubspot":
      return config.hubspot ? hubspotOAuthProvider(config.hubspot) : undefined;
    case "salesforce":
      return config.salesforce ? salesforceOAuthProvider(config.salesforce) : undefined;
    default:
      return undefined;
  }
}

export function requireCrmOAuthProvider(config: CrmOAuthConfig, name: CrmProviderName): CrmOAuthProvider {
  const p = crmOAuthProvider(config, name);
  if (!p) throw new BatonError("CRM_PROVIDER_NOT_CONFIGURED", { provider: name });
  return p;
}

/** Where the CRM sends the browser back after the grant (registered in the CRM app as is). */
export function oauthRedirectUri(publicUrl: string, name: CrmProviderName): string {
  return `${publicUrl.replace(/\/$/, "")}/api/v1/crm/oauth/${name}/callback`;
}

export function authorizeUrlOf(provider: CrmOAuthProvider, redirectUri: string, state: string): string {
  const u = new URL(provider.authorizeUrl);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("client_id", provider.clientId);
  u.searchParams.set("redirect_uri", redirectUri);
  u.searchParams.set("scope", provider.scopes.join(" "));
  u.searchParams.set("state", state);
  return u.toString();
}
