// A local stand-in for the Microsoft identity platform (v2.0) and Microsoft Graph mail, from their
// documentation:
//   Authorization code flow (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow):
//   GET  /{tenant}/oauth2/v2.0/authorize ?client_id&response_type=code&redirect_uri&scope&state
//        [&code_challenge&code_challenge_method][&prompt][&login_hint] → the consent page. An unknown
//        client → AADSTS700016 page, a redirect_uri not registered exactly → AADSTS50011 page (never a
//        redirect); other refusals redirect with error=…&error_description=AADSTS… (invalid_scope
//        AADSTS70011, unsupported_response_type, invalid_request AADSTS900144); Cancel →
//        error=access_denied (AADSTS65004). Another tenant than the stand-in's (or common /
//        organizations) → AADSTS90002. PKCE: S256 and plain are documented; both verified.
//   POST /{tenant}/oauth2/v2.0/token → {token_type: "Bearer", scope, expires_in: 3599, ext_expires_in,
//        access_token, refresh_token (only with offline_access)}. Refusals carry {error,
//        error_description "AADSTSnnnn: …", error_codes, timestamp, trace_id, correlation_id}: a spent
//        code AADSTS54005, an expired one AADSTS70008 (codes live about 10 minutes), another
//        redirect_uri AADSTS70000, PKCE AADSTS50148, a wrong secret 401 invalid_client AADSTS7000215,
//        a revoked grant AADSTS50173 (refresh-tokens page: "Refresh tokens replace themselves with a
//        fresh token upon every use"; the old one is NOT revoked by its use, so by default it stays
//        good: retireRotatedRefreshTokens makes it die, to prove Baton keeps the new one).
//   There is no endpoint to revoke a delegated refresh token (revokeSignInSessions is an admin action
//   on the user): none is offered; revokeUser() stands for the user or admin withdrawing consent.
//   Graph (learn.microsoft.com/graph/api/…), Bearer token; errors {error: {code, message, innerError}}:
//   401 InvalidAuthenticationToken for a missing, expired or revoked token; 403 ErrorAccessDenied
//   without the permission (Mail.Send to send; Mail.ReadBasic/Mail.Read to read, Mail.Read for
//   $value; Mail.ReadWrite to change; User.Read for /me).
//   GET  /v1.0/me → {id, mail, userPrincipalName, displayName, …} (user-get)
//   POST /v1.0/me/sendMail (user-sendmail): Content-Type application/json {message, saveToSentItems?}
//        or text/plain with the MIME base64-encoded → 202 Accepted, EMPTY body, no id. Invalid base64
//        → 400 ErrorMimeContentInvalidBase64String "Invalid base64 string for MIME content.";
//        internetMessageHeaders other than x-… → 400 InvalidInternetMessageHeader; no recipient → 400
//        ErrorInvalidRecipients; a From that is not the user → 403 ErrorSendAsDenied. The MIME's
//        Message-ID, In-Reply-To and References are kept; the sent copy lands in sentitems.
//        Exchange Online limits (exchange-online-limits#sending-limits): 30 messages a minute → 429
//        ErrorExceededMessageLimit with Retry-After (Exchange itself holds such messages in the Outbox;
//        the stand-in refuses instead, so that Baton's pacing is proven); 10,000 recipients a day
//        (rolling 24 h) → 403 ErrorMessageSubmissionBlocked "5.1.90 … daily limit for message
//        recipients", Retry-After when the oldest leaves the window.
//   GET  /v1.0/me/messages and /me/mailFolders/{id|inbox|sentitems}/messages ?$filter=internetMessageId
//        eq '<…>' (also receivedDateTime ge|gt|le|lt, isRead eq, conversationId eq, joined by `and`;
//        any other clause → 400) &$select&$top&$skip → {value: [{id, internetMessageId, conversationId,
//        parentFolderId, subject, …}], @odata.nextLink?}
//   GET  /v1.0/me/messages/{id} and /{id}/$value (the MIME) — unknown → 404 ErrorItemNotFound
//   GET  /v1.0/me/mailFolders/{id}/messages/delta (delta-query-messages, message-delta) → {value,
//        @odata.nextLink | @odata.deltaLink}; the deltaLink answers only what changed after it
//        (@removed for a message gone from the folder); Prefer: odata.maxpagesize; a token from before
//        expireHistory → 410 SyncStateNotFound.
//   PATCH /me/messages/{id}, POST …/move|copy, DELETE: work, and each is counted in mutations().
// Throttling (graph/throttling, throttling-limits#outlook-service-limits): injected 429s answer
// ApplicationThrottled with Retry-After; reason "MailboxConcurrency" says "Application is over its
// MailboxConcurrency limit.".
import { randomBytes, randomUUID } from "node:crypto";
import type http from "node:http";
import {
  type AccessToken,
  type ApiRequest,
  ProviderCore,
  type ProviderStandIn,
} from "./mail-provider-stand-in.ts";
import { headMime, MailStore, parseMime, type StandInMessage, withMessageId } from "./mail-store.ts";
import { graphMessage, mimeFromJson, parseFilter } from "./microsoft-graph-shapes.ts";

const KNOWN = [
  "openid",
  "profile",
  "email",
  "offline_access",
  "User.Read",
  "User.ReadBasic.All",
  "User.Read.All",
  "Mail.Read",
  "Mail.ReadBasic",
  "Mail.ReadWrite",
  "Mail.Send",
];
const canonical = (s: string) =>
  KNOWN.find((k) => k.toLowerCase() === s.replace(/^https:\/\/graph\.microsoft\.com\//i, "").toLowerCase()) ??
  null;
const FOLDERS = ["inbox", "sentitems", "deleteditems", "drafts", "archive", "junkemail"];
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

export async function startMicrosoftStandIn(
  o: {
    users?: string[];
    tenant?: string;
    rotateRefreshTokens?: boolean;
    retireRotatedRefreshTokens?: boolean;
  } = {},
): Promise<ProviderStandIn> {
  const tenant = o.tenant ?? "common";
  const store = new MailStore("exchange", () => `AAMkAG${randomBytes(33).toString("base64url")}`);
  const trace = () => ({
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    timestamp: new Date().toISOString().replace("T", " ").slice(0, 19) + "Z",
  });
  const aad = (code: string) => {
    const t = trace();
    return `${code}\r\nTrace ID: ${t.trace_id}\r\nCorrelation ID: ${t.correlation_id}\r\nTimestamp: ${t.timestamp}`;
  };
  const codes: Record<string, string> = {
    invalid_request: "AADSTS900144",
    unsupported_response_type: "AADSTS70005",
    invalid_scope: "AADSTS70011",
    login_required: "AADSTS50058",
  };
  const base = `/${tenant}/oauth2/v2.0`;
  const core = new ProviderCore(
    {
      provider: "microsoft",
      page: (kind, p) =>
        kind === "invalid_client"
          ? [
              400,
              "Sorry, but we're having trouble signing you in.",
              `AADSTS700016: Application with identifier '${p.get("client_id") ?? ""}' was not found in the directory '${tenant}'.`,
            ]
          : [
              400,
              "Sorry, but we're having trouble signing you in.",
              `AADSTS50011: The redirect URI '${p.get("redirect_uri") ?? ""}' specified in the request does not match the redirect URIs configured for the application '${p.get("client_id") ?? ""}'.`,
            ],
      authorizeRefusal: (error, detail) => ({ redirect: aad(`${codes[error] ?? "AADSTS90014"}: ${detail}`) }),
      tokenError: (_s, error, detail) => {
        const t = trace();
        return {
          error,
          error_description: aad(detail),
          error_codes: [Number(/AADSTS(\d+)/.exec(detail)?.[1] ?? 0)],
          ...t,
          error_uri: "https://login.microsoftonline.com/error",
        };
      },
      tokenDetail: {
        unknown_client: [
          400,
          "unauthorized_client",
          "AADSTS700016: Application with identifier was not found in the directory.",
        ],
        bad_secret: [
          401,
          "invalid_client",
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
        ],
        code_unknown: [
          400,
          "invalid_grant",
          "AADSTS9002313: Invalid request. Request is malformed or invalid.",
        ],
        code_redeemed: [
          400,
          "invalid_grant",
          "AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        ],
        code_expired: [
          400,
          "invalid_grant",
          "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
        ],
        code_redirect: [
          400,
          "invalid_grant",
          "AADSTS70000: The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
        ],
        pkce_missing: [
          400,
          "invalid_grant",
          "AADSTS50148: The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.",
        ],
        pkce_mismatch: [
          400,
          "invalid_grant",
          "AADSTS50148: The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.",
        ],
        refresh_unknown: [
          400,
          "invalid_grant",
          "AADSTS9002313: Invalid request. Request is malformed or invalid.",
        ],
        refresh_revoked: [
          400,
          "invalid_grant",
          "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.",
        ],
        grant_type: [
          400,
          "unsupported_grant_type",
          "AADSTS70003: The app requested an unsupported grant type ",
        ],
        scope: [
          400,
          "invalid_grant",
          "AADSTS65001: The user or administrator has not consented to use the application. Scopes: ",
        ],
      },
      scope: canonical,
      offline: (_p, scopes) => scopes.some((s) => canonical(s) === "offline_access"),
      deniedDescription: "AADSTS65004: User declined to consent to access the app.",
      unknownAccount: () => "We couldn't find an account with that username.",
    },
    store,
    { authorize: `${base}/authorize`, consent: `${base}/consent`, token: `${base}/token` },
    { rotate: o.rotateRefreshTokens ?? true, retireRotated: o.retireRotatedRefreshTokens ?? false },
  );
  for (const u of o.users ?? []) core.addUser(u);
  const userIds = new Map<string, string>();
  const idOf = (email: string) => {
    if (!userIds.has(email)) userIds.set(email, randomUUID());
    return userIds.get(email)!;
  };
  const folderId = (email: string, name: string) =>
    `AAMkAD${Buffer.from(`${email}:${name}`).toString("base64url")}`;
  const folderOf = (m: StandInMessage) => FOLDERS.find((f) => m.labels.has(f)) ?? "inbox";
  const resolveFolder = (email: string, f: string) =>
    FOLDERS.find((x) => x === f.toLowerCase() || folderId(email, x) === f);

  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      "content-type":
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
      "request-id": randomUUID(),
      ...headers,
    });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  const fail = (
    res: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) =>
    json(
      res,
      status,
      {
        error: {
          code,
          message,
          innerError: {
            date: new Date(core.now()).toISOString().slice(0, 19),
            "request-id": randomUUID(),
            "client-request-id": randomUUID(),
          },
        },
      },
      headers,
    );
  const denied = (res: http.ServerResponse) =>
    fail(res, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
  const holds = (t: AccessToken, any: string[]) =>
    [...t.scopes].some((s) => any.includes(canonical(s) ?? ""));
  const injected = (
    res: http.ServerResponse,
    f: { status: number; retryAfterSeconds?: number; reason?: string },
  ) => {
    if (f.status === 401)
      return fail(res, 401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    const retry = f.retryAfterSeconds ?? (f.status === 429 || f.status === 503 ? 1 : undefined);
    const headers: Record<string, string> = retry !== undefined ? { "retry-after": String(retry) } : {};
    if (f.status === 429)
      return fail(
        res,
        429,
        "ApplicationThrottled",
        f.reason === "MailboxConcurrency" || !f.reason
          ? "Application is over its MailboxConcurrency limit."
          : `Application is over its ${f.reason} limit.`,
        headers,
      );
    const code =
      f.reason ??
      (f.status === 503
        ? "ServiceNotAvailable"
        : f.status >= 500
          ? "InternalServerError"
          : "ErrorAccessDenied");
    return fail(res, f.status, code, code, headers);
  };

  async function sendMail(r: ApiRequest, email: string, t: AccessToken) {
    const { req, res } = r;
    if (!holds(t, ["Mail.Send"])) return denied(res);
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    let raw: string;
    let save = true;
    if (type === "text/plain") {
      const text = r.body.toString("utf8").replace(/\s+/g, "");
      if (!text || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1)
        return fail(
          res,
          400,
          "ErrorMimeContentInvalidBase64String",
          "Invalid base64 string for MIME content.",
        );
      raw = Buffer.from(text, "base64").toString("utf8");
    } else if (type === "application/json") {
      let body: any;
      try {
        body = JSON.parse(r.body.toString("utf8"));
      } catch {
        return fail(
          res,
          400,
          "BadRequest",
          "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
        );
      }
      if (!body?.message || typeof body.message !== "object")
        return fail(res, 400, "ErrorInvalidRequest", "Empty Payload. JSON content expected.");
      const bad = (body.message.internetMessageHeaders ?? []).find(
        (h: any) => !/^x-/i.test(String(h?.name ?? "")),
      );
      if (bad)
        return fail(
          res,
          400,
          "InvalidInternetMessageHeader",
          `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.`,
        );
      save = body.saveToSentItems !== false && body.saveToSentItems !== "false";
      raw = mimeFromJson(
        body.message,
        email,
        `<${randomBytes(16).toString("hex").toUpperCase()}@${email.split("@")[1] ?? "stand-in"}.prod.outlook.com>`,
        new Date(core.now()),
      );
    } else
      return fail(
        res,
        415,
        "UnsupportedMediaType",
        `Content-Type '${type}' is not supported: application/json or text/plain (base64 MIME).`,
      );
    const mime = await parseMime(raw);
    if (!mime) return fail(res, 400, "ErrorMimeContentInvalid", "The MIME content is not valid.");
    const recipients = mime.to.length + mime.cc.length + mime.bcc.length;
    if (recipients === 0)
      return fail(
        res,
        400,
        "ErrorInvalidRecipients",
        "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
      );
    if (mime.from.length && mime.from[0].toLowerCase() !== email)
      return fail(
        res,
        403,
        "ErrorSendAsDenied",
        "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.",
      );
    const f = core.takeFailure(true);
    if (f) return injected(res, f);
    const now = core.now();
    const minute = store.sentWithin(email, now, MINUTE);
    if (minute.messages >= 30)
      return fail(
        res,
        429,
        "ErrorExceededMessageLimit",
        "Cannot send mail: the message rate limit (30 messages a minute) is exceeded.",
        {
          "retry-after": String(Math.max(1, Math.ceil(((minute.oldest ?? now) + MINUTE - now) / 1000))),
        },
      );
    const day = store.sentWithin(email, now, DAY);
    if (day.recipients + recipients > 10_000)
      return fail(
        res,
        403,
        "ErrorMessageSubmissionBlocked",
        "Cannot send mail: 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients.",
        {
          "retry-after": String(Math.max(1, Math.ceil(((day.oldest ?? now) + DAY - now) / 1000))),
        },
      );
    raw = withMessageId(raw, `${email.split("@")[1] ?? "stand-in"}.prod.outlook.com`);
    if (!mime.messageId) mime.messageId = headMime(raw).messageId;
    const box = store.box(email);
    box.sends.push({ at: now, recipients });
    if (save) store.add(email, raw, mime, ["sentitems"], { at: now });
    for (const rcpt of new Set([...mime.to, ...mime.cc, ...mime.bcc].map((x) => x.toLowerCase())))
      if (core.users.has(rcpt) && rcpt !== email)
        store.add(rcpt, raw, mime, ["inbox", "UNREAD"], { at: now });
    if (core.shouldDrop()) {
      req.socket.destroy();
      return;
    }
    res.writeHead(202, { "request-id": randomUUID() });
    res.end();
  }

  const listing = (r: ApiRequest, email: string, all: StandInMessage[], path: string) => {
    const p = r.url.searchParams;
    const filter = p.get("$filter");
    const pred = filter ? parseFilter(filter) : () => true;
    if (!pred) return fail(r.res, 400, "BadRequest", `Invalid filter clause: ${filter}`);
    const top = Math.min(Number(p.get("$top") ?? 10) || 10, 1000);
    const skip = Number(p.get("$skip") ?? 0) || 0;
    const hits = all.filter((m) => pred(m, folderOf(m))).sort((a, b) => b.internalDate - a.internalDate);
    const select = p
      .get("$select")
      ?.split(",")
      .map((s) => s.trim());
    const value = hits
      .slice(skip, skip + top)
      .map((m) => graphMessage(m, folderId(email, folderOf(m)), select));
    const next = new URL(r.url.toString().replace(/^http:\/\/[^/]+/, core.url));
    next.searchParams.set("$skip", String(skip + top));
    return json(r.res, 200, {
      "@odata.context": `${core.url}/v1.0/$metadata#users('${idOf(email)}')/${path}`,
      value,
      ...(skip + top < hits.length ? { "@odata.nextLink": next.toString() } : {}),
    });
  };

  const delta = (r: ApiRequest, email: string, folder: string) => {
    const p = r.url.searchParams;
    const box = store.box(email);
    let state: { since: number; upTo: number; offset: number };
    const skipToken = p.get("$skiptoken");
    const deltaToken = p.get("$deltatoken");
    try {
      state = skipToken
        ? JSON.parse(Buffer.from(skipToken, "base64url").toString("utf8"))
        : { since: deltaToken ? Number(deltaToken) : 0, upTo: store.current(), offset: 0 };
      if (![state.since, state.upTo, state.offset].every(Number.isInteger)) throw new Error("bad token");
    } catch {
      return fail(
        r.res,
        400,
        "ErrorInvalidSyncStateData",
        "The sync state data is corrupted or otherwise invalid.",
      );
    }
    if (state.since > 0 && state.since < box.firstSeq - 1)
      return fail(
        r.res,
        410,
        "SyncStateNotFound",
        "The sync state is no longer available; start a new initial sync.",
      );
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(String(r.req.headers.prefer ?? ""))?.[1] ?? 10);
    const changes: Array<Record<string, unknown>> = [];
    const seen = new Set<string>();
    for (const e of [...box.log].reverse()) {
      if (e.seq <= state.since || e.seq > state.upTo || seen.has(e.id)) continue;
      seen.add(e.id);
      const m = box.messages.find((x) => x.id === e.id);
      if (m && folderOf(m) === folder && m.changeSeq <= state.upTo)
        changes.push(graphMessage(m, folderId(email, folder), p.get("$select")?.split(",")));
      else if (
        state.since > 0 &&
        (e.kind === "removed" ||
          (m && folderOf(m) !== folder && box.log.some((x) => x.id === e.id && x.folder === folder)))
      )
        changes.push({ id: e.id, "@removed": { reason: "deleted" } });
    }
    changes.reverse();
    const page = changes.slice(state.offset, state.offset + size);
    const link = new URL(`${core.url}/v1.0/me/mailFolders/${folder}/messages/delta`);
    if (state.offset + size < changes.length) {
      link.searchParams.set(
        "$skiptoken",
        Buffer.from(JSON.stringify({ ...state, offset: state.offset + size })).toString("base64url"),
      );
      return json(r.res, 200, {
        "@odata.context": `${core.url}/v1.0/$metadata#Collection(message)`,
        "@odata.nextLink": link.toString(),
        value: page,
      });
    }
    link.searchParams.set("$deltatoken", String(state.upTo));
    return json(r.res, 200, {
      "@odata.context": `${core.url}/v1.0/$metadata#Collection(message)`,
      "@odata.deltaLink": link.toString(),
      value: page,
    });
  };

  await core.listen(async (r) => {
    const { res, url, method } = r;
    const other = /^\/([^/]+)\/oauth2\/v2\.0\/(authorize|token)$/.exec(url.pathname);
    if (other) {
      const known = ["common", "organizations", tenant].includes(other[1]);
      const d = `AADSTS90002: Tenant '${other[1]}' not found.`;
      return known
        ? fail(res, 404, "NotFound", "the stand-in serves its own tenant's path")
        : json(res, 400, { error: "invalid_request", error_description: d, error_codes: [90002] });
    }
    const m = /^\/v1\.0\/(?:me|users\/([^/]+))(\/.*)?$/.exec(url.pathname);
    if (!m)
      return fail(
        res,
        400,
        "BadRequest",
        `Resource not found for the segment '${url.pathname.split("/")[2] ?? ""}'.`,
      );
    const t = core.bearer(r.req);
    if (typeof t === "string")
      return fail(
        res,
        401,
        "InvalidAuthenticationToken",
        t === "missing"
          ? "Access token is empty."
          : t === "expired"
            ? "Lifetime validation failed, the token is expired."
            : "Access token validation failure. Invalid audience.",
        {
          "www-authenticate":
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        },
      );
    const email = t.grant.email;
    core.users_of.set(res, email);
    if (m[1] && ![email, idOf(email)].includes(decodeURIComponent(m[1]).toLowerCase())) return denied(res);
    const rest = m[2] ?? "";
    const box = store.box(email);
    if (rest === "/sendMail" && method === "POST") return sendMail(r, email, t);
    const item = /^\/messages\/([^/]+)(?:\/(move|copy))?$/.exec(rest);
    if (item && (method === "PATCH" || method === "DELETE" || (method === "POST" && item[2]))) {
      box.mutations += 1;
      if (!holds(t, ["Mail.ReadWrite"])) return denied(res);
      const f = core.takeFailure(false);
      if (f) return injected(res, f);
      const x = store.find(email, item[1]);
      if (!x) return fail(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
      let body: any = {};
      try {
        body = JSON.parse(r.body.toString("utf8") || "{}");
      } catch {
        return fail(res, 400, "BadRequest", "Unable to read JSON request payload.");
      }
      const moveTo =
        method === "DELETE"
          ? "deleteditems"
          : item[2]
            ? resolveFolder(email, String(body.destinationId ?? ""))
            : undefined;
      if (item[2] && !moveTo)
        return fail(res, 404, "ErrorItemNotFound", "The specified folder was not found in the store.");
      if (moveTo) {
        for (const f2 of FOLDERS) x.labels.delete(f2);
        x.labels.add(moveTo);
      }
      if (typeof body.isRead === "boolean") body.isRead ? x.labels.delete("UNREAD") : x.labels.add("UNREAD");
      store.touch(box, x, "changed", moveTo);
      if (method === "DELETE") {
        res.writeHead(204);
        res.end();
        return;
      }
      return json(res, item[2] ? 201 : 200, graphMessage(x, folderId(email, folderOf(x))));
    }
    if (method !== "GET") return fail(res, 405, "ErrorInvalidRequest", "The OData request is not supported.");
    const f = core.takeFailure(false);
    if (f) return injected(res, f);
    if (rest === "") {
      if (!holds(t, ["User.Read", "User.ReadBasic.All", "User.Read.All"]))
        return fail(
          res,
          403,
          "Authorization_RequestDenied",
          "Insufficient privileges to complete the operation.",
        );
      const local = email.split("@")[0];
      return json(res, 200, {
        "@odata.context": `${core.url}/v1.0/$metadata#users/$entity`,
        businessPhones: [],
        displayName: local,
        givenName: local,
        surname: null,
        jobTitle: null,
        mail: email,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: null,
        userPrincipalName: email,
        id: idOf(email),
      });
    }
    if (!holds(t, ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"])) return denied(res);
    if (rest === "/messages") return listing(r, email, box.messages, "messages");
    const folderPath = /^\/mailFolders\/([^/]+)(\/messages(\/delta)?)?$/.exec(rest);
    if (folderPath) {
      const folder = resolveFolder(email, decodeURIComponent(folderPath[1]));
      if (!folder)
        return fail(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
      if (folderPath[3]) return delta(r, email, folder);
      if (folderPath[2])
        return listing(
          r,
          email,
          box.messages.filter((x) => folderOf(x) === folder),
          `mailFolders('${folder}')/messages`,
        );
      const inFolder = box.messages.filter((x) => folderOf(x) === folder);
      return json(res, 200, {
        id: folderId(email, folder),
        displayName: folder,
        parentFolderId: folderId(email, "root"),
        childFolderCount: 0,
        unreadItemCount: inFolder.filter((x) => x.labels.has("UNREAD")).length,
        totalItemCount: inFolder.length,
        isHidden: false,
      });
    }
    const one = /^\/messages\/([^/]+)(\/\$value)?$/.exec(rest);
    if (one) {
      const x = store.find(email, decodeURIComponent(one[1]));
      if (!x) return fail(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
      if (!one[2])
        return json(
          res,
          200,
          graphMessage(x, folderId(email, folderOf(x)), url.searchParams.get("$select")?.split(",")),
        );
      if (!holds(t, ["Mail.Read", "Mail.ReadWrite"])) return denied(res);
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end(x.raw);
    }
    return fail(res, 400, "BadRequest", `Resource not found for the segment '${rest.split("/")[1] ?? ""}'.`);
  });

  const s = core.common() as ProviderStandIn & Record<string, unknown>;
  Object.assign(s, {
    authorizeUrl: `${core.url}${base}/authorize`,
    tokenUrl: `${core.url}${base}/token`,
    apiUrl: core.url,
    sent: (email: string) =>
      store.box(core.user(email).email).messages.filter((x) => x.labels.has("sentitems")),
    deliverToInbox: (email: string, rawMime: string) => {
      const raw = withMessageId(rawMime, "stand-in.prod.outlook.com");
      return store.add(core.user(email).email, raw, headMime(raw), ["inbox", "UNREAD"], { at: core.now() });
    },
  });
  return s;
}
