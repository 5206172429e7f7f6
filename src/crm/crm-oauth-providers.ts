// The OAuth2 apps of the CRMs Baton connects per tenant, from config (docs/adapters.md). A CRM whose
// app credentials are not configured has no provider here (CRM_PROVIDER_NOT_CONFIGURED).
import * as oidc from "openid-client";
import type { Config } from "../config/config.ts";
import { BatonError } from "../errors/baton-error.ts";
import { type CrmOAuthProvider, crmOAuthClient } from "./crm-oauth.ts";
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
  // the objects' schemas: the properties a strict portal requires on create (2026-09)
  "crm.schemas.contacts.read",
  "crm.schemas.companies.read",
  "crm.schemas.deals.read",
];

export function hubspotOAuthProvider(c: NonNullable<Config["hubspot"]>): CrmOAuthProvider {
  return {
    name: "hubspot",
    authorizeUrl: c.authUrl,
    // HubSpot's current token endpoint (its v1 twin is on the legacy track); it takes code_verifier
    // (developers.hubspot.com, OAuth "Create OAuth token": client_id, client_secret, code,
    // code_verifier, grant_type, redirect_uri, refresh_token)
    tokenUrl: `${c.apiUrl}/oauth/v3/token`,
    scopes: HUBSPOT_SCOPES,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    oneWorkspacePerAccount: true,
    // the portal (hub) id webhooks call portalId: in the token answer, else the token's metadata
    // (GET /oauth/v1/access-tokens/{token} → {hub_id, …})
    async accountOf(answer, fetchImpl) {
      if (typeof answer.hub_id === "number" || typeof answer.hub_id === "string")
        return String(answer.hub_id);
      const res = await fetchImpl(
        `${c.apiUrl}/oauth/v1/access-tokens/${encodeURIComponent(answer.access_token)}`,
        { signal: AbortSignal.timeout(20_000) },
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

/** The authorization request (RFC 6749 §4.1.1) with its PKCE challenge (RFC 7636 §4.3, S256). */
export function authorizeUrlOf(
  provider: CrmOAuthProvider,
  redirectUri: string,
  state: string,
  codeChallenge: string,
): string {
  return oidc.buildAuthorizationUrl(crmOAuthClient(provider), {
    redirect_uri: redirectUri,
    scope: provider.scopes.join(" "),
    state,
    code_challenge: codeChallenge,
    code_challenge_method: "S256",
  }).href;
}
