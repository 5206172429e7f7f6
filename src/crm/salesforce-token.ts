// Salesforce's OAuth 2.0 web-server flow, token side: POST {login}/services/oauth2/token with
// grant_type=authorization_code (→ access_token, refresh_token, instance_url) or refresh_token
// (→ a new access_token and instance_url; the refresh token stays). Salesforce sends no
// expires_in: an access token is used until the API answers 401 INVALID_SESSION_ID.
// Errors are {error, error_description}: invalid_grant (code used or expired, refresh token
// revoked) means the tenant must connect Salesforce again, so it is permanent.
import { CrmWriteError } from "./builtin-crm.ts";

export interface SalesforceOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** https://login.salesforce.com, https://test.salesforce.com (sandboxes) or a My Domain URL. */
  loginUrl: string;
  apiVersion: string;
}

export interface SalesforceTokens {
  accessToken: string;
  refreshToken?: string;
  instanceUrl: string;
}

export function salesforceAuthorizeUrl(config: SalesforceOAuthConfig): string {
  return `${config.loginUrl.replace(/\/$/, "")}/services/oauth2/authorize`;
}

export function salesforceTokenUrl(config: SalesforceOAuthConfig): string {
  return `${config.loginUrl.replace(/\/$/, "")}/services/oauth2/token`;
}

export async function requestSalesforceToken(
  config: SalesforceOAuthConfig,
  grant:
    | { grant_type: "authorization_code"; code: string; redirect_uri: string }
    | { grant_type: "refresh_token"; refresh_token: string },
  fetchImpl: typeof fetch = fetch,
): Promise<SalesforceTokens> {
  const form = new URLSearchParams({
    ...grant,
    client_id: config.clientId,
    client_secret: config.clientSecret,
  });
  let res: Response;
  try {
    res = await fetchImpl(salesforceTokenUrl(config), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      signal: AbortSignal.timeout(20_000),
    });
  } catch (e) {
    throw new CrmWriteError(`Salesforce token (${grant.grant_type}): ${(e as Error).message}`, false);
  }
  const text = await res.text();
  let j: Record<string, unknown> = {};
  try {
    j = JSON.parse(text);
  } catch {}
  if (!res.ok || typeof j.access_token !== "string" || typeof j.instance_url !== "string") {
    // the answer's error code and description only: never the form, which holds the secrets
    const what = `${String(j.error ?? res.status)}: ${String(j.error_description ?? "no token in the answer")}`;
    throw new CrmWriteError(
      `Salesforce token (${grant.grant_type}) → ${res.status} ${what}`,
      res.status < 500,
      res.status,
    );
  }
  return {
    accessToken: j.access_token,
    refreshToken: typeof j.refresh_token === "string" ? j.refresh_token : undefined,
    instanceUrl: j.instance_url,
  };
}
