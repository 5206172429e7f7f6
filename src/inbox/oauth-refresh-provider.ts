// The built-in XOAUTH2 access-token providers (issue 12 part 1, docs/mailboxes.md): Google and the
// Microsoft identity platform, both by the OAuth 2.0 refresh-token grant (RFC 6749 section 6), sent
// by openid-client as every OAuth grant of Baton is (src/auth/oauth/oauth-client.ts; issue 58):
//
//   POST <token endpoint>, application/x-www-form-urlencoded:
//     grant_type=refresh_token, client_id, client_secret (when the client has one), refresh_token
//     [, scope: Microsoft only, "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"]
//   200 {access_token, expires_in, token_type, [refresh_token], [scope]}
//   400/401 {error: "invalid_grant" | "invalid_client" | …, error_description}
//
// Google: https://oauth2.googleapis.com/token. Microsoft:
// https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token. Both are overridable (a test points
// them at a local stand-in). The mailbox's refresh token is kept like a password (inbox-secret.ts:
// sealed with BATON_SECRET, or the name of a BATON_MAILBOX_* variable); the OAuth client's id and
// secret are deployment settings (BATON_MAILBOX_GOOGLE_CLIENT_ID, …, see builtinTokenProvider).
//
// An access token is cached per mailbox until SKEW before its expires_in runs out. A refresh token
// the endpoint rotates (Microsoft returns a new one on every refresh) replaces the old one in memory
// and is handed to mailbox.saveRefreshToken (the ingester seals it back into the mailbox's row when
// the token is stored sealed; an environment variable cannot be rewritten). A refresh token refused
// with invalid_grant (revoked, expired, password changed, consent withdrawn) is a stable error that
// asks for new consent, and is not sent again until a new one is stored. Tokens, secrets and the
// endpoint's free-text descriptions never go into an error or a log line.
import crypto from "node:crypto";
import * as oidc from "openid-client";
import { oauthClient, oauthRefusal } from "../auth/oauth/oauth-client.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { AccessTokenProvider, TokenMailbox } from "./access-token.ts";

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
export const microsoftTokenUrl = (tenant: string) =>
  `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
export const MICROSOFT_IMAP_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All offline_access";

export interface RefreshGrantProviderOptions {
  /** the provider's name, as mailboxes name it (mailbox_inboxes.oauth_provider) */
  name: string;
  /** shown in errors: "Google", "Microsoft" */
  label?: string;
  tokenUrl: string;
  clientId: string;
  /** omitted from the request when the client has none (a public client) */
  clientSecret?: string;
  /** sent with every refresh when set (Microsoft) */
  scope?: string;
  /** refresh this long before the access token expires (default 5 minutes) */
  skewMs?: number;
  /** per request (default 15 s) */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

interface CacheEntry {
  /** sha256 of the refresh token the mailbox had stored when this entry was made */
  seed: string;
  /** the refresh token to use next (rotated ones replace the seed) */
  refreshToken: string;
  accessToken: string | null;
  expiresAt: number;
  /** the endpoint answered invalid_grant for refreshToken: do not send it again */
  refused: boolean;
  inFlight: Promise<string> | null;
}

const digest = (s: string) => crypto.createHash("sha256").update(s).digest("base64url");

export interface RefreshGrantProvider extends AccessTokenProvider {
  /** forget the cached tokens (all mailboxes, or one) */
  forget(mailbox?: Pick<TokenMailbox, "clientId" | "mailbox">): void;
}

export function createRefreshGrantProvider(o: RefreshGrantProviderOptions): RefreshGrantProvider {
  const label = o.label ?? o.name;
  const skewMs = o.skewMs ?? 5 * 60_000;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const now = o.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const keyOf = (m: Pick<TokenMailbox, "clientId" | "mailbox">) => `${m.clientId}\u0000${m.mailbox}`;

  const unavailable = (m: TokenMailbox, why: string, facts: Record<string, unknown> = {}) =>
    new BatonError("INBOX_AUTH_UNAVAILABLE", { mailbox: m.mailbox, provider: o.name, why, ...facts });

  const refused = (m: TokenMailbox) =>
    unavailable(
      m,
      `${label} refused the stored OAuth2 refresh token (invalid_grant: expired, revoked or consent withdrawn); the mailbox's owner must consent again and the new refresh token be stored`,
      { oauth_error: "invalid_grant", reconsent: true },
    );

  // openid-client's refresh grant (the one OAuth client, src/auth/oauth/oauth-client.ts)
  const client = oauthClient({
    tokenEndpoint: o.tokenUrl,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    timeoutS: Math.ceil(timeoutMs / 1000),
    fetch: o.fetch,
  });

  async function refresh(m: TokenMailbox, e: CacheEntry): Promise<string> {
    let b: oidc.TokenEndpointResponse;
    try {
      b = await oidc.refreshTokenGrant(client, e.refreshToken, o.scope ? { scope: o.scope } : undefined);
    } catch (err) {
      throw await failed(m, e, err);
    }
    const expiresIn = Number(b.expires_in);
    // without expires_in (it is RECOMMENDED, not required), assume Google's and Microsoft's hour
    const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
    e.accessToken = b.access_token;
    e.expiresAt = now() + lifetimeMs - Math.min(skewMs, lifetimeMs / 2);
    if (typeof b.refresh_token === "string" && b.refresh_token !== "" && b.refresh_token !== e.refreshToken) {
      e.refreshToken = b.refresh_token;
      // best effort: the rotated token stays in memory either way
      await m.saveRefreshToken?.(b.refresh_token).catch(() => {});
    }
    return b.access_token;
  }

  /** The endpoint's error code only (never its description), or the socket's error code. */
  async function failed(m: TokenMailbox, e: CacheEntry, err: unknown): Promise<BatonError> {
    const r = await oauthRefusal(err);
    if (r.status === 0)
      return unavailable(m, `the ${label} token endpoint could not be reached (${r.problem ?? "error"})`);
    const code = r.error && /^[a-z_]{1,64}$/.test(r.error) ? r.error : null;
    if (code === "invalid_grant") {
      e.refused = true;
      e.accessToken = null;
      return refused(m);
    }
    if (code === "invalid_client" || code === "unauthorized_client")
      return unavailable(
        m,
        `${label} refused the OAuth client (${code}); check the client id and secret Baton is configured with`,
        { oauth_error: code },
      );
    if (r.status === 200)
      // a 200 that is not a Bearer token answer: openid-client's reason, never the body
      return unavailable(
        m,
        `the ${label} token endpoint's answer is not a Bearer token (${r.problem ?? ""})`,
      );
    return unavailable(
      m,
      `the ${label} token endpoint answered HTTP ${r.status}${code ? ` (${code})` : ""}`,
      {
        oauth_error: code,
      },
    );
  }

  return {
    name: o.name,
    forget(m) {
      if (m) cache.delete(keyOf(m));
      else cache.clear();
    },
    async getAccessToken(m) {
      const stored = m.refreshToken;
      if (!stored)
        throw unavailable(
          m,
          `no OAuth2 refresh token is stored for it (${label}); set one with the mailbox's XOAUTH2 settings`,
        );
      const key = keyOf(m);
      let e = cache.get(key);
      // a refresh token stored since (new consent) starts over; our own rotated one continues
      if (e && digest(stored) !== e.seed && stored !== e.refreshToken) e = undefined;
      if (!e) {
        e = {
          seed: digest(stored),
          refreshToken: stored,
          accessToken: null,
          expiresAt: 0,
          refused: false,
          inFlight: null,
        };
        cache.set(key, e);
      }
      if (e.refused) throw refused(m);
      if (e.accessToken && now() < e.expiresAt) return e.accessToken;
      // one refresh at a time per mailbox; concurrent callers share it
      if (e.inFlight) return e.inFlight;
      const entry = e;
      const p = refresh(m, entry).finally(() => {
        entry.inFlight = null;
      });
      entry.inFlight = p;
      return p;
    },
  };
}

/** Built-in providers by name, configured from BATON_MAILBOX_* variables (config.inbox.secretEnv). */
export const BUILTIN_TOKEN_PROVIDERS = ["google", "microsoft"] as const;

/**
 * Google: BATON_MAILBOX_GOOGLE_CLIENT_ID, BATON_MAILBOX_GOOGLE_CLIENT_SECRET,
 * BATON_MAILBOX_GOOGLE_TOKEN_URL (default https://oauth2.googleapis.com/token).
 * Microsoft: BATON_MAILBOX_MICROSOFT_CLIENT_ID, BATON_MAILBOX_MICROSOFT_CLIENT_SECRET (none for a
 * public client), BATON_MAILBOX_MICROSOFT_TENANT (default "organizations"),
 * BATON_MAILBOX_MICROSOFT_TOKEN_URL (default https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token).
 */
export function builtinProviderOptions(
  name: string,
  env: Record<string, string | undefined>,
): RefreshGrantProviderOptions | string {
  if (name === "google") {
    const clientId = env.BATON_MAILBOX_GOOGLE_CLIENT_ID;
    if (!clientId) return "set BATON_MAILBOX_GOOGLE_CLIENT_ID and BATON_MAILBOX_GOOGLE_CLIENT_SECRET";
    return {
      name,
      label: "Google",
      tokenUrl: env.BATON_MAILBOX_GOOGLE_TOKEN_URL || GOOGLE_TOKEN_URL,
      clientId,
      clientSecret: env.BATON_MAILBOX_GOOGLE_CLIENT_SECRET || undefined,
    };
  }
  if (name === "microsoft") {
    const clientId = env.BATON_MAILBOX_MICROSOFT_CLIENT_ID;
    if (!clientId) return "set BATON_MAILBOX_MICROSOFT_CLIENT_ID (and BATON_MAILBOX_MICROSOFT_CLIENT_SECRET)";
    return {
      name,
      label: "Microsoft",
      tokenUrl:
        env.BATON_MAILBOX_MICROSOFT_TOKEN_URL ||
        microsoftTokenUrl(env.BATON_MAILBOX_MICROSOFT_TENANT || "organizations"),
      clientId,
      clientSecret: env.BATON_MAILBOX_MICROSOFT_CLIENT_SECRET || undefined,
      scope: MICROSOFT_IMAP_SCOPE,
    };
  }
  return `no access-token provider "${name}" is registered`;
}

const builtins = new Map<string, { config: string; provider: RefreshGrantProvider }>();

/**
 * The built-in provider for google or microsoft under this configuration, made once per process
 * (so its token cache outlives one IMAP session); or why there is none.
 */
export function builtinTokenProvider(
  name: string,
  env: Record<string, string | undefined>,
): RefreshGrantProvider | string {
  const options = builtinProviderOptions(name, env);
  if (typeof options === "string") return options;
  const config = digest(JSON.stringify(options));
  const known = builtins.get(name);
  if (known?.config === config) return known.provider;
  const provider = createRefreshGrantProvider(options);
  builtins.set(name, { config, provider });
  return provider;
}
