// The built-in XOAUTH2 access-token providers (Google, Microsoft) against a local stand-in for the
// token endpoint (node:http, the documented refresh-token grant): the request they send, caching
// until shortly before expires_in, one refresh for concurrent callers, Microsoft's rotated refresh
// token, invalid_grant as a stable "consent again" error that is not retried, other errors, and
// that no token or secret ever appears in an error.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TokenMailbox } from "../../src/inbox/access-token.ts";
import {
  builtinProviderOptions,
  builtinTokenProvider,
  createRefreshGrantProvider,
  GOOGLE_TOKEN_URL,
  MICROSOFT_IMAP_SCOPE,
} from "../../src/inbox/oauth-refresh-provider.ts";
import { type OAuthStandin, startOAuthStandin } from "./oauth-standin.ts";

const GOOGLE_SECRET = "GOCSPX-google-client-secret";
const MS_SECRET = "ms~client~secret";

describe("XOAUTH2 access-token providers (refresh-token grant)", () => {
  let standin: OAuthStandin;
  let clock = 1_000_000;
  const now = () => clock;

  beforeAll(async () => {
    standin = await startOAuthStandin();
  });
  afterAll(() => standin?.close());

  const google = (over: Partial<Parameters<typeof createRefreshGrantProvider>[0]> = {}) =>
    createRefreshGrantProvider({
      ...(builtinProviderOptions("google", {
        BATON_MAILBOX_GOOGLE_CLIENT_ID: "google-client",
        BATON_MAILBOX_GOOGLE_CLIENT_SECRET: GOOGLE_SECRET,
        BATON_MAILBOX_GOOGLE_TOKEN_URL: `${standin.url}/token`,
      }) as Parameters<typeof createRefreshGrantProvider>[0]),
      now,
      ...over,
    });
  const mailbox = (refreshToken: string, over: Partial<TokenMailbox> = {}): TokenMailbox => ({
    clientId: "acme",
    mailbox: "rep@acme.test",
    username: "rep@acme.test",
    provider: "google",
    refreshToken,
    ...over,
  });
  const requestsSince = (k: number) => standin.requests.slice(k);

  it("Google: POSTs the form-encoded refresh grant to the token endpoint and returns the access token", async () => {
    standin.addRefreshToken("1//google-rt", {
      username: "rep@acme.test",
      clientId: "google-client",
      clientSecret: GOOGLE_SECRET,
    });
    const p = google();
    const k = standin.requests.length;
    const token = await p.getAccessToken(mailbox("1//google-rt"));
    expect(token).toMatch(/^ya29\.standin-/);
    const [req] = requestsSince(k);
    expect(req).toEqual({
      path: "/token",
      // openid-client names the charset (RFC 6749 appendix B: the form is UTF-8)
      contentType: "application/x-www-form-urlencoded;charset=UTF-8",
      form: {
        grant_type: "refresh_token",
        client_id: "google-client",
        client_secret: GOOGLE_SECRET,
        refresh_token: "1//google-rt",
      },
    });
  });

  it("caches the access token until 5 minutes before expires_in, and refreshes once for concurrent callers", async () => {
    standin.addRefreshToken("1//cache-rt", {
      username: "rep@acme.test",
      clientId: "google-client",
      clientSecret: GOOGLE_SECRET,
      expiresIn: 3600,
    });
    const p = google();
    const m = mailbox("1//cache-rt");
    const k = standin.requests.length;
    const [a, b, c] = await Promise.all([p.getAccessToken(m), p.getAccessToken(m), p.getAccessToken(m)]);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(requestsSince(k)).toHaveLength(1);
    clock += 54 * 60_000; // 54 min: still within the hour minus 5 min
    expect(await p.getAccessToken(m)).toBe(a);
    expect(requestsSince(k)).toHaveLength(1);
    clock += 2 * 60_000; // 56 min: inside the last 5 minutes
    const fresh = await p.getAccessToken(m);
    expect(fresh).not.toBe(a);
    expect(requestsSince(k)).toHaveLength(2);
    // another mailbox has its own token
    standin.addRefreshToken("1//other-rt", { username: "b@acme.test", clientId: "google-client" });
    const other = await p.getAccessToken(mailbox("1//other-rt", { mailbox: "b@acme.test" }));
    expect(other).not.toBe(fresh);
    expect(requestsSince(k)).toHaveLength(3);
  });

  it("Microsoft: tenant path, IMAP scope with offline_access; a rotated refresh token is used next and handed back to be stored", async () => {
    const opts = builtinProviderOptions("microsoft", {
      BATON_MAILBOX_MICROSOFT_CLIENT_ID: "ms-client",
      BATON_MAILBOX_MICROSOFT_CLIENT_SECRET: MS_SECRET,
      BATON_MAILBOX_MICROSOFT_TENANT: "contoso.onmicrosoft.com",
    });
    expect(opts).toMatchObject({
      tokenUrl: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
      scope: "https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
    });
    expect(
      builtinProviderOptions("microsoft", { BATON_MAILBOX_MICROSOFT_CLIENT_ID: "x" }) as { tokenUrl: string },
    ).toMatchObject({ tokenUrl: "https://login.microsoftonline.com/organizations/oauth2/v2.0/token" });
    const p = createRefreshGrantProvider({
      ...(opts as Parameters<typeof createRefreshGrantProvider>[0]),
      tokenUrl: `${standin.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`,
      now,
    });
    standin.addRefreshToken("M.R3_first", {
      username: "ms@acme.test",
      tenant: "contoso.onmicrosoft.com",
      clientId: "ms-client",
      clientSecret: MS_SECRET,
      rotate: true,
      expiresIn: 3600,
    });
    const saved: string[] = [];
    let stored = "M.R3_first";
    const m = () =>
      mailbox(stored, {
        mailbox: "ms@acme.test",
        username: "ms@acme.test",
        provider: "microsoft",
        saveRefreshToken: async (t) => {
          saved.push(t);
          stored = t;
        },
      });
    const k = standin.requests.length;
    await p.getAccessToken(m());
    const [first] = requestsSince(k);
    expect(first!.path).toBe("/contoso.onmicrosoft.com/oauth2/v2.0/token");
    expect(first!.form).toEqual({
      grant_type: "refresh_token",
      client_id: "ms-client",
      client_secret: MS_SECRET,
      refresh_token: "M.R3_first",
      scope: MICROSOFT_IMAP_SCOPE,
    });
    expect(saved).toHaveLength(1);
    expect(standin.validRefreshTokens("ms@acme.test")).toEqual([saved[0]]);
    // expired: the refresh uses the rotated token (the stand-in no longer knows the first one)
    clock += 3600_000;
    await p.getAccessToken(m());
    expect(requestsSince(k)[1]!.form.refresh_token).toBe(saved[0]);
    expect(saved).toHaveLength(2);
    // kept in memory even when it cannot be stored (an environment-variable reference)
    clock += 3600_000;
    await p.getAccessToken(mailbox("M.R3_first", { mailbox: "ms@acme.test", provider: "microsoft" }));
    expect(requestsSince(k)[2]!.form.refresh_token).toBe(saved[1]);
  });

  it("invalid_grant: a stable error asking for new consent, without the token or the endpoint's words; not sent again until a new refresh token is stored", async () => {
    const p = google();
    const k = standin.requests.length;
    const err = await p.getAccessToken(mailbox("1//revoked-rt")).catch((e) => e);
    expect(err).toMatchObject({
      name: "BatonError",
      code: "INBOX_AUTH_UNAVAILABLE",
      facts: { mailbox: "rep@acme.test", provider: "google", oauth_error: "invalid_grant", reconsent: true },
    });
    expect(err.message).toContain("refused the stored OAuth2 refresh token (invalid_grant");
    expect(err.message).toContain("consent again");
    expect(err.nextAction).toMatch(/consent again/);
    const all = `${err.message} ${JSON.stringify(err)} ${err.stack}`;
    for (const secret of ["1//revoked-rt", GOOGLE_SECRET, "AADSTS70000"]) expect(all).not.toContain(secret);
    // the same dead token is not sent again
    await expect(p.getAccessToken(mailbox("1//revoked-rt"))).rejects.toMatchObject({
      facts: { oauth_error: "invalid_grant" },
    });
    expect(requestsSince(k)).toHaveLength(1);
    // new consent: a new refresh token is stored, and it is used
    standin.addRefreshToken("1//new-consent-rt", {
      username: "rep@acme.test",
      clientId: "google-client",
      clientSecret: GOOGLE_SECRET,
    });
    expect(await p.getAccessToken(mailbox("1//new-consent-rt"))).toMatch(/^ya29\./);
    expect(requestsSince(k)).toHaveLength(2);
  });

  it("a refused client, an unavailable endpoint, an unreachable one and a missing refresh token are errors without secrets", async () => {
    standin.addRefreshToken("1//client-rt", {
      username: "rep@acme.test",
      clientId: "google-client",
      clientSecret: GOOGLE_SECRET,
    });
    const wrong = google({ clientSecret: "wrong-secret" });
    const e1 = await wrong.getAccessToken(mailbox("1//client-rt")).catch((e) => e);
    expect(e1).toMatchObject({ code: "INBOX_AUTH_UNAVAILABLE", facts: { oauth_error: "invalid_client" } });
    expect(e1.message).toContain("refused the OAuth client (invalid_client)");
    standin.failWith(503);
    const p = google();
    const e2 = await p.getAccessToken(mailbox("1//client-rt")).catch((e) => e);
    expect(e2.message).toContain("token endpoint answered HTTP 503 (temporarily_unavailable)");
    standin.failWith(null);
    // a temporary failure is not remembered: the next connect refreshes
    expect(await p.getAccessToken(mailbox("1//client-rt"))).toMatch(/^ya29\./);
    // a port nothing listens on
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((r) => closed.close(() => r()));
    const down = google({ tokenUrl: `http://127.0.0.1:${port}/token` });
    const e3 = await down.getAccessToken(mailbox("1//client-rt")).catch((e) => e);
    expect(e3.message).toContain("token endpoint could not be reached (ECONNREFUSED)");
    const e4 = await p.getAccessToken(mailbox("")).catch((e) => e);
    expect(e4.message).toContain("no OAuth2 refresh token is stored");
    for (const e of [e1, e2, e3, e4]) {
      const all = `${e.message} ${JSON.stringify(e)}`;
      for (const s of ["1//client-rt", GOOGLE_SECRET, "wrong-secret"]) expect(all).not.toContain(s);
    }
  });

  it("built-in providers come from BATON_MAILBOX_* settings, once per configuration; unconfigured, they say what to set", () => {
    expect(builtinTokenProvider("google", {})).toMatch(/BATON_MAILBOX_GOOGLE_CLIENT_ID/);
    expect(builtinTokenProvider("microsoft", {})).toMatch(/BATON_MAILBOX_MICROSOFT_CLIENT_ID/);
    expect(builtinTokenProvider("yahoo", {})).toBe('no access-token provider "yahoo" is registered');
    const env = { BATON_MAILBOX_GOOGLE_CLIENT_ID: "g", BATON_MAILBOX_GOOGLE_CLIENT_SECRET: "s" };
    const a = builtinTokenProvider("google", env);
    expect(builtinTokenProvider("google", { ...env })).toBe(a);
    expect(builtinProviderOptions("google", env)).toMatchObject({ tokenUrl: GOOGLE_TOKEN_URL });
    expect(builtinTokenProvider("google", { ...env, BATON_MAILBOX_GOOGLE_CLIENT_SECRET: "t" })).not.toBe(a);
  });
});
