// The Google and Microsoft stand-ins refuse what the real services refuse (issue 67, Deliver 7): each
// refusal beside the accepted request, over plain fetch (no Baton code), so that a Baton flow that
// passes against them has met the providers' documented contracts: the authorization servers
// (consent page, PKCE, exact redirect URIs, single-use short-lived codes, client secrets, offline
// access, rotation, revocation), the Gmail API (send, threads, search by Message-ID, history, limits,
// 401 and 429) and Graph (sendMail's 202 without an id, internetMessageId search, delta, Exchange's
// limits, MailboxConcurrency), dropped answers and the count of changes to a mailbox.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { startGoogleStandIn } from "../support/google-stand-in.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import { startMicrosoftStandIn } from "../support/microsoft-stand-in.ts";

const REDIRECT = "http://baton.test/api/v1/mailboxes/oauth/callback";
const G = "https://www.googleapis.com/auth/";
const GOOGLE_SCOPES = `openid email ${G}gmail.send ${G}gmail.readonly`;
const MS_SCOPES = "openid email offline_access User.Read Mail.Read Mail.Send";

let google: ProviderStandIn;
let ms: ProviderStandIn;
beforeAll(async () => {
  [google, ms] = await Promise.all([
    startGoogleStandIn({ users: ["rep@acme.test", "other@acme.test"] }),
    startMicrosoftStandIn({ users: ["exec@acme.test", "other@acme.test"], tenant: "acme-tenant" }),
  ]);
  google.redirectUris = [REDIRECT];
  ms.redirectUris = [REDIRECT];
});
afterAll(async () => {
  await Promise.all([google?.close(), ms?.close()]);
});

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};
const authorizeUrl = (s: ProviderStandIn, scope: string, extra: Record<string, string> = {}) => {
  const u = new URL(s.authorizeUrl);
  const p = {
    client_id: s.clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope,
    state: "st-1",
    ...extra,
  };
  for (const [k, v] of Object.entries(p)) u.searchParams.set(k, v);
  return u.toString();
};
const tokenRequest = (s: ProviderStandIn, form: Record<string, string>) =>
  fetch(s.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: s.clientId, client_secret: s.clientSecret, ...form }),
  });
/** A consent as `email` and its code's exchange: the token answer. */
async function connect(s: ProviderStandIn, email: string, scope: string, extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkce();
  const location = await s.consent(
    authorizeUrl(s, scope, { code_challenge: challenge, code_challenge_method: "S256", ...extra }),
    email,
  );
  const code = new URL(location).searchParams.get("code")!;
  const answer = await tokenRequest(s, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as {
    access_token: string;
    refresh_token?: string;
    scope: string;
    expires_in: number;
    token_type: string;
  };
}
const api = (s: ProviderStandIn, token: string | undefined, path: string, init: RequestInit = {}) =>
  fetch(`${s.apiUrl}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
const mime = (o: {
  from: string;
  to?: string;
  subject: string;
  id?: string;
  inReplyTo?: string;
  extra?: string;
}) =>
  [
    `From: ${o.from}`,
    ...(o.to === undefined ? [] : [`To: ${o.to}`]),
    `Subject: ${o.subject}`,
    ...(o.id ? [`Message-ID: ${o.id}`] : []),
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    ...(o.extra ? [o.extra] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello from Baton.",
  ].join("\r\n");
const gmailSend = (token: string, raw: string, threadId?: string) =>
  api(google, token, "/gmail/v1/users/me/messages/send", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ raw: Buffer.from(raw).toString("base64url"), ...(threadId ? { threadId } : {}) }),
  });
const graphSend = (token: string, raw: string) =>
  api(ms, token, "/v1.0/me/sendMail", {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: Buffer.from(raw).toString("base64"),
  });

describe.each([
  [
    "Google",
    () => google,
    GOOGLE_SCOPES,
    "rep@acme.test",
    "Error 400: redirect_uri_mismatch",
    "Error 401: invalid_client",
  ],
  ["Microsoft", () => ms, MS_SCOPES, "exec@acme.test", "AADSTS50011", "AADSTS700016"],
])("%s's authorization server", (name, standIn, scopes, user, mismatch, unknownClient) => {
  it("shows a consent page Chromium can click; refuses an unknown client or an unregistered redirect URI with an error page, never a redirect", async () => {
    const s = standIn();
    const page = await fetch(authorizeUrl(s, scopes), { redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const id of ['id="email"', 'id="allow"', 'id="deny"', 'id="accounts"']) expect(html).toContain(id);
    expect(html).toContain(user);
    expect(html).toContain(name === "Google" ? "gmail.send" : "Mail.Send");
    const wrong = await fetch(authorizeUrl(s, scopes, { redirect_uri: `${REDIRECT}/` }), {
      redirect: "manual",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get("location")).toBeNull();
    expect(await wrong.text()).toContain(mismatch);
    const client = await fetch(authorizeUrl(s, scopes, { client_id: "someone-else" }), {
      redirect: "manual",
    });
    expect(client.headers.get("location")).toBeNull();
    expect(await client.text()).toContain(unknownClient);
    // other refusals: Google shows an error page, Microsoft redirects with error=…
    for (const [params, error] of [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ scope: `${scopes} not-a-scope` }, "invalid_scope"],
      [{ code_challenge: "short", code_challenge_method: "S256" }, "invalid_request"],
    ] as const) {
      const u = authorizeUrl(s, scopes, params);
      if (name === "Google") await expect(s.consent(u, user)).rejects.toThrow(`Error 400: ${error}`);
      else expect(new URL(await s.consent(u, user)).searchParams.get("error")).toBe(error);
    }
  });

  it("exchanges a code once, within 10 minutes, for its redirect URI, client secret and PKCE verifier", async () => {
    const s = standIn();
    const ok = await connect(s, user, scopes, name === "Google" ? { access_type: "offline" } : {});
    expect(ok).toMatchObject({ expires_in: 3599, token_type: "Bearer" });
    expect(ok.refresh_token).toBeTruthy();
    const { verifier, challenge } = pkce();
    const codeOf = async () =>
      new URL(
        await s.consent(
          authorizeUrl(s, scopes, { code_challenge: challenge, code_challenge_method: "S256" }),
          user,
        ),
      ).searchParams.get("code")!;
    // the same exchange after the code's 10 minutes (the stand-in's clock) is refused
    const exchange = (code: string, o: Record<string, string> = {}) =>
      tokenRequest(s, {
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        ...o,
      });

    const code = await codeOf();
    expect((await exchange(code, { client_secret: "wrong" })).status).toBe(401);
    expect(await (await exchange(code, { client_secret: "wrong" })).json()).toMatchObject({
      error: "invalid_client",
    });
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });

    const noVerifier = await tokenRequest(s, {
      grant_type: "authorization_code",
      code: await codeOf(),
      redirect_uri: REDIRECT,
    });
    expect(await noVerifier.json()).toMatchObject({ error: "invalid_grant" });
    const otherVerifier = await exchange(await codeOf(), { code_verifier: pkce().verifier });
    expect(await otherVerifier.json()).toMatchObject({ error: "invalid_grant" });
    const otherRedirect = await exchange(await codeOf(), { redirect_uri: "http://baton.test/elsewhere" });
    expect(otherRedirect.status).toBe(400);
    expect((await otherRedirect.json()).error).toMatch(
      name === "Google" ? "redirect_uri_mismatch" : "invalid_grant",
    );

    const late = await codeOf();
    s.setNow(Date.now() + 10 * 60_000 + 1000);
    onTestFinished(() => s.setNow(Date.now()));
    const expired = await exchange(late);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("Cancel redirects with error=access_denied and the state; nextLogin consents at once", async () => {
    const s = standIn();
    const denied = new URL(await s.consent(authorizeUrl(s, scopes), user, { deny: true }));
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("st-1");
    expect(denied.searchParams.get("code")).toBeNull();
    s.nextLogin(user);
    const at = await fetch(authorizeUrl(s, scopes), { redirect: "manual" });
    expect(at.status).toBe(302);
    expect(new URL(at.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("a revoked consent: the refresh token is invalid_grant and the access token 401; expired access tokens are 401", async () => {
    const s = standIn();
    const t = await connect(
      s,
      "other@acme.test",
      scopes,
      name === "Google" ? { access_type: "offline", prompt: "consent" } : {},
    );
    const me = name === "Google" ? "/gmail/v1/users/me/profile" : "/v1.0/me";
    expect((await api(s, t.access_token, me)).status).toBe(200);
    s.expireAccessTokens();
    expect((await api(s, t.access_token, me)).status).toBe(401);
    const fresh = await tokenRequest(s, { grant_type: "refresh_token", refresh_token: t.refresh_token! });
    expect(fresh.status).toBe(200);
    const next = await fresh.json();
    expect((await api(s, next.access_token, me)).status).toBe(200);
    if (name === "Microsoft") expect(next.refresh_token).not.toBe(t.refresh_token);
    else expect(next.refresh_token).toBeUndefined();
    s.revokeUser("other@acme.test");
    expect((await api(s, next.access_token, me)).status).toBe(401);
    const refused = await tokenRequest(s, { grant_type: "refresh_token", refresh_token: t.refresh_token! });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("Google specifics", () => {
  it("a refresh token only with access_type=offline, and on a later consent only with prompt=consent", async () => {
    google.addUser("fresh@acme.test");
    expect((await connect(google, "fresh@acme.test", GOOGLE_SCOPES)).refresh_token).toBeUndefined();
    google.addUser("fresh2@acme.test");
    expect(
      (await connect(google, "fresh2@acme.test", GOOGLE_SCOPES, { access_type: "offline" })).refresh_token,
    ).toBeTruthy();
    expect(
      (await connect(google, "fresh2@acme.test", GOOGLE_SCOPES, { access_type: "offline" })).refresh_token,
    ).toBeUndefined();
    const again = await connect(google, "fresh2@acme.test", GOOGLE_SCOPES, {
      access_type: "offline",
      prompt: "consent",
    });
    expect(again.refresh_token).toBeTruthy();
  });

  it("POST /revoke revokes the whole grant; an unknown token is 400 invalid_token", async () => {
    const t = await connect(google, "rep@acme.test", GOOGLE_SCOPES, {
      access_type: "offline",
      prompt: "consent",
    });
    const revoke = (token: string) =>
      fetch(google.revokeUrl!, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token }),
      });
    expect((await revoke("never-issued")).status).toBe(400);
    expect((await revoke(t.refresh_token!)).status).toBe(200);
    expect((await api(google, t.access_token, "/gmail/v1/users/me/profile")).status).toBe(401);
    expect(
      await (
        await tokenRequest(google, { grant_type: "refresh_token", refresh_token: t.refresh_token! })
      ).json(),
    ).toMatchObject({ error: "invalid_grant" });
    expect(await (await revoke(t.refresh_token!)).json()).toMatchObject({ error: "invalid_token" });
  });

  it("granular consent: a token without gmail.send may read but not send (403 insufficientPermissions)", async () => {
    const t = await connect(google, "other@acme.test", GOOGLE_SCOPES);
    const { verifier, challenge } = pkce();
    const loc = await google.consent(
      authorizeUrl(google, GOOGLE_SCOPES, { code_challenge: challenge, code_challenge_method: "S256" }),
      "other@acme.test",
      { grantScopes: [`${G}gmail.readonly`] },
    );
    const partial = await (
      await tokenRequest(google, {
        grant_type: "authorization_code",
        code: new URL(loc).searchParams.get("code")!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      })
    ).json();
    expect(partial.scope).not.toContain("gmail.send");
    const raw = mime({ from: "other@acme.test", to: "lead@prospect.test", subject: "Hi" });
    const refused = await gmailSend(partial.access_token, raw);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.errors[0].reason).toBe("insufficientPermissions");
    expect((await api(google, partial.access_token, "/gmail/v1/users/me/profile")).status).toBe(200);
    expect((await gmailSend(t.access_token, raw)).status).toBe(200);
  });
});

describe("Gmail API", () => {
  let token: string;
  beforeAll(async () => {
    token = (await connect(google, "rep@acme.test", GOOGLE_SCOPES)).access_token;
  });

  it("profile answers the account; no token or a bad one is 401 UNAUTHENTICATED", async () => {
    const p = await (await api(google, token, "/gmail/v1/users/me/profile")).json();
    expect(p).toMatchObject({ emailAddress: "rep@acme.test" });
    expect(p.historyId).toMatch(/^\d+$/);
    const none = await api(google, undefined, "/gmail/v1/users/me/profile");
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
    expect((await api(google, "ya29.forged", "/gmail/v1/users/me/profile")).status).toBe(401);
    expect((await api(google, token, "/gmail/v1/users/someone@else.test/profile")).status).toBe(403);
  });

  it("send keeps the Message-ID, rewrites a foreign From, threads a follow-up; refuses no raw, no recipient, another's thread", async () => {
    const id = `<baton-${randomBytes(6).toString("hex")}@baton.test>`;
    const res = await gmailSend(
      token,
      mime({ from: "someone@else.test", to: "lead@prospect.test", subject: "Quick question", id }),
    );
    expect(res.status).toBe(200);
    const first = await res.json();
    expect(first).toMatchObject({ labelIds: ["SENT"] });
    const stored = google.sent("rep@acme.test").find((m) => m.id === first.id)!;
    expect(stored.messageId).toBe(id);
    expect(stored.raw).toMatch(/^From: rep@acme\.test/m);

    const follow = mime({
      from: "rep@acme.test",
      to: "lead@prospect.test",
      subject: "Re: Quick question",
      id: "<f1@baton.test>",
      inReplyTo: id,
    });
    expect((await (await gmailSend(token, follow, first.threadId)).json()).threadId).toBe(first.threadId);
    const otherSubject = mime({
      from: "rep@acme.test",
      to: "lead@prospect.test",
      subject: "Something else",
      inReplyTo: id,
    });
    expect((await (await gmailSend(token, otherSubject, first.threadId)).json()).threadId).not.toBe(
      first.threadId,
    );
    expect((await gmailSend(token, follow, "ffffffffffffffff")).status).toBe(404);

    const noRaw = await api(google, token, "/gmail/v1/users/me/messages/send", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(noRaw.status).toBe(400);
    const noTo = await gmailSend(token, mime({ from: "rep@acme.test", subject: "Nobody" }));
    expect(noTo.status).toBe(400);
    expect((await noTo.json()).error.message).toBe("Recipient address required");
    const generated = await (
      await gmailSend(token, mime({ from: "rep@acme.test", to: "x@prospect.test", subject: "No id" }))
    ).json();
    expect(google.sent("rep@acme.test").find((m) => m.id === generated.id)!.messageId).toMatch(/^<.+@.+>$/);
  });

  it("search by rfc822msgid:, in:sent / in:inbox; an empty answer has no messages key; get raw and metadata", async () => {
    const id = `<search-${randomBytes(4).toString("hex")}@baton.test>`;
    const sent = await (
      await gmailSend(
        token,
        mime({ from: "rep@acme.test", to: "lead@prospect.test", subject: "Find me", id }),
      )
    ).json();
    const q = (s: string) =>
      api(google, token, `/gmail/v1/users/me/messages?q=${encodeURIComponent(s)}`).then((r) => r.json());
    expect(await q(`rfc822msgid:${id}`)).toEqual({
      messages: [{ id: sent.id, threadId: sent.threadId }],
      resultSizeEstimate: 1,
    });
    expect(await q(`rfc822msgid:${id} in:inbox`)).toEqual({ resultSizeEstimate: 0 });
    expect((await q(`in:sent rfc822msgid:${id.slice(1, -1)}`)).messages).toHaveLength(1);
    const raw = await (await api(google, token, `/gmail/v1/users/me/messages/${sent.id}?format=raw`)).json();
    expect(Buffer.from(raw.raw, "base64url").toString()).toContain(id);
    const meta = await (
      await api(
        google,
        token,
        `/gmail/v1/users/me/messages/${sent.id}?format=metadata&metadataHeaders=Message-ID`,
      )
    ).json();
    expect(meta.payload.headers).toEqual([{ name: "Message-ID", value: id }]);
    expect((await api(google, token, "/gmail/v1/users/me/messages/0000000000000000")).status).toBe(404);
  });

  it("history lists a reply after startHistoryId; a startHistoryId older than the log is 404", async () => {
    const start = (await (await api(google, token, "/gmail/v1/users/me/profile")).json()).historyId;
    const reply = google.deliverToInbox(
      "rep@acme.test",
      mime({ from: "lead@prospect.test", to: "rep@acme.test", subject: "Re: Find me" }),
    );
    const h = await (
      await api(google, token, `/gmail/v1/users/me/history?startHistoryId=${start}&historyTypes=messageAdded`)
    ).json();
    expect(h.history.flatMap((x: any) => x.messagesAdded.map((a: any) => a.message.id))).toEqual([reply.id]);
    const none = await (
      await api(google, token, `/gmail/v1/users/me/history?startHistoryId=${h.historyId}`)
    ).json();
    expect(none.history).toBeUndefined();
    google.expireHistory("rep@acme.test");
    expect((await api(google, token, `/gmail/v1/users/me/history?startHistoryId=${start}`)).status).toBe(404);
  });

  it("injected 429 carries Retry-After; 403 dailyLimitExceeded as given; a dropped answer's message is stored", async () => {
    const raw = () =>
      mime({
        from: "rep@acme.test",
        to: "lead@prospect.test",
        subject: "Limits",
        id: `<l-${randomBytes(4).toString("hex")}@baton.test>`,
      });
    google.failNext("send", 429, { retryAfterSeconds: 7 });
    const limited = await gmailSend(token, raw());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await limited.json()).error.errors[0].reason).toBe("rateLimitExceeded");
    google.failNext("send", 403, { reason: "dailyLimitExceeded" });
    expect((await (await gmailSend(token, raw())).json()).error.errors[0].reason).toBe("dailyLimitExceeded");
    expect((await gmailSend(token, raw())).status).toBe(200);
    const before = google.sent("rep@acme.test").length;
    google.dropAnswers(1, 7);
    const lost = raw();
    await expect(gmailSend(token, lost)).rejects.toThrow();
    google.dropAnswers(0);
    expect(google.sent("rep@acme.test")).toHaveLength(before + 1);
    expect(google.requests.at(-1)).toMatchObject({ path: "/gmail/v1/users/me/messages/send", status: 0 });
  });

  it("2,000 sends a rolling day per user, then 429 (Mail sending) until the oldest is a day old", async () => {
    google.addUser("bulk@acme.test");
    const t = (await connect(google, "bulk@acme.test", GOOGLE_SCOPES)).access_token;
    const t0 = Date.now();
    google.setNow(t0);
    onTestFinished(() => google.setNow(Date.now()));
    const raw = mime({ from: "bulk@acme.test", to: "lead@prospect.test", subject: "Bulk" });
    for (let i = 0; i < 2000; i += 50) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => gmailSend(t, raw)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    const over = await gmailSend(t, raw);
    expect(over.status).toBe(429);
    expect((await over.json()).error.message).toContain("(Mail sending)");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(86_000);
    google.setNow(t0 + 24 * 3600_000 + 1000);
    // a day later the access token has long expired: a new one
    expect((await gmailSend(t, raw)).status).toBe(401);
    const later = (await connect(google, "bulk@acme.test", GOOGLE_SCOPES)).access_token;
    expect((await gmailSend(later, raw)).status).toBe(200);
  }, 180_000);

  it("reading changes nothing; a modify is counted in mutations()", async () => {
    const before = google.mutations("rep@acme.test");
    await api(google, token, "/gmail/v1/users/me/messages?q=in:inbox");
    expect(google.mutations("rep@acme.test")).toBe(before);
    const id = google.mailbox("rep@acme.test")[0].id;
    const modify = await api(google, token, `/gmail/v1/users/me/messages/${id}/modify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ removeLabelIds: ["UNREAD"] }),
    });
    expect(modify.status).toBe(403);
    expect(google.mutations("rep@acme.test")).toBe(before + 1);
  });
});

describe("Microsoft Graph", () => {
  let token: string;
  beforeAll(async () => {
    token = (await connect(ms, "exec@acme.test", MS_SCOPES)).access_token;
  });

  it("/me answers the account; a missing or expired token is 401 InvalidAuthenticationToken", async () => {
    expect(await (await api(ms, token, "/v1.0/me")).json()).toMatchObject({
      mail: "exec@acme.test",
      userPrincipalName: "exec@acme.test",
    });
    const none = await api(ms, undefined, "/v1.0/me");
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("InvalidAuthenticationToken");
  });

  it("sendMail (MIME) answers 202 with no body and no id; the sent copy keeps the Message-ID; refusals beside it", async () => {
    const id = `<ms-${randomBytes(4).toString("hex")}@baton.test>`;
    const res = await graphSend(
      token,
      mime({ from: "exec@acme.test", to: "lead@prospect.test", subject: "Proposal", id }),
    );
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("");
    expect(ms.sent("exec@acme.test").map((m) => m.messageId)).toContain(id);
    const bad = await api(ms, token, "/v1.0/me/sendMail", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "not base64!!",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe("Invalid base64 string for MIME content.");
    expect((await graphSend(token, mime({ from: "exec@acme.test", subject: "Nobody" }))).status).toBe(400);
    expect(
      (await graphSend(token, mime({ from: "ceo@acme.test", to: "lead@prospect.test", subject: "As him" })))
        .status,
    ).toBe(403);
    const json = (headers: Array<{ name: string; value: string }>) =>
      api(ms, token, "/v1.0/me/sendMail", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          message: {
            subject: "J",
            body: { contentType: "Text", content: "x" },
            toRecipients: [{ emailAddress: { address: "lead@prospect.test" } }],
            internetMessageHeaders: headers,
          },
        }),
      });
    expect((await json([{ name: "x-baton-touch", value: "1" }])).status).toBe(202);
    const refused = await json([{ name: "In-Reply-To", value: id }]);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe("InvalidInternetMessageHeader");
  });

  it("finds a message by internetMessageId ($filter URL-encoded); refuses a filter it does not know; $value is the MIME", async () => {
    const id = `<find-${randomBytes(4).toString("hex")}@baton.test>`;
    await graphSend(token, mime({ from: "exec@acme.test", to: "lead@prospect.test", subject: "Find", id }));
    const f = (filter: string) =>
      api(
        ms,
        token,
        `/v1.0/me/messages?$filter=${encodeURIComponent(filter)}&$select=internetMessageId,conversationId,parentFolderId,subject`,
      );
    const found = await (await f(`internetMessageId eq '${id}'`)).json();
    expect(found.value).toHaveLength(1);
    expect(found.value[0]).toMatchObject({ internetMessageId: id, subject: "Find" });
    expect(Object.keys(found.value[0]).sort()).toEqual([
      "@odata.etag",
      "conversationId",
      "id",
      "internetMessageId",
      "parentFolderId",
      "subject",
    ]);
    expect((await (await f(`internetMessageId eq '<nothing@baton.test>'`)).json()).value).toEqual([]);
    expect((await f(`contains(subject, 'Find')`)).status).toBe(400);
    const mimeText = await (await api(ms, token, `/v1.0/me/messages/${found.value[0].id}/$value`)).text();
    expect(mimeText).toContain(`Message-ID: ${id}`);
  });

  it("inbox delta: the deltaLink answers only what arrived after it; a token from before expireHistory is 410", async () => {
    let page = await (await api(ms, token, "/v1.0/me/mailFolders/inbox/messages/delta")).json();
    while (page["@odata.nextLink"])
      page = await (
        await fetch(page["@odata.nextLink"], { headers: { authorization: `Bearer ${token}` } })
      ).json();
    const link = page["@odata.deltaLink"];
    expect(link).toBeTruthy();
    const reply = ms.deliverToInbox(
      "exec@acme.test",
      mime({ from: "lead@prospect.test", to: "exec@acme.test", subject: "Re: Proposal" }),
    );
    const changes = await (await fetch(link, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(changes.value.map((m: any) => m.id)).toEqual([reply.id]);
    expect(changes.value[0].isRead).toBe(false);
    ms.expireHistory("exec@acme.test");
    expect((await fetch(link, { headers: { authorization: `Bearer ${token}` } })).status).toBe(410);
  });

  it("30 messages a minute (429 with Retry-After), 10,000 recipients a day (403), injected MailboxConcurrency, dropped answers", async () => {
    ms.addUser("limits@acme.test");
    const t = (await connect(ms, "limits@acme.test", MS_SCOPES)).access_token;
    const t0 = Date.now();
    ms.setNow(t0);
    onTestFinished(() => ms.setNow(Date.now()));
    const one = mime({ from: "limits@acme.test", to: "lead@prospect.test", subject: "Pace" });
    for (let i = 0; i < 30; i++) expect((await graphSend(t, one)).status).toBe(202);
    const fast = await graphSend(t, one);
    expect(fast.status).toBe(429);
    expect(Number(fast.headers.get("retry-after"))).toBeGreaterThan(0);
    ms.setNow(t0 + 61_000);
    expect((await graphSend(t, one)).status).toBe(202);
    const many = mime({
      from: "limits@acme.test",
      to: Array.from({ length: 1000 }, (_, i) => `p${i}@prospect.test`).join(", "),
      subject: "Many",
    });
    for (let i = 0; i < 9; i++) {
      ms.setNow(t0 + 122_000 + i * 61_000);
      expect((await graphSend(t, many)).status).toBe(202);
    }
    ms.setNow(t0 + 20 * 60_000);
    const blocked = await graphSend(t, many);
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).error.code).toBe("ErrorMessageSubmissionBlocked");
    ms.setNow(Date.now());

    ms.failNext("any", 429, { reason: "MailboxConcurrency", retryAfterSeconds: 3 });
    const throttled = await api(ms, token, "/v1.0/me/messages");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect((await throttled.json()).error).toMatchObject({
      code: "ApplicationThrottled",
      message: "Application is over its MailboxConcurrency limit.",
    });
    expect((await api(ms, token, "/v1.0/me/messages")).status).toBe(200);
    const id = `<drop-${randomBytes(4).toString("hex")}@baton.test>`;
    ms.dropAnswers(1, 3);
    await expect(
      graphSend(token, mime({ from: "exec@acme.test", to: "lead@prospect.test", subject: "Lost", id })),
    ).rejects.toThrow();
    ms.dropAnswers(0);
    expect(ms.sent("exec@acme.test").filter((m) => m.messageId === id)).toHaveLength(1);
  });

  it("reading changes nothing; PATCH and move are counted in mutations() (and refused without Mail.ReadWrite)", async () => {
    const before = ms.mutations("exec@acme.test");
    await api(ms, token, "/v1.0/me/mailFolders/inbox/messages");
    expect(ms.mutations("exec@acme.test")).toBe(before);
    const id = ms.mailbox("exec@acme.test")[0].id;
    const patch = await api(ms, token, `/v1.0/me/messages/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ isRead: true }),
    });
    expect(patch.status).toBe(403);
    const rw = (await connect(ms, "exec@acme.test", `${MS_SCOPES} Mail.ReadWrite`)).access_token;
    const move = await api(ms, rw, `/v1.0/me/messages/${id}/move`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ destinationId: "deleteditems" }),
    });
    expect(move.status).toBe(201);
    expect(ms.mutations("exec@acme.test")).toBe(before + 2);
  });
});
