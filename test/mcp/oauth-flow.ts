// Shared by the MCP OAuth tests: an in-memory OAuthClientProvider for the MCP SDK's own OAuth
// client, a person's approval over HTTP (the browser test approves in Chromium instead), and the
// listening app and a connected client the MCP OAuth suites start from.
import { createServer } from "node:net";
import { type OAuthClientProvider, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { expect } from "vitest";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import type { Database } from "../../src/db/connect.ts";
import { type TestApp, testApp } from "../support/app.ts";
import type { Tenant, TestPrincipal } from "../support/tenant.ts";

export class MemoryOAuthClient implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrl: URL | undefined;
  constructor(
    readonly redirectUrl: string,
    readonly name = "Test agent",
    /**
     * how the host identifies itself (issue 71 item 3): the URL of its Client ID Metadata Document
     * (the SDK sends it as the client_id when the server says client_id_metadata_document_supported),
     * or, without one, the token endpoint auth method it registers with
     */
    readonly as: { clientMetadataUrl?: string; authMethod?: string } = {},
  ) {}
  get clientMetadataUrl(): string | undefined {
    return this.as.clientMetadataUrl;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: this.as.authMethod ?? "none",
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The cookies a response sets, as a Cookie header (name=value; …). */
export function cookiesOf(res: Response, jar: Map<string, string> = new Map()): Map<string, string> {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return jar;
}

export function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

export interface Approver {
  baseUrl: string;
  sessionId: string;
  csrfToken: string;
}

/**
 * Follows an authorization URL as a browser would, with the person approving (or denying) on the
 * consent step through the workspace's API; returns the URL the client is sent back to. `jar` is
 * the browser's cookies for the authorization server, kept from one authorization to the next.
 */
export async function authorizeOverHttp(
  authorizationUrl: URL | string,
  who: Approver,
  verdict: "approve" | "deny" = "approve",
  jar = new Map<string, string>(),
): Promise<URL> {
  const first = await fetch(authorizationUrl, { redirect: "manual", headers: { cookie: cookieHeader(jar) } });
  cookiesOf(first, jar);
  const consent = new URL(first.headers.get("location") ?? "", who.baseUrl);
  const uid = consent.pathname.split("/").pop()!;
  if (!consent.pathname.startsWith("/oauth/consent/")) throw new Error(`not the consent page: ${consent}`);
  const answer = await fetch(`${who.baseUrl}/api/v1/oauth/requests/${uid}/${verdict}`, {
    method: "POST",
    headers: {
      cookie: `baton_session=${who.sessionId}`,
      origin: who.baseUrl,
      "x-csrf-token": who.csrfToken,
    },
  });
  if (answer.status !== 200) throw new Error(`answer ${answer.status}: ${await answer.text()}`);
  let next = new URL((await answer.json()).redirect_to, who.baseUrl);
  for (let hop = 0; hop < 5; hop++) {
    if (next.origin !== who.baseUrl) return next;
    const res = await fetch(next, { redirect: "manual", headers: { cookie: cookieHeader(jar) } });
    cookiesOf(res, jar);
    const location = res.headers.get("location");
    if (!location) throw new Error(`no redirect from ${next.pathname}: ${res.status} ${await res.text()}`);
    next = new URL(location, who.baseUrl);
  }
  throw new Error("too many redirects");
}

/** A free loopback port for a server the SDK's client can reach (the OAuth flow needs real HTTP). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The app listening on a free port, its public URL that port (the issuer and the /mcp resource). */
export async function listeningApp(database?: Database): Promise<{ h: TestApp; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const h = await testApp(database, { BATON_PUBLIC_URL: base });
  await h.app.listen({ host: "127.0.0.1", port });
  return { h, base };
}

/** A person of `tenant` signed in to the workspace (a session), ready to approve on the consent step. */
export async function approverFor(
  h: TestApp,
  base: string,
  tenant: Tenant,
  who: TestPrincipal,
): Promise<Approver> {
  const s = await createSession(
    h.database.db,
    { clientId: tenant.clientId, principalId: who.principalId, method: "email_link" },
    h.deps.config.session,
    new Date(),
  );
  return { baseUrl: base, sessionId: s.id, csrfToken: s.csrfToken };
}

/** A client signed in (the SDK's flow, approved over HTTP), optionally asking for other scopes. */
export async function connectedClient(
  h: TestApp,
  base: string,
  tenant: Tenant,
  who: TestPrincipal,
  name: string,
  scope?: string,
) {
  const oauth = new MemoryOAuthClient("http://127.0.0.1:9/callback", name);
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth });
  await expect(new Client({ name, version: "1" }).connect(transport)).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  const url = new URL(oauth.authorizationUrl!);
  if (scope) url.searchParams.set("scope", scope);
  const back = await authorizeOverHttp(url, await approverFor(h, base, tenant, who));
  await transport.finishAuth(back.searchParams.get("code")!);
  const client = new Client({ name, version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth }));
  return { oauth, client };
}
