// A local stand-in for an OAuth 2.0 authorization server, speaking the documented contract of
// Google's (POST /token) and the Microsoft identity platform's (POST /{tenant}/oauth2/v2.0/token)
// refresh-token grant (RFC 6749 section 6), plus RFC 7662 token introspection (POST /introspect,
// which the test Dovecot asks about each XOAUTH2 / OAUTHBEARER login).
//   - a known refresh token (and client id / secret) gets {access_token, expires_in, token_type,
//     scope}; with `rotate`, also a new refresh_token, and the old one stops working (stricter
//     than Microsoft, so a provider that keeps using the old one fails);
//   - an unknown, revoked or rotated-away refresh token gets 400 {error: "invalid_grant"};
//   - a wrong client gets 401 {error: "invalid_client"};
//   - introspection answers active, with the mailbox's username, for the access tokens it issued.
import http from "node:http";

export interface StandinGrant {
  /** the IMAP username the access tokens are for */
  username: string;
  /** tenant path segment for Microsoft-style endpoints; Google-style when unset */
  tenant?: string;
  clientId: string;
  clientSecret?: string;
  /** answer each refresh with a new refresh token (Microsoft does) */
  rotate?: boolean;
  expiresIn?: number;
}

export interface TokenRequest {
  path: string;
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface OAuthStandin {
  url: string;
  /** every token request, in order */
  requests: TokenRequest[];
  /** makes refreshToken valid for grant */
  addRefreshToken(refreshToken: string, grant: StandinGrant): void;
  revoke(refreshToken: string): void;
  /** the refresh tokens valid now for a username */
  validRefreshTokens(username: string): string[];
  /** a token endpoint that answers 503 until set back */
  failWith(status: number | null): void;
  /** extra access tokens introspection accepts, with their username */
  acceptAccessToken(token: string, username: string): void;
  close(): Promise<void>;
}

export async function startOAuthStandin(): Promise<OAuthStandin> {
  const refresh = new Map<string, StandinGrant>();
  const access = new Map<string, string>();
  const requests: TokenRequest[] = [];
  let failing: number | null = null;
  let n = 0;

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const json = (status: number, v: unknown) => {
        res.statusCode = status;
        res.setHeader("content-type", "application/json");
        res.setHeader("cache-control", "no-store");
        res.end(JSON.stringify(v));
      };
      const form = Object.fromEntries(new URLSearchParams(body));
      const path = (req.url ?? "").split("?")[0]!;
      if (req.method !== "POST") return json(405, { error: "invalid_request" });
      if (path === "/introspect") {
        const user = access.get(form.token ?? "");
        return json(200, user ? { active: true, username: user } : { active: false });
      }
      const ms = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      if (path !== "/token" && !ms) return json(404, { error: "not_found" });
      requests.push({ path, contentType: req.headers["content-type"], form });
      if (failing) return json(failing, { error: "temporarily_unavailable" });
      if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded"))
        return json(400, { error: "invalid_request", error_description: "form-encoded body expected" });
      if (form.grant_type !== "refresh_token") return json(400, { error: "unsupported_grant_type" });
      const g = refresh.get(form.refresh_token ?? "");
      // the error_description carries the refresh token: a provider must not repeat it
      if (!g || (g.tenant ?? null) !== (ms?.[1] ?? null))
        return json(400, {
          error: "invalid_grant",
          error_description: `AADSTS70000: the provided grant ${form.refresh_token} is expired or revoked`,
        });
      if (form.client_id !== g.clientId || (g.clientSecret && form.client_secret !== g.clientSecret))
        return json(401, { error: "invalid_client", error_description: `bad secret ${form.client_secret}` });
      if (g.tenant && !(form.scope ?? "").split(" ").includes("offline_access"))
        return json(400, { error: "invalid_scope" });
      n++;
      const token = `ya29.standin-${n}`;
      access.set(token, g.username);
      const out: Record<string, unknown> = {
        access_token: token,
        expires_in: g.expiresIn ?? 3599,
        token_type: "Bearer",
        scope: form.scope ?? "https://mail.google.com/",
      };
      if (g.rotate) {
        const next = `rt-rotated-${n}`;
        refresh.delete(form.refresh_token!);
        refresh.set(next, g);
        out.refresh_token = next;
      }
      return json(200, out);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addRefreshToken: (t, g) => refresh.set(t, g),
    revoke: (t) => refresh.delete(t),
    validRefreshTokens: (u) => [...refresh].filter(([, g]) => g.username === u).map(([t]) => t),
    failWith: (s) => {
      failing = s;
    },
    acceptAccessToken: (t, u) => access.set(t, u),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
