// A local stand-in for Google's authorization server and the Gmail API, from their documentation:
//   OAuth 2.0 for Web Server Applications (developers.google.com/identity/protocols/oauth2/web-server):
//   GET  /o/oauth2/v2/auth ?client_id&redirect_uri&response_type=code&scope&state&access_type
//        [&prompt=consent][&include_granted_scopes=true][&code_challenge&code_challenge_method]
//        → the consent page (mail-provider-stand-in.ts). An unknown client → "Error 401: invalid_client"
//        page; a redirect_uri not registered exactly → "Error 400: redirect_uri_mismatch" page; other
//        refusals are "Error 400: <error>" pages too (Google never redirects a malformed request).
//        Granular consent: a checkbox per scope; the token's `scope` says what was granted.
//   POST /token (form) → {access_token, expires_in: 3599, refresh_token?, scope, token_type: "Bearer"}.
//        A refresh token only with access_type=offline, and on a later consent of the same account only
//        with prompt=consent. Errors: invalid_client 401 ("Unauthorized" for a wrong secret),
//        invalid_grant 400 (a spent, expired or foreign code: "Bad Request"; a revoked refresh token:
//        "Token has been expired or revoked."; PKCE: "Missing code verifier." / "Invalid code verifier."),
//        redirect_uri_mismatch 400. PKCE: S256 and plain are both documented; both verified.
//        A refresh keeps the refresh token (no rotation) unless rotateRefreshTokens.
//   POST /revoke (form token=) → 200; the whole grant (refresh and access tokens) is revoked; an
//        unknown or revoked token → 400 {error: "invalid_token"}.
//   Gmail API (developers.google.com/gmail/api/reference/rest), Bearer token; errors have Google's
//   shape {error: {code, message, errors: [{message, domain, reason}], status}}:
//   401 UNAUTHENTICATED "Invalid Credentials" (authError) for a missing, expired or revoked token; 403
//   PERMISSION_DENIED insufficientPermissions for a token without the scope (Gmail API scopes page).
//   GET  /gmail/v1/users/me/profile → {emailAddress, messagesTotal, threadsTotal, historyId}
//   POST /gmail/v1/users/me/messages/send {raw (base64url RFC 822; proto JSON also accepts base64),
//        threadId?} and POST /upload/gmail/v1/users/me/messages/send (message/rfc822) → {id, threadId,
//        labelIds: ["SENT"]}. No raw → 400 "'raw' RFC822 payload message string or uploading message
//        via /upload/* URL required"; no recipient → 400 invalidArgument "Recipient address required";
//        From rewritten to the user when it is another address; the raw's Message-ID kept (one
//        generated when absent); threadId: another user's or unknown thread → 404; joined only when
//        References/In-Reply-To point into it and the Subject matches (guides/threads), else a new thread.
//        Sending limit (support.google.com/a/answer/166852: 2,000 messages a day per Workspace user,
//        rolling 24 h): guides/handle-errors says the API answers 429 "User-rate limit exceeded"
//        "(Mail sending)" with the time to retry, so that is what the stand-in answers (reason
//        rateLimitExceeded, the time in the message and in Retry-After); 403 dailyLimitExceeded is the
//        PROJECT's courtesy quota (handle-errors) and is only injected: failNext("send", 403,
//        {reason: "dailyLimitExceeded"}).
//   GET  /gmail/v1/users/me/messages ?q&labelIds&maxResults&pageToken → {messages: [{id, threadId}],
//        nextPageToken?, resultSizeEstimate}, or {resultSizeEstimate: 0} with no messages key. q:
//        rfc822msgid:, in:sent|inbox|trash|anywhere, label:, is:unread|read, after:/before: (epoch
//        seconds or YYYY/MM/DD, UTC here), from:, to:, subject:, other words against the raw text.
//   GET  /gmail/v1/users/me/messages/{id} ?format=full|metadata|minimal|raw&metadataHeaders → the
//        Message (payload.headers; for full the body unsplit as payload.body.data); unknown → 404.
//   GET  /gmail/v1/users/me/history ?startHistoryId&historyTypes&labelId → {history?, historyId,
//        nextPageToken?}; a startHistoryId older than the log holds → 404 (guides/sync: full sync).
//   modify / batchModify / trash / untrash / delete / threads.modify|trash / import / insert answer as
//        Gmail does (gmail.modify scope) and each call is counted in mutations().
// Injected failures answer Google's error shapes: 429 rateLimitExceeded, 403 reason as given, 5xx
// backendError; dropAnswers stores a send and destroys the socket before answering.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import {
  type AccessToken,
  type ApiRequest,
  holds,
  ProviderCore,
  type ProviderStandIn,
} from "./mail-provider-stand-in.ts";
import {
  allHeaders,
  bodyOf,
  headerValues,
  headMime,
  MailStore,
  type Mime,
  parseMime,
  type StandInMessage,
  setHeader,
  withMessageId,
} from "./mail-store.ts";

const G = "https://www.googleapis.com/auth/";
const SCOPES = new Set([
  "openid",
  "email",
  "profile",
  `${G}userinfo.email`,
  `${G}userinfo.profile`,
  "https://mail.google.com/",
  ...[
    "gmail.send",
    "gmail.readonly",
    "gmail.modify",
    "gmail.compose",
    "gmail.metadata",
    "gmail.labels",
    "gmail.insert",
  ].map((s) => G + s),
]);
const SEND = [`${G}gmail.send`, `${G}gmail.compose`, `${G}gmail.modify`, "https://mail.google.com/"];
const READ = [`${G}gmail.readonly`, `${G}gmail.modify`, "https://mail.google.com/"];
const PROFILE = [...READ, `${G}gmail.compose`, `${G}gmail.metadata`];
const MODIFY = [`${G}gmail.modify`, "https://mail.google.com/"];
const DAY = 24 * 3600_000;

export async function startGoogleStandIn(
  o: { users?: string[]; rotateRefreshTokens?: boolean } = {},
): Promise<ProviderStandIn> {
  const store = new MailStore("gmail");
  const core = new ProviderCore(
    {
      provider: "google",
      page: (kind, p) =>
        kind === "invalid_client"
          ? [401, "Error 401: invalid_client", "The OAuth client was not found."]
          : [
              400,
              "Error 400: redirect_uri_mismatch",
              `Access blocked: this app's request is invalid. redirect_uri=${p.get("redirect_uri") ?? ""}`,
            ],
      authorizeRefusal: (error, detail) => ({ page: [400, `Error 400: ${error}`, detail] }),
      tokenError: (_s, error, detail) => ({ error, error_description: detail }),
      tokenDetail: {
        unknown_client: [401, "invalid_client", "The OAuth client was not found."],
        bad_secret: [401, "invalid_client", "Unauthorized"],
        code_unknown: [400, "invalid_grant", "Malformed auth code."],
        code_redeemed: [400, "invalid_grant", "Bad Request"],
        code_expired: [400, "invalid_grant", "Bad Request"],
        code_redirect: [400, "redirect_uri_mismatch", "Bad Request"],
        pkce_missing: [400, "invalid_grant", "Missing code verifier."],
        pkce_mismatch: [400, "invalid_grant", "Invalid code verifier."],
        refresh_unknown: [400, "invalid_grant", "Bad Request"],
        refresh_revoked: [400, "invalid_grant", "Token has been expired or revoked."],
        grant_type: [400, "unsupported_grant_type", "Invalid grant_type: "],
        scope: [400, "invalid_scope", "Scopes not granted: "],
      },
      scope: (s) => (SCOPES.has(s) ? s : null),
      offline: (p) => p.get("access_type") === "offline",
      unknownAccount: () => "Couldn't find your Google Account",
    },
    store,
    { authorize: "/o/oauth2/v2/auth", consent: "/signin/oauth/consent", token: "/token", revoke: "/revoke" },
    { rotate: o.rotateRefreshTokens ?? false, retireRotated: o.rotateRefreshTokens ?? false },
  );
  for (const u of o.users ?? []) core.addUser(u);

  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  const STATUS: Record<number, string> = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
  };
  const fail = (
    res: http.ServerResponse,
    code: number,
    reason: string,
    message: string,
    headers: Record<string, string> = {},
    extra: Record<string, string> = {},
  ) =>
    json(
      res,
      code,
      {
        error: {
          code,
          message,
          errors: [{ message, domain: "global", reason, ...extra }],
          status: STATUS[code] ?? "UNKNOWN",
        },
      },
      headers,
    );
  const unauthenticated = (res: http.ServerResponse) =>
    fail(
      res,
      401,
      "authError",
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
      { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      { location: "Authorization", locationType: "header" },
    );
  const REASONS: Record<string, string> = {
    rateLimitExceeded: "Rate Limit Exceeded",
    userRateLimitExceeded: "User Rate Limit Exceeded",
    dailyLimitExceeded: "Daily Limit Exceeded",
    backendError: "Backend Error",
    quotaExceeded: "Quota exceeded",
  };
  const injected = (
    res: http.ServerResponse,
    f: { status: number; retryAfterSeconds?: number; reason?: string },
  ) => {
    if (f.status === 401) return unauthenticated(res);
    const retry = f.retryAfterSeconds ?? (f.status === 429 ? 1 : undefined);
    const headers: Record<string, string> = retry !== undefined ? { "retry-after": String(retry) } : {};
    const reason =
      f.reason ?? (f.status === 429 ? "rateLimitExceeded" : f.status >= 500 ? "backendError" : "forbidden");
    const message =
      f.status === 429 && reason === "rateLimitExceeded"
        ? `User-rate limit exceeded.  Retry after ${new Date(core.now() + (retry ?? 1) * 1000).toISOString()}`
        : (REASONS[reason] ?? reason);
    return fail(res, f.status, reason, message, headers);
  };

  const gmailMessage = (m: StandInMessage, format: string, only: string[]) => {
    const base = {
      id: m.id,
      threadId: m.threadId,
      labelIds: [...m.labels],
      snippet: bodyOf(m.raw).replace(/\s+/g, " ").trim().slice(0, 200),
      historyId: String(m.changeSeq),
      internalDate: String(m.internalDate),
      sizeEstimate: Buffer.byteLength(m.raw),
    };
    if (format === "raw") return { ...base, raw: Buffer.from(m.raw).toString("base64url") };
    if (format === "minimal") return base;
    const wanted = only.map((h) => h.toLowerCase());
    const headers = allHeaders(m.raw).filter(
      (h) => format === "full" || !wanted.length || wanted.includes(h.name.toLowerCase()),
    );
    const mimeType = (headerValues(m.raw, "Content-Type")[0] ?? "text/plain").split(";")[0].trim();
    const body = Buffer.from(bodyOf(m.raw));
    return {
      ...base,
      payload: {
        partId: "",
        mimeType,
        filename: "",
        headers,
        body: format === "full" ? { size: body.length, data: body.toString("base64url") } : { size: 0 },
      },
    };
  };

  const dateOf = (v: string) =>
    /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(`${v.replace(/\//g, "-")}T00:00:00Z`);
  const strip = (id: string) => id.replace(/^<|>$/g, "").toLowerCase();
  const matches = (m: StandInMessage, q: string, inScope: boolean) => {
    const terms = q.match(/\S+:"[^"]*"|"[^"]*"|\S+/g) ?? [];
    let scoped = inScope;
    const ok = terms.every((term) => {
      const t = /^([a-z_0-9]+):(.*)$/i.exec(term);
      const [op, v] = t ? [t[1].toLowerCase(), t[2].replace(/^"|"$/g, "")] : ["", term.replace(/^"|"$/g, "")];
      switch (op) {
        case "rfc822msgid":
          return strip(m.messageId) === strip(v);
        case "in":
          if (v.toLowerCase() === "anywhere") {
            scoped = true;
            return true;
          }
          if (["trash", "spam"].includes(v.toLowerCase())) scoped = true;
          return m.labels.has(v.toUpperCase());
        case "label":
          return m.labels.has(v.toUpperCase());
        case "is":
          return v === "unread"
            ? m.labels.has("UNREAD")
            : v === "read"
              ? !m.labels.has("UNREAD")
              : m.labels.has(v.toUpperCase());
        case "after":
          return m.internalDate >= dateOf(v);
        case "before":
          return m.internalDate < dateOf(v);
        case "from":
          return m.from.toLowerCase().includes(v.toLowerCase());
        case "to":
          return m.recipients.some((r) => r.toLowerCase().includes(v.toLowerCase()));
        case "subject":
          return m.subject.toLowerCase().includes(v.toLowerCase());
        default:
          return m.raw.toLowerCase().includes((op ? `${op}:${v}` : v).toLowerCase());
      }
    });
    return ok && (scoped || (!m.labels.has("TRASH") && !m.labels.has("SPAM")));
  };

  const deliver = (email: string, raw: string, mime: Mime) =>
    store.add(email, raw, mime, ["INBOX", "UNREAD"], { at: core.now() });

  async function send(r: ApiRequest, email: string, t: AccessToken) {
    const { req, res, url } = r;
    if (!holds(t, SEND)) return fail(res, 403, "insufficientPermissions", "Insufficient Permission");
    let raw: string;
    let threadId: string | undefined;
    if (url.pathname.startsWith("/upload/")) {
      if (!/^message\/rfc822/i.test(req.headers["content-type"] ?? ""))
        return fail(res, 400, "badContent", "Media type not supported: " + req.headers["content-type"]);
      raw = r.body.toString("utf8");
    } else {
      let body: any;
      try {
        body = JSON.parse(r.body.toString("utf8") || "{}");
      } catch {
        return fail(res, 400, "parseError", "Invalid JSON payload received.");
      }
      threadId = typeof body.threadId === "string" && body.threadId ? body.threadId : undefined;
      if (typeof body.raw !== "string" || body.raw === "")
        return fail(
          res,
          400,
          "invalidArgument",
          "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
        );
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body.raw))
        return fail(
          res,
          400,
          "invalidArgument",
          "Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed",
        );
      raw = Buffer.from(body.raw.replace(/\+/g, "-").replace(/\//g, "_"), "base64url").toString("utf8");
    }
    const mime = await parseMime(raw);
    if (!mime) return fail(res, 400, "invalidArgument", "Invalid raw message");
    if (mime.to.length + mime.cc.length + mime.bcc.length === 0)
      return fail(res, 400, "invalidArgument", "Recipient address required");
    const f = core.takeFailure(true);
    if (f) return injected(res, f);
    const box = store.box(email);
    if (threadId && !box.messages.some((m) => m.threadId === threadId))
      return fail(res, 404, "notFound", "Requested entity was not found.");
    const day = store.sentWithin(email, core.now(), DAY);
    if (day.messages >= 2000) {
      const at = (day.oldest ?? core.now()) + DAY;
      return fail(
        res,
        429,
        "rateLimitExceeded",
        `User-rate limit exceeded.  Retry after ${new Date(at).toISOString()} (Mail sending)`,
        {
          "retry-after": String(Math.max(1, Math.ceil((at - core.now()) / 1000))),
        },
      );
    }
    if ((mime.from[0] ?? "").toLowerCase() !== email) raw = setHeader(raw, "From", email);
    if (!mime.messageId) {
      mime.messageId = `<CA+${randomBytes(18).toString("base64url")}@mail.gmail.com>`;
      raw = setHeader(raw, "Message-ID", mime.messageId);
    }
    const joined = threadId ? store.threadFor(box, mime, threadId) : undefined;
    const m = store.add(email, raw, mime, ["SENT"], { at: core.now(), threadId: joined });
    box.sends.push({ at: core.now(), recipients: mime.to.length + mime.cc.length + mime.bcc.length });
    for (const rcpt of new Set(m.recipients.map((x) => x.toLowerCase())))
      if (core.users.has(rcpt) && rcpt !== email) deliver(rcpt, raw, mime);
    if (core.shouldDrop()) {
      req.socket.destroy();
      return;
    }
    return json(res, 200, { id: m.id, threadId: m.threadId, labelIds: ["SENT"] });
  }

  await core.listen(async (r) => {
    const { res, url, method } = r;
    const m = /^(?:\/upload)?\/gmail\/v1\/users\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!m) return fail(res, 404, "notFound", "Not Found");
    const t = core.bearer(r.req);
    if (typeof t === "string") return unauthenticated(res);
    const email = t.grant.email;
    core.users_of.set(res, email);
    const userId = decodeURIComponent(m[1]).toLowerCase();
    if (userId !== "me" && userId !== email)
      return fail(res, 403, "forbidden", `Delegation denied for ${email}`);
    const rest = m[2];
    const p = url.searchParams;
    const box = store.box(email);
    if (rest === "messages/send" && method === "POST") return send(r, email, t);
    const mutating =
      (method === "POST" &&
        /^(messages|threads)\/[^/]+\/(modify|trash|untrash)$|^messages\/(batchModify|batchDelete|import|insert)$/.test(
          rest,
        )) ||
      (method === "DELETE" && /^(messages|threads)\/[^/]+$/.test(rest));
    if (mutating) {
      box.mutations += 1;
      if (!holds(t, MODIFY)) return fail(res, 403, "insufficientPermissions", "Insufficient Permission");
      const f = core.takeFailure(false);
      if (f) return injected(res, f);
      let body: any = {};
      try {
        body = JSON.parse(r.body.toString("utf8") || "{}");
      } catch {
        return fail(res, 400, "parseError", "Invalid JSON payload received.");
      }
      const [kind, id, verb] = rest.split("/");
      const targets =
        kind === "messages" && (id === "batchModify" || id === "batchDelete")
          ? box.messages.filter((x) => (body.ids ?? []).includes(x.id))
          : box.messages.filter((x) => (kind === "threads" ? x.threadId === id : x.id === id));
      if (!targets.length && !["import", "insert"].includes(id))
        return fail(res, 404, "notFound", "Requested entity was not found.");
      for (const x of targets) {
        const add: string[] = verb === "trash" ? ["TRASH"] : (body.addLabelIds ?? []);
        const remove: string[] = verb === "untrash" ? ["TRASH"] : (body.removeLabelIds ?? []);
        for (const l of add) x.labels.add(l);
        for (const l of remove) x.labels.delete(l);
        if (method === "DELETE" || id === "batchDelete") box.messages.splice(box.messages.indexOf(x), 1);
        store.touch(box, x, method === "DELETE" || id === "batchDelete" ? "removed" : "changed");
      }
      return id === "batchModify" || id === "batchDelete" || method === "DELETE"
        ? json(res, 204, undefined)
        : json(res, 200, targets[0] ? gmailMessage(targets[0], "minimal", []) : {});
    }
    if (method !== "GET") return fail(res, 404, "notFound", "Not Found");
    const f = core.takeFailure(false);
    if (f) return injected(res, f);
    if (rest === "profile") {
      if (!holds(t, PROFILE)) return fail(res, 403, "insufficientPermissions", "Insufficient Permission");
      return json(res, 200, {
        emailAddress: email,
        messagesTotal: box.messages.length,
        threadsTotal: new Set(box.messages.map((x) => x.threadId)).size,
        historyId: String(store.current()),
      });
    }
    if (!holds(t, READ)) return fail(res, 403, "insufficientPermissions", "Insufficient Permission");
    const max = Math.min(Number(p.get("maxResults") ?? 100) || 100, 500);
    const offset = Number(p.get("pageToken") ?? 0) || 0;
    if (rest === "messages") {
      const labels = p.getAll("labelIds");
      const all = box.messages
        .filter(
          (x) =>
            matches(x, p.get("q") ?? "", p.get("includeSpamTrash") === "true") &&
            labels.every((l) => x.labels.has(l)),
        )
        .sort((a, b) => b.internalDate - a.internalDate);
      const page = all.slice(offset, offset + max).map((x) => ({ id: x.id, threadId: x.threadId }));
      if (!all.length) return json(res, 200, { resultSizeEstimate: 0 });
      return json(res, 200, {
        messages: page,
        ...(offset + max < all.length ? { nextPageToken: String(offset + max) } : {}),
        resultSizeEstimate: all.length,
      });
    }
    const one = /^messages\/([^/]+)$/.exec(rest);
    if (one) {
      const format = p.get("format") ?? "full";
      if (!["full", "metadata", "minimal", "raw"].includes(format))
        return fail(res, 400, "invalidArgument", `Invalid value for format: ${format}`);
      const x = store.find(email, one[1]);
      if (!x) return fail(res, 404, "notFound", "Requested entity was not found.");
      return json(res, 200, gmailMessage(x, format, p.getAll("metadataHeaders")));
    }
    if (rest === "history") {
      const start = p.get("startHistoryId");
      if (!start) return fail(res, 400, "invalidArgument", "Missing required parameter: startHistoryId");
      if (!/^\d+$/.test(start))
        return fail(res, 400, "invalidArgument", `Invalid value for startHistoryId: ${start}`);
      if (Number(start) < box.firstSeq - 1)
        return fail(res, 404, "notFound", "Requested entity was not found.");
      const types = p.getAll("historyTypes");
      const label = p.get("labelId");
      const records = box.log
        .filter((e) => e.seq > Number(start))
        .map((e) => {
          const x = box.messages.find((y) => y.id === e.id);
          const ref = { id: e.id, threadId: x?.threadId ?? e.id };
          const type =
            e.kind === "added" ? "messageAdded" : e.kind === "removed" ? "messageDeleted" : "labelAdded";
          if ((types.length && !types.includes(type)) || (label && !x?.labels.has(label))) return null;
          const msg = { ...ref, labelIds: x ? [...x.labels] : [] };
          return {
            id: String(e.seq),
            messages: [ref],
            ...(type === "messageAdded"
              ? { messagesAdded: [{ message: msg }] }
              : type === "messageDeleted"
                ? { messagesDeleted: [{ message: msg }] }
                : { labelsAdded: [{ message: msg, labelIds: msg.labelIds }] }),
          };
        })
        .filter((x) => x !== null);
      const page = records.slice(offset, offset + max);
      return json(res, 200, {
        ...(page.length ? { history: page } : {}),
        ...(offset + max < records.length ? { nextPageToken: String(offset + max) } : {}),
        historyId: String(store.current()),
      });
    }
    return fail(res, 404, "notFound", "Not Found");
  });

  const s = core.common() as ProviderStandIn & Record<string, unknown>;
  Object.assign(s, {
    authorizeUrl: `${core.url}/o/oauth2/v2/auth`,
    tokenUrl: `${core.url}/token`,
    revokeUrl: `${core.url}/revoke`,
    apiUrl: core.url,
    sent: (email: string) => store.box(core.user(email).email).messages.filter((x) => x.labels.has("SENT")),
    deliverToInbox: (email: string, rawMime: string) => {
      const raw = withMessageId(rawMime, "mail.stand-in.example");
      return store.add(core.user(email).email, raw, headMime(raw), ["INBOX", "UNREAD"], { at: core.now() });
    },
  });
  return s;
}
