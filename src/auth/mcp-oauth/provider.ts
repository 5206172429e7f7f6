// Baton as the OAuth 2.1 authorization server of its MCP resource (issue 61 item 4), built on
// oidc-provider: RFC 8414 metadata, RFC 7591 dynamic registration of public clients, authorization
// code with PKCE (S256, required), RFC 8707 resource indicators (the one resource is /mcp),
// 10-minute opaque access tokens, rotating refresh tokens, RFC 7009 revocation. Storage in
// PostgreSQL (pg-adapter.ts). A person approves in the workspace (consent.ts); the provider's own
// pages are never shown but for errors. One provider per database, built on first use.
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Config, OAuthClientMetadataTestHosts } from "../../config/config.ts";
import type { DB } from "../../db/database.ts";
import { parseAccountId } from "./account.ts";
import { pgAdapterFor } from "./pg-adapter.ts";
import { clientSettings, compareSecretsByHash } from "./provider-clients.ts";
import { MCP_SCOPES, mcpResourceUrl } from "./resource.ts";

/** Where the provider's endpoints live (…/oauth/auth, /oauth/token, /oauth/reg, /oauth/token/revocation). */
export const OAUTH_MOUNT = "/oauth";
/** The workspace page a person approves on (web/src/pages/oauth-consent-page.tsx). */
export const CONSENT_PATH = "/oauth/consent";

export const ACCESS_TOKEN_TTL_S = 600;
const REFRESH_TOKEN_TTL_S = 14 * 24 * 3600;
const GRANT_TTL_S = 90 * 24 * 3600;

export interface ProviderOptions {
  db: Kysely<DB>;
  publicUrl: string;
  secret: string;
  /** tests only: their stand-in hosts of client metadata documents (read at each fetch) */
  clientMetadataTestHosts?: () => OAuthClientMetadataTestHosts | undefined;
}

/**
 * How long a fetched Client ID Metadata Document is used (s): its Cache-Control max-age (or
 * Expires), kept within these bounds, in the provider's cache of the last 100 documents.
 */
export const CLIENT_METADATA_CACHE_S = { min: 60, max: 24 * 3600 };

// oidc-provider ships no types; this is what Baton uses of it
export type OAuthProvider = any;

/** The options of the app's provider, from its configuration (read again at each use: tests set it late). */
export function providerOptions(
  db: Kysely<DB>,
  config: Pick<Config, "publicUrl" | "secret" | "oauthClientMetadataTestHosts">,
): ProviderOptions {
  return {
    db,
    publicUrl: config.publicUrl,
    secret: config.secret,
    clientMetadataTestHosts: () => config.oauthClientMetadataTestHosts,
  };
}

const providers = new WeakMap<Kysely<DB>, Promise<OAuthProvider>>();

export function oauthProvider(opts: ProviderOptions): Promise<OAuthProvider> {
  let p = providers.get(opts.db);
  if (!p) {
    p = buildProvider(opts);
    providers.set(opts.db, p);
  }
  return p;
}

/** Why a client metadata document failed, when the provider kept the reason (its error's detail). */
function metadataDocumentProblem(err: { error_detail?: unknown } | undefined): string {
  return typeof err?.error_detail === "string" ? err.error_detail.slice(0, 300) : "";
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function buildProvider({
  db,
  publicUrl,
  secret,
  clientMetadataTestHosts,
}: ProviderOptions): Promise<OAuthProvider> {
  const pkg = "oidc-provider"; // a variable: the package ships no types
  const { default: Provider, errors, interactionPolicy } = await import(pkg);
  const issuer = publicUrl.replace(/\/+$/, "");
  const resource = mcpResourceUrl(publicUrl);
  // signs nothing Baton relies on (access tokens are opaque; no ID tokens are asked for): a key per process
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), use: "sig", alg: "RS256" };
  const cookieKey = createHmac("sha256", secret).update("baton mcp oauth cookies").digest("base64url");

  // A person approves every authorization, having read where its code goes (issue 73 item 2). By
  // default the provider asks again only for scopes not yet granted: a client registered with two
  // redirect URIs, approved for the one on the person's computer, then got a code sent to its other,
  // https://evil.example, by the same browser within the provider's 10-minute session, unseen.
  const policy = interactionPolicy.base();
  policy
    .get("consent")
    .checks.unshift(
      new interactionPolicy.Check(
        "baton_person_approves_each",
        "a person approves each authorization, reading where its code goes",
        "consent_required",
        (ctx: any) =>
          ctx.oidc.result?.consent
            ? interactionPolicy.Check.NO_NEED_TO_PROMPT
            : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const provider = new Provider(issuer, {
    adapter: pgAdapterFor(db),
    jwks: { keys: [jwk] },
    cookies: {
      keys: [cookieKey],
      long: { signed: true, httpOnly: true, sameSite: "lax", path: OAUTH_MOUNT },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
    },
    ...clientSettings(errors, clientMetadataTestHosts),
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    },
    responseTypes: ["code"],
    pkce: { required: () => true },
    // listed here too, so a client may register with them (RFC 7591 `scope`); they are granted on
    // the /mcp resource (consent.ts)
    scopes: ["offline_access", ...MCP_SCOPES],
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      userinfo: { enabled: false },
      // no sign-out through the provider (its endpoint is not routed): no end_session_endpoint in
      // the metadata, and no post_logout_redirect_uris a client could register to point elsewhere
      rpInitiatedLogout: { enabled: false },
      registration: { enabled: true },
      // issue 71 item 3: a client_id that is an https URL names the client's own metadata document
      // (draft-ietf-oauth-client-id-metadata-document), fetched safely (client-metadata-fetch.ts)
      // and cached; the provider refuses a document whose client_id is not its URL, or that holds
      // a secret; its redirect URIs pass the same rules as a registration's (extraClientMetadata);
      // the metadata says client_id_metadata_document_supported
      clientIdMetadataDocument: {
        enabled: true,
        ack: "draft-02",
        cacheDuration: CLIENT_METADATA_CACHE_S,
      },
      // a client revokes only its own tokens (RFC 7009 §2.1)
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: any, token: any) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: MCP_SCOPES.join(" "),
            audience: resource,
            accessTokenTTL: ACCESS_TOKEN_TTL_S,
            accessTokenFormat: "opaque",
          };
        },
      },
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_S,
      AuthorizationCode: 60,
      RefreshToken: REFRESH_TOKEN_TTL_S,
      Grant: GRANT_TTL_S,
      Interaction: 600,
      Session: 600,
    },
    issueRefreshToken: async (_ctx: unknown, client: any) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    // the provider's own error page (a bad redirect URI, an unknown client): plain words, no script
    // (a client metadata document's failure says why: client-metadata-fetch.ts words it for people)
    renderError: async (
      ctx: any,
      out: { error: string; error_description?: string },
      err?: { error_detail?: unknown },
    ) => {
      const why = /client_id metadata document/.test(out.error_description ?? "")
        ? metadataDocumentProblem(err)
        : "";
      ctx.type = "html";
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in refused</title></head><body><h1>This sign-in was refused</h1><p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? "")}${why ? `: ${escapeHtml(why)}` : ""}</p><p>Go back to the agent and connect again.</p></body></html>`;
    },
    interactions: {
      policy,
      url: async (_ctx: unknown, interaction: any) => `${CONSENT_PATH}/${interaction.uid}`,
    },
    // the account is the person who approved, while they are an active person of the tenant
    findAccount: async (_ctx: unknown, sub: string) => {
      const ref = parseAccountId(sub);
      if (!ref) return undefined;
      const person = await db
        .selectFrom("principals")
        .select("principal_id")
        .where("client_id", "=", ref.clientId)
        .where("principal_id", "=", ref.principalId)
        .where("kind", "=", "person")
        .where("deactivated_at", "is", null)
        .executeTakeFirst();
      return person ? { accountId: sub, claims: async () => ({ sub }) } : undefined;
    },
  });
  // the provider (koa) reads the protocol and host of its endpoints' URLs from the request.
  // oauth-server-routes.ts overwrites Host, X-Forwarded-Host, -Proto and -For with the public URL
  // and the connection's address and drops Forwarded and X-Forwarded-Port before every request it
  // hands over, so a client's headers change nothing (issue 73 item 2; Baton trusts no proxy and has
  // no setting to trust one). `proxy` is on only so koa reads those headers Baton wrote: off, it
  // would take the protocol from the socket, and a public https URL served behind a TLS terminator
  // would give http endpoints and refuse its secure cookies.
  provider.proxy = true;
  compareSecretsByHash(provider);
  return provider;
}
