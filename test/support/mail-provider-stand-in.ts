// The part Google's and Microsoft's stand-ins share (google-stand-in.ts, microsoft-stand-in.ts): the
// OAuth 2.0 authorization server (authorization code grant with PKCE, a consent page Chromium can
// click, the token endpoint, refresh, revocation), the known users, the mail store (mail-store.ts),
// injected failures, dropped answers, the clock and the request log. Each provider file gives the
// error texts of its provider and its API.
//
// What both authorization servers enforce (RFC 6749 §4.1, RFC 7636; the providers' pages are cited in
// their own files):
// - authorize: an unknown client_id or a redirect_uri not registered EXACTLY shows an error page and
//   never redirects; any other refusal (response_type other than code, no scope, an unknown scope, a
//   malformed code_challenge) is the provider's (Google: an error page; Microsoft: a redirect with
//   error=…). The page lists the known accounts (#accounts), has #email (and #password for a user
//   with one), a checkbox per requested scope (granular consent), #allow and #deny. Deny → redirect
//   with error=access_denied and the state.
// - a code is good once (any exchange spends it), for 10 minutes, for its client and its redirect_uri,
//   and with the code_verifier of its code_challenge (S256 or plain: both providers document both).
// - the token endpoint authenticates the client (client_secret in the form or HTTP Basic): a wrong
//   secret is 401 invalid_client; it answers {access_token, expires_in: 3599, token_type: "Bearer",
//   scope (the granted ones), refresh_token when the provider issues one}. No id_token is issued:
//   Baton reads the consenting address from the API (Gmail getProfile, Graph /me).
// - revokeUser / a revocation: every token of the grant is dead (refresh → invalid_grant, access → 401).
// The test hooks: failNext applies to API requests only (never the authorization server), in the
// order queued; dropAnswers applies to sends (stored, then the socket destroyed: the request log
// shows status 0); setNow(ms) sets the clock to ms and lets it run on from there (code and token
// lifetimes, the sending limits' windows); mutations() counts every call to an endpoint that changes
// a message (labels, folder, read state, deletion), refused or not.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type MailStore, type StandInMessage, seeded } from "./mail-store.ts";

export type { StandInMessage } from "./mail-store.ts";

export interface MailUser {
  email: string;
  password?: string;
}

export interface ProviderStandIn {
  url: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  apiUrl: string;
  addUser(email: string, password?: string): void;
  nextLogin(email: string, o?: { grantScopes?: string[]; deny?: boolean }): void;
  consent(authorizeUrl: string, as: string, o?: { grantScopes?: string[]; deny?: boolean }): Promise<string>;
  mailbox(email: string): StandInMessage[];
  sent(email: string): StandInMessage[];
  deliverToInbox(email: string, rawMime: string): StandInMessage;
  revokeUser(email: string): void;
  expireAccessTokens(): void;
  failNext(
    kind: "send" | "any",
    status: number,
    o?: { times?: number; retryAfterSeconds?: number; reason?: string },
  ): void;
  dropAnswers(fraction: number, seed?: number): void;
  setNow(ms: number): void;
  requests: Array<{ method: string; path: string; query?: string; user?: string; status: number }>;
  mutations(email: string): number;
  /** every authorize request's parameters, in order (e.g. to check Baton sent S256 PKCE and a state) */
  authorizations: URLSearchParams[];
  /** the change log starts over: every earlier historyId / delta token is too old */
  expireHistory(email: string): void;
  close(): Promise<void>;
}

export interface Grant {
  email: string;
  clientId: string;
  scopes: Set<string>;
  revoked: boolean;
}
export interface AccessToken {
  grant: Grant;
  scopes: Set<string>;
  expiresAt: number;
}
interface Code {
  email: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge?: { value: string; method: string };
  expiresAt: number;
  offline: boolean;
  promptConsent: boolean;
  includeGranted: boolean;
}
export interface Failure {
  kind: "send" | "any";
  status: number;
  times: number;
  retryAfterSeconds?: number;
  reason?: string;
}

/** What the provider file says for each refusal of the authorization server. */
export interface AuthTexts {
  provider: "google" | "microsoft";
  /** an error page for a refused authorize request: [status, title, detail] */
  page(kind: "invalid_client" | "redirect_uri_mismatch", p: URLSearchParams): [number, string, string];
  /** any other authorize refusal: a page (Google) or a redirect error (Microsoft) */
  authorizeRefusal(error: string, detail: string): { page: [number, string, string] } | { redirect: string };
  /** a token endpoint refusal body (RFC 6749 §5.2 plus the provider's own fields) */
  tokenError(status: number, error: string, detail: string): Record<string, unknown>;
  tokenDetail: Record<
    | "unknown_client"
    | "bad_secret"
    | "code_unknown"
    | "code_redeemed"
    | "code_expired"
    | "code_redirect"
    | "pkce_missing"
    | "pkce_mismatch"
    | "refresh_unknown"
    | "refresh_revoked"
    | "grant_type"
    | "scope",
    [number, string, string]
  >;
  /** the scope as the provider writes it, or null when the provider does not know it */
  scope(s: string): string | null;
  /** a refresh token for this exchange (Google: access_type=offline; Microsoft: offline_access) */
  offline(p: URLSearchParams, scopes: string[]): boolean;
  tokenExtras?: Record<string, unknown>;
  deniedDescription?: string;
  unknownAccount(email: string): string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function errorPage(title: string, detail: string): string {
  return `<!doctype html><html><head><title>${esc(title)}</title></head><body><h1 id="error">${esc(title)}</h1><p id="detail">${esc(detail)}</p></body></html>`;
}

const verifierRe = /^[A-Za-z0-9._~-]{43,128}$/;

export interface ApiRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  body: Buffer;
  method: string;
}

export class ProviderCore {
  readonly clientId = `${randomBytes(6).toString("hex")}.stand-in.apps`;
  readonly clientSecret = randomBytes(18).toString("base64url");
  redirectUris: string[] = [];
  readonly users = new Map<string, MailUser>();
  readonly grants: Grant[] = [];
  readonly access = new Map<string, AccessToken>();
  readonly refresh = new Map<string, { grant: Grant; scopes: Set<string>; retired: boolean }>();
  readonly codes = new Map<string, Code>();
  readonly redeemed = new Set<string>();
  readonly pending = new Map<string, URLSearchParams>();
  readonly logins: Array<{ email: string; grantScopes?: string[]; deny?: boolean }> = [];
  readonly failures: Failure[] = [];
  readonly authorizations: URLSearchParams[] = [];
  readonly requests: ProviderStandIn["requests"] = [];
  readonly users_of = new WeakMap<http.ServerResponse, string>();
  /** setNow: the stand-in's clock reads `ms` at that moment and runs on from there */
  private offset = 0;
  private drop = { fraction: 0, rng: seeded(1) };
  server!: http.Server;
  url = "";

  constructor(
    readonly texts: AuthTexts,
    readonly store: MailStore,
    readonly paths: { authorize: string; consent: string; token: string; revoke?: string },
    readonly o: { rotate: boolean; retireRotated: boolean },
  ) {}

  now = () => Date.now() + this.offset;
  setNow(ms: number) {
    this.offset = ms - Date.now();
  }
  addUser(email: string, password?: string) {
    this.users.set(email.toLowerCase(), { email: email.toLowerCase(), password });
    this.store.box(email);
  }
  user(email: string): MailUser {
    const u = this.users.get(email.toLowerCase());
    if (!u) throw new Error(`the stand-in knows no user ${email}`);
    return u;
  }
  dropAnswers(fraction: number, seed = 1) {
    this.drop = { fraction, rng: seeded(seed) };
  }
  shouldDrop() {
    return this.drop.fraction > 0 && this.drop.rng() < this.drop.fraction;
  }
  failNext(
    kind: "send" | "any",
    status: number,
    o: { times?: number; retryAfterSeconds?: number; reason?: string } = {},
  ) {
    this.failures.push({
      kind,
      status,
      times: o.times ?? 1,
      retryAfterSeconds: o.retryAfterSeconds,
      reason: o.reason,
    });
  }
  /** The injected failure this request meets, if any (counted down). */
  takeFailure(isSend: boolean): Failure | undefined {
    const f = this.failures.find((x) => x.kind === "any" || (x.kind === "send" && isSend));
    if (!f) return undefined;
    f.times -= 1;
    if (f.times <= 0) this.failures.splice(this.failures.indexOf(f), 1);
    return f;
  }
  revokeUser(email: string) {
    for (const g of this.grants) if (g.email === email.toLowerCase()) g.revoked = true;
  }
  expireAccessTokens() {
    for (const t of this.access.values()) t.expiresAt = Number.NEGATIVE_INFINITY;
  }

  /** The bearer token of an API request, or why there is none. */
  bearer(req: http.IncomingMessage): AccessToken | "missing" | "invalid" | "expired" {
    const h = req.headers.authorization ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) return "missing";
    const t = this.access.get(m[1]);
    if (!t || t.grant.revoked) return "invalid";
    return t.expiresAt <= this.now() ? "expired" : t;
  }

  private redirect(res: http.ServerResponse, to: string, params: Record<string, string | undefined>) {
    const u = new URL(to);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    res.writeHead(302, { location: u.toString(), "cache-control": "no-store" });
    res.end();
  }
  private html(res: http.ServerResponse, status: number, body: string) {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  }
  private json(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  }

  authorize(res: http.ServerResponse, p: URLSearchParams) {
    this.authorizations.push(p);
    if (p.get("client_id") !== this.clientId) {
      const [s, t, d] = this.texts.page("invalid_client", p);
      return this.html(res, s, errorPage(t, d));
    }
    const redirectUri = p.get("redirect_uri") ?? "";
    if (!this.redirectUris.includes(redirectUri)) {
      const [s, t, d] = this.texts.page("redirect_uri_mismatch", p);
      return this.html(res, s, errorPage(t, d));
    }
    const refuse = (error: string, detail: string) => {
      const r = this.texts.authorizeRefusal(error, detail);
      if ("page" in r) return this.html(res, r.page[0], errorPage(r.page[1], r.page[2]));
      return this.redirect(res, redirectUri, {
        error,
        error_description: r.redirect,
        state: p.get("state") ?? undefined,
      });
    };
    if (!p.get("response_type"))
      return refuse("invalid_request", "Required parameter is missing: response_type");
    if (p.get("response_type") !== "code")
      return refuse("unsupported_response_type", `Unsupported response_type: ${p.get("response_type")}`);
    const scopes = (p.get("scope") ?? "").split(/\s+/).filter(Boolean);
    if (scopes.length === 0) return refuse("invalid_request", "Missing required parameter: scope");
    const unknown = scopes.filter((s) => this.texts.scope(s) === null);
    if (unknown.length)
      return refuse("invalid_scope", `Some requested scopes were invalid: ${unknown.join(" ")}`);
    const challenge = p.get("code_challenge");
    const method = p.get("code_challenge_method") ?? "plain";
    if (
      challenge !== null &&
      (!/^[A-Za-z0-9._~-]{43,128}$/.test(challenge) || !["S256", "plain"].includes(method))
    )
      return refuse("invalid_request", "Invalid code_challenge or code_challenge_method");
    if (challenge === null && p.has("code_challenge_method"))
      return refuse("invalid_request", "code_challenge_method without code_challenge");
    const login = this.logins.shift();
    if (login) return this.decide(res, p, login.email, login);
    if (p.get("prompt") === "none") return refuse("login_required", "The user must sign in (prompt=none)");
    const id = randomBytes(12).toString("base64url");
    this.pending.set(id, p);
    return this.html(res, 200, this.page(id, p));
  }

  private page(id: string, p: URLSearchParams, error?: string): string {
    const scopes = (p.get("scope") ?? "").split(/\s+/).filter(Boolean);
    const name = this.texts.provider === "google" ? "Google" : "Microsoft";
    const accounts = [...this.users.values()]
      .map(
        (u) =>
          `<li><button type="button" class="account" data-email="${esc(u.email)}">${esc(u.email)}</button></li>`,
      )
      .join("");
    const boxes = scopes
      .map(
        (s, i) =>
          `<li><label><input type="checkbox" id="scope-${i}" name="scope" value="${esc(s)}" checked> ${esc(s)}</label></li>`,
      )
      .join("");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - ${name} Accounts</title></head><body><main>
<h1>Sign in with ${name}</h1>${error ? `<p id="error" role="alert">${esc(error)}</p>` : ""}
<form method="post" action="${this.paths.consent}">
<input type="hidden" name="request" value="${id}">
<ul id="accounts">${accounts}</ul>
<label for="email">Email</label> <input id="email" name="email" type="email" autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password">
<p>The app ${esc(p.get("client_id") ?? "")} wants to:</p><ul id="scopes">${boxes}</ul>
<button id="allow" name="decision" value="allow" type="submit">Allow</button>
<button id="deny" name="decision" value="deny" type="submit">Cancel</button>
</form><script>for (const b of document.querySelectorAll("button.account")) b.onclick = () => { document.getElementById("email").value = b.dataset.email; };</script>
</main></body></html>`;
  }

  consentPost(res: http.ServerResponse, form: URLSearchParams) {
    const id = form.get("request") ?? "";
    const p = this.pending.get(id);
    if (!p)
      return this.html(
        res,
        400,
        errorPage("Error 400: invalid_request", "This sign-in request has expired or was already used."),
      );
    const email = (form.get("email") ?? "").trim().toLowerCase();
    if (form.get("decision") !== "deny") {
      const u = this.users.get(email);
      if (!u) return this.html(res, 200, this.page(id, p, this.texts.unknownAccount(email)));
      if (u.password !== undefined && u.password !== form.get("password"))
        return this.html(res, 200, this.page(id, p, "Wrong password. Try again."));
    }
    this.pending.delete(id);
    const checked = form.getAll("scope");
    return this.decide(res, p, email, { grantScopes: checked, deny: form.get("decision") === "deny" });
  }

  private decide(
    res: http.ServerResponse,
    p: URLSearchParams,
    email: string,
    o: { grantScopes?: string[]; deny?: boolean },
  ) {
    const redirectUri = p.get("redirect_uri")!;
    const state = p.get("state") ?? undefined;
    if (o.deny)
      return this.redirect(res, redirectUri, {
        error: "access_denied",
        error_description: this.texts.deniedDescription,
        state,
      });
    this.user(email);
    const requested = (p.get("scope") ?? "").split(/\s+/).filter(Boolean);
    const always = ["openid", "email", "profile", "offline_access"];
    const scopes = o.grantScopes
      ? requested.filter((s) => o.grantScopes!.includes(s) || always.includes(s))
      : requested;
    const code = `${this.texts.provider === "google" ? "4/0A" : "M.C5"}${randomBytes(24).toString("base64url")}`;
    const challenge = p.get("code_challenge");
    this.codes.set(code, {
      email: email.toLowerCase(),
      clientId: p.get("client_id")!,
      redirectUri,
      scopes,
      challenge: challenge
        ? { value: challenge, method: p.get("code_challenge_method") ?? "plain" }
        : undefined,
      expiresAt: this.now() + 10 * 60_000,
      offline: this.texts.offline(p, scopes),
      promptConsent: (p.get("prompt") ?? "").split(" ").includes("consent"),
      includeGranted: p.get("include_granted_scopes") === "true",
    });
    const extra =
      this.texts.provider === "google"
        ? { scope: scopes.join(" ") }
        : { session_state: randomBytes(8).toString("hex") };
    return this.redirect(res, redirectUri, { code, state, ...extra });
  }

  private tokenFail(res: http.ServerResponse, key: keyof AuthTexts["tokenDetail"], extra = "") {
    const [status, error, detail] = this.texts.tokenDetail[key];
    return this.json(res, status, this.texts.tokenError(status, error, detail + extra));
  }

  token(req: http.IncomingMessage, res: http.ServerResponse, form: URLSearchParams) {
    let clientId = form.get("client_id");
    let secret = form.get("client_secret");
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (basic) {
      const [id, s] = Buffer.from(basic[1], "base64").toString("utf8").split(":").map(decodeURIComponent);
      clientId = id;
      secret = s;
    }
    if (clientId !== this.clientId) return this.tokenFail(res, "unknown_client");
    if (secret !== this.clientSecret) return this.tokenFail(res, "bad_secret");
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const codeText = form.get("code") ?? "";
      const code = this.codes.get(codeText);
      this.codes.delete(codeText);
      if (!code) return this.tokenFail(res, this.redeemed.has(codeText) ? "code_redeemed" : "code_unknown");
      this.redeemed.add(codeText);
      if (code.expiresAt <= this.now()) return this.tokenFail(res, "code_expired");
      if (code.clientId !== clientId) return this.tokenFail(res, "code_unknown");
      if (code.redirectUri !== form.get("redirect_uri")) return this.tokenFail(res, "code_redirect");
      if (code.challenge) {
        const v = form.get("code_verifier");
        if (!v) return this.tokenFail(res, "pkce_missing");
        const derived =
          code.challenge.method === "S256" ? createHash("sha256").update(v).digest("base64url") : v;
        if (!verifierRe.test(v) || derived !== code.challenge.value)
          return this.tokenFail(res, "pkce_mismatch");
      }
      let grant = this.grants.find((g) => g.email === code.email && g.clientId === clientId && !g.revoked);
      const first = !grant;
      if (!grant) {
        grant = { email: code.email, clientId, scopes: new Set(), revoked: false };
        this.grants.push(grant);
      }
      const scopes = new Set(code.includeGranted ? [...grant.scopes, ...code.scopes] : code.scopes);
      for (const s of code.scopes) grant.scopes.add(s);
      const withRefresh =
        code.offline && (this.texts.provider === "microsoft" || first || code.promptConsent);
      return this.json(res, 200, this.issue(grant, scopes, withRefresh));
    }
    if (grantType === "refresh_token") {
      const r = this.refresh.get(form.get("refresh_token") ?? "");
      if (!r || r.grant.clientId !== clientId) return this.tokenFail(res, "refresh_unknown");
      if (r.grant.revoked || r.retired) return this.tokenFail(res, "refresh_revoked");
      const asked = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
      const ignore = ["openid", "email", "profile", "offline_access"];
      const extra = asked.filter((s) => !ignore.includes(s) && !r.scopes.has(s));
      if (extra.length) return this.tokenFail(res, "scope", extra.join(" "));
      const scopes = asked.length
        ? new Set(asked.filter((s) => r.scopes.has(s) || ignore.includes(s)))
        : r.scopes;
      const body = this.issue(r.grant, scopes, this.o.rotate);
      if (this.o.rotate && this.o.retireRotated) r.retired = true;
      return this.json(res, 200, body);
    }
    return this.tokenFail(res, "grant_type", String(grantType));
  }

  private issue(grant: Grant, scopes: Set<string>, withRefresh: boolean) {
    const access = `${this.texts.provider === "google" ? "ya29." : "EwB"}${randomBytes(24).toString("base64url")}`;
    this.access.set(access, { grant, scopes, expiresAt: this.now() + 3599_000 });
    let refresh: string | undefined;
    if (withRefresh) {
      refresh = `${this.texts.provider === "google" ? "1//0" : "M.R3_"}${randomBytes(24).toString("base64url")}`;
      this.refresh.set(refresh, { grant, scopes, retired: false });
    }
    const scope = [...scopes].join(" ");
    return this.texts.provider === "google"
      ? {
          access_token: access,
          expires_in: 3599,
          ...(refresh ? { refresh_token: refresh } : {}),
          scope,
          token_type: "Bearer",
        }
      : {
          token_type: "Bearer",
          scope,
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: access,
          ...(refresh ? { refresh_token: refresh } : {}),
        };
  }

  /** Google's revocation endpoint: the grant a token belongs to is revoked, every token with it. */
  revoke(res: http.ServerResponse, token: string) {
    const grant = this.access.get(token)?.grant ?? this.refresh.get(token)?.grant;
    if (!grant || grant.revoked)
      return this.json(res, 400, { error: "invalid_token", error_description: "Token expired or revoked" });
    grant.revoked = true;
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    return res.end("{}");
  }

  /** Follows an authorize URL as a person would: GET the page, POST the decision; the redirect. */
  async consent(
    authorizeUrl: string,
    as: string,
    o: { grantScopes?: string[]; deny?: boolean } = {},
  ): Promise<string> {
    const page = await fetch(authorizeUrl, { redirect: "manual" });
    if (page.status === 302) return page.headers.get("location")!;
    const html = await page.text();
    const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
    if (page.status !== 200 || !request)
      throw new Error(
        `the consent page refused: ${html
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .trim()}`,
      );
    const form = new URLSearchParams({
      request,
      email: as,
      password: this.users.get(as.toLowerCase())?.password ?? "",
    });
    form.set("decision", o.deny ? "deny" : "allow");
    const offered = [...html.matchAll(/name="scope" value="([^"]+)"/g)].map((m) =>
      m[1].replace(/&amp;/g, "&"),
    );
    for (const s of o.grantScopes ?? offered) form.append("scope", s);
    const answer = await fetch(new URL(this.paths.consent, this.url), {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    const location = answer.headers.get("location");
    if (answer.status !== 302 || !location) {
      const text = (await answer.text()).match(/id="error"[^>]*>([^<]*)/)?.[1] ?? `status ${answer.status}`;
      throw new Error(`the consent was not given: ${text}`);
    }
    return location;
  }

  /** Starts the server: the authorization server's paths here, everything else to `api`. */
  async listen(api: (r: ApiRequest) => unknown): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const url = new URL(req.url ?? "/", this.url);
        const method = req.method ?? "GET";
        const entry = {
          method,
          path: url.pathname,
          query: url.search || undefined,
          status: 0,
        } as ProviderStandIn["requests"][0];
        this.requests.push(entry);
        res.on("finish", () => {
          entry.status = res.statusCode;
          entry.user = this.users_of.get(res);
        });
        const body = Buffer.concat(chunks);
        try {
          const form = () => new URLSearchParams(body.toString("utf8"));
          if (url.pathname === this.paths.authorize && method === "GET")
            return this.authorize(res, url.searchParams);
          if (url.pathname === this.paths.consent && method === "POST") return this.consentPost(res, form());
          if (url.pathname === this.paths.token) {
            if (method !== "POST")
              return this.json(res, 405, { error: "invalid_request", error_description: "POST only" });
            if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"))
              return this.json(
                res,
                400,
                this.texts.tokenError(
                  400,
                  "invalid_request",
                  "Content-Type must be application/x-www-form-urlencoded",
                ),
              );
            return this.token(req, res, form());
          }
          if (this.paths.revoke && url.pathname === this.paths.revoke) {
            if (method !== "POST") return this.json(res, 405, { error: "invalid_request" });
            return this.revoke(res, form().get("token") ?? url.searchParams.get("token") ?? "");
          }
          await api({ req, res, url, body, method });
        } catch (e) {
          if (!res.headersSent) this.json(res, 500, { error: { code: 500, message: String(e) } });
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The contract's members every stand-in shares; the provider file adds its URLs and mail calls. */
  common() {
    const core = this;
    return {
      get url() {
        return core.url;
      },
      clientId: core.clientId,
      clientSecret: core.clientSecret,
      get redirectUris() {
        return core.redirectUris;
      },
      set redirectUris(v: string[]) {
        core.redirectUris = v;
      },
      addUser: (email: string, password?: string) => core.addUser(email, password),
      nextLogin: (email: string, o: { grantScopes?: string[]; deny?: boolean } = {}) => {
        core.user(email);
        core.logins.push({ email: email.toLowerCase(), ...o });
      },
      consent: (u: string, as: string, o?: { grantScopes?: string[]; deny?: boolean }) =>
        core.consent(u, as, o),
      mailbox: (email: string) => [...core.store.box(core.user(email).email).messages],
      revokeUser: (email: string) => core.revokeUser(email),
      expireAccessTokens: () => core.expireAccessTokens(),
      failNext: (
        k: "send" | "any",
        s: number,
        o?: { times?: number; retryAfterSeconds?: number; reason?: string },
      ) => core.failNext(k, s, o),
      dropAnswers: (f: number, seed?: number) => core.dropAnswers(f, seed),
      setNow: (ms: number) => core.setNow(ms),
      requests: core.requests,
      mutations: (email: string) => core.store.box(email).mutations,
      authorizations: core.authorizations,
      expireHistory: (email: string) => {
        const b = core.store.box(email);
        b.log = [];
        b.firstSeq = core.store.current() + 1;
      },
      close: () => core.close(),
    };
  }
}

/** The scopes a token holds that satisfy one of `accepted`. */
export const holds = (t: AccessToken, accepted: string[]) => accepted.some((s) => t.scopes.has(s));
