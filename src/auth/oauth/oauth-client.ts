// One OAuth 2.0 client for the grants Baton holds for a workspace or a mailbox (issue 58, Deliver 2):
// openid-client 6 over a provider's endpoints. HubSpot, Salesforce, Google's and Microsoft's token
// endpoints are plain OAuth 2.0 (RFC 6749), so their server metadata (RFC 8414) is written here by
// hand instead of discovered. The client authenticates with client_secret_post (its id and secret
// in the form, as HubSpot's token endpoint requires), or as a public client (none) without a secret.
// Plain http is allowed only to a loopback host (the tests' stand-ins, a local provider).
//
// A refusal is read into { status, error, description }: the RFC 6749 §5.2 error code, or HubSpot's
// own shape ({status: "BAD_AUTH_CODE", message}); never the answer's body, which could echo a token.
import * as oidc from "openid-client";

export interface OAuthClientSettings {
  tokenEndpoint: string;
  authorizationEndpoint?: string;
  /** RFC 8414 issuer; default the token endpoint's origin (only an OpenID provider's is checked) */
  issuer?: string;
  clientId: string;
  /** none for a public client */
  clientSecret?: string;
  /** per request, seconds (openid-client's unit); default 20 */
  timeoutS?: number;
  fetch?: typeof fetch;
}

/** This machine: the one host an OAuth or OpenID endpoint may be reached over plain http. */
export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

/** Throws when an endpoint is plain http to another host than this machine. */
function insecureAllowed(urls: string[]): boolean {
  let insecure = false;
  for (const u of urls) {
    const url = new URL(u);
    if (url.protocol === "http:") {
      if (!isLoopback(url.hostname)) throw new Error(`the OAuth endpoint ${url.origin} must use https`);
      insecure = true;
    } else if (url.protocol !== "https:") throw new Error(`the OAuth endpoint ${url.origin} is not http(s)`);
  }
  return insecure;
}

export function oauthClient(s: OAuthClientSettings): oidc.Configuration {
  const urls = [s.tokenEndpoint, ...(s.authorizationEndpoint ? [s.authorizationEndpoint] : [])];
  const insecure = insecureAllowed(urls);
  const config = new oidc.Configuration(
    {
      issuer: s.issuer ?? new URL(s.tokenEndpoint).origin,
      token_endpoint: s.tokenEndpoint,
      ...(s.authorizationEndpoint ? { authorization_endpoint: s.authorizationEndpoint } : {}),
    },
    s.clientId,
    s.clientSecret ? { client_secret: s.clientSecret } : undefined,
    s.clientSecret ? oidc.ClientSecretPost(s.clientSecret) : oidc.None(),
  );
  config.timeout = s.timeoutS ?? 20;
  if (insecure) oidc.allowInsecureRequests(config);
  const f = s.fetch;
  if (f) config[oidc.customFetch] = (url, options) => f(url, options as RequestInit);
  return config;
}

export interface OAuthRefusal {
  /** the HTTP status of the answer; 0 when none came (unreachable, timed out) */
  status: number;
  /** RFC 6749's error code (invalid_grant, …) or the provider's own code; null when none */
  error: string | null;
  /** the provider's description (free text: CRM errors may show it, mailbox errors do not) */
  description: string | null;
  /** what went wrong when it is not the provider's answer (a socket error code, a malformed answer) */
  problem: string | null;
}

const CODE = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const code = (v: unknown) => (typeof v === "string" && CODE.test(v) ? v : null);
const text = (v: unknown) => (typeof v === "string" && v ? v.slice(0, 300) : null);

/** What a token request's failure says, without its body or any token. */
export async function oauthRefusal(e: unknown): Promise<OAuthRefusal> {
  if (e instanceof oidc.ResponseBodyError)
    return { status: e.status, error: code(e.error), description: text(e.error_description), problem: null };
  if (e instanceof oidc.AuthorizationResponseError)
    return { status: 0, error: code(e.error), description: text(e.error_description), problem: null };
  const cause = (e as { cause?: unknown })?.cause;
  if (cause instanceof Response) {
    // not RFC 6749's error shape: HubSpot's {status, message}, or no JSON at all
    const body = (await cause.json().catch(() => null)) as Record<string, unknown> | null;
    return {
      status: cause.status,
      error: code(body?.error) ?? code(body?.status),
      description: text(body?.error_description) ?? text(body?.message),
      problem: body ? null : "the answer is not JSON",
    };
  }
  // fetch failed: the socket's error code only (ECONNREFUSED, a timeout), nothing of the request
  const c = (cause as { code?: unknown } | undefined)?.code;
  const name = (e as { name?: string })?.name;
  if (e instanceof TypeError || name === "AbortError" || name === "TimeoutError")
    return {
      status: 0,
      error: null,
      description: null,
      problem: typeof c === "string" ? c.slice(0, 40) : (name ?? "unreachable"),
    };
  return { status: 200, error: null, description: null, problem: (e as Error)?.message?.slice(0, 200) ?? "" };
}

/** "invalid_grant: the code expired" / "HTTP 503" / "ECONNREFUSED": for an error's `why`. */
export function describeRefusal(r: OAuthRefusal, withDescription: boolean): string {
  const parts = [r.error, withDescription ? r.description : null, r.problem].filter(Boolean);
  return parts.length ? parts.join(": ") : `HTTP ${r.status}`;
}
