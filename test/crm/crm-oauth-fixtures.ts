// A person connecting a CRM as a browser does it (issue 58, Deliver 2): signed in to Baton (a session
// cookie), start the grant, approve it at the CRM stand-in's authorize page (it redirects back at once
// with a code bound to the authorize request's PKCE challenge), and land on Baton's callback with
// the browser's cookie.
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { hubspotEnv } from "./hubspot-fixtures.ts";
import { approveAt } from "./salesforce-fixtures.ts";

type Provider = "hubspot" | "salesforce";

/** A browser signed in to Baton as this person: its Cookie header. */
export async function browserOf(h: TestApp, p: { clientId: string; principalId: string }) {
  const s = await createSession(
    h.database.db,
    { clientId: p.clientId, principalId: p.principalId, method: "email_link" },
    h.deps.config.session,
    h.deps.now(),
  );
  return { cookie: `baton_session=${s.id}` };
}

/** GET …/start with these headers (a cookie or a bearer token); the authorize URL and its state. */
export async function startGrant(h: TestApp, provider: Provider, headers: Record<string, string>) {
  const res = await h.app.inject({ method: "GET", url: `/api/v1/crm/oauth/${provider}/start`, headers });
  if (res.statusCode !== 200) throw new Error(`start answered ${res.statusCode}: ${res.body}`);
  const { authorize_url, redirect_uri } = res.json() as { authorize_url: string; redirect_uri: string };
  return { authorizeUrl: authorize_url, redirectUri: redirect_uri };
}

/** The CRM's redirect back to Baton after the person approved: the callback's query. */
export async function approve(authorizeUrl: string): Promise<URLSearchParams> {
  return (await approveAt(authorizeUrl)).to.searchParams;
}

/** The browser lands on the callback with this query (and its cookie, when it has one). */
export function callback(
  h: TestApp,
  provider: Provider,
  query: URLSearchParams,
  browser?: { cookie: string },
) {
  return h.app.inject({
    method: "GET",
    url: `/api/v1/crm/oauth/${provider}/callback?${query}`,
    headers: browser ? { cookie: browser.cookie } : {},
  });
}

/** start → approve → callback, all in one signed-in browser. */
export async function connectInBrowser(h: TestApp, provider: Provider, browser: { cookie: string }) {
  const { authorizeUrl } = await startGrant(h, provider, browser);
  return callback(h, provider, await approve(authorizeUrl), browser);
}

/** The HubSpot stand-in and an app configured for it (a test file's beforeAll). */
export async function startHubSpotApp(): Promise<{ h: TestApp; hs: HubSpotStandIn; close(): Promise<void> }> {
  const hs = await startHubSpotStandIn();
  const h = await testApp(undefined, hubspotEnv(hs));
  const close = async () => {
    await h.close();
    await hs.close();
  };
  return { h, hs, close };
}

/** The workspace's stored CRM tokens (sealed), to show what a refusal left unchanged. */
export const tokensOf = (h: TestApp, clientId: string) =>
  h.database.db.selectFrom("crm_oauth_tokens").selectAll().where("client_id", "=", clientId).execute();

/** [status, error code] of an answer. */
export const refusal = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().error?.code];
