// A local stand-in for Salesforce (login server and org instance on one port), following the
// documented REST API and OAuth 2.0 web-server flow:
//   GET  /services/oauth2/authorize?response_type=code&client_id&redirect_uri&state
//        [&code_challenge&code_challenge_method] → 302 redirect_uri?code=…&state=… (the person
//        approves at once); the code is good once, for its redirect_uri and, when it was issued with
//        a code_challenge, with the matching code_verifier only (PKCE, pkce-check.ts)
//   POST /services/oauth2/token (form) grant_type=authorization_code|refresh_token
//        → {access_token, refresh_token (code grant only), instance_url, id, token_type, issued_at,
//          signature, scope}; no expires_in. Errors {error, error_description} (400).
//   /services/data/vNN.N/sobjects/{Type}          POST create → 201 {id, success, errors}
//   /services/data/vNN.N/sobjects/{Type}/{Id}     GET (?fields=) | PATCH → 204 | DELETE → 204
//   /services/data/vNN.N/sobjects/{Type}/{ExtIdField}/{value}  PATCH upsert → 201 created | 200
//        updated ({id, success, errors, created}); GET the record (salesforce-store.ts)
//   /services/data/vNN.N/composite  {allOrNone, compositeRequest} (salesforce-composite.ts)
//   /services/data/vNN.N/sobjects/{Type}/deleted/?start=&end=
//        → {deletedRecords: [{id, deletedDate}], earliestDateAvailable, latestDateCovered}
//   /services/data/vNN.N/query?q=SOQL → {totalSize, done, records, nextRecordsUrl?}
//   /services/data/vNN.N/query/{locator}  the next batch
// The org serves every supported API version, 31.0 through 68.0 (Winter '27), as Salesforce's API
// end-of-life table says; a retired one (below 31.0) answers 410 GONE, one it does not know 404.
// Errors are arrays [{message, errorCode, fields}]: 401 INVALID_SESSION_ID, 403
// REQUEST_LIMIT_EXCEEDED, 404 NOT_FOUND, 400 MALFORMED_QUERY / INVALID_FIELD / REQUIRED_FIELD_MISSING /
// DUPLICATES_DETECTED … The org has a unique External ID text field Baton_Id__c on Contact, Account
// and Opportunity unless the test says otherwise (externalIds), as docs/adapters.md asks.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { challengeOf, type IssuedChallenge, pkceRefusal } from "./pkce-check.ts";
import { runComposite } from "./salesforce-composite.ts";
import { parseSoql, runSoql, SoqlError } from "./salesforce-soql.ts";
import { API_USER, PERSON_USER, SfError, SfStore, sfDateTime } from "./salesforce-store.ts";

export interface SalesforceStandIn {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
  store: SfStore;
  requests: Array<{ method: string; path: string; body: any }>;
  /** Token grants answered, by grant type. */
  grants: string[];
  /** The stand-in's clock (SystemModstamp, deletedDate); tests move it. */
  clock: Date;
  /** Records per query batch (Salesforce: 2000 by default). */
  pageSize: number;
  /** The next N data requests fail: a 403 REQUEST_LIMIT_EXCEEDED, a 503, or a 500. */
  failNext(kind: "REQUEST_LIMIT_EXCEEDED" | "SERVER_UNAVAILABLE" | "UNKNOWN_EXCEPTION", times?: number): void;
  /** The next data request is carried out, but its answer is lost (the connection drops). */
  loseNextAnswer(): void;
  /** Every access token stops working (as when a session times out or is revoked). */
  expireSessions(): void;
  /** The refresh token is revoked: the refresh grant answers invalid_grant. */
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

/** The newest API version Salesforce serves (Winter '27), and the oldest not retired. */
export const SF_LATEST_VERSION = "68.0";
const SF_OLDEST_VERSION = 31;

/** Why a /services/data/vNN.N/ path is refused for its version; undefined: the org serves it. */
function versionRefusal(version: string | undefined): SfError | undefined {
  const n = Number(version);
  if (!version || !/^\d+\.0$/.test(version) || n > Number(SF_LATEST_VERSION))
    return new SfError(404, "NOT_FOUND", "The requested resource does not exist");
  if (n < SF_OLDEST_VERSION)
    return new SfError(410, "GONE", `API version ${version} is retired and unavailable`);
  return undefined;
}

const FAILURES = {
  REQUEST_LIMIT_EXCEEDED: [403, "TotalRequests Limit exceeded."],
  SERVER_UNAVAILABLE: [503, "Server is temporarily unavailable."],
  UNKNOWN_EXCEPTION: [
    500,
    "An unexpected error occurred. Please include this ErrorId if you contact support",
  ],
} as const;

export async function startSalesforceStandIn(
  opts: {
    apiVersion?: string;
    customFields?: Record<string, string[]>;
    externalIds?: Record<string, string[]>;
  } = {},
): Promise<SalesforceStandIn> {
  const apiVersion = opts.apiVersion ?? SF_LATEST_VERSION;
  const clientId = "3MVG9stand.in.consumer.key";
  const clientSecret = "stand-in-consumer-secret";
  const codes = new Map<string, { redirect: string; challenge?: IssuedChallenge }>();
  const access = new Set<string>();
  const refresh = new Set<string>();
  const failures: Array<keyof typeof FAILURES> = [];
  let loseAnswers = 0;
  const cursors = new Map<string, Array<Record<string, unknown>>>();
  const token = () => `00D000000000001!${randomBytes(24).toString("base64url")}`;
  let base = "";

  const self: Omit<SalesforceStandIn, "baseUrl" | "close" | "store"> & { store?: SfStore } = {
    clientId,
    clientSecret,
    apiVersion,
    requests: [],
    grants: [],
    clock: new Date("2026-03-02T09:00:00Z"),
    pageSize: 2000,
    failNext(kind, times = 1) {
      for (let i = 0; i < times; i++) failures.push(kind);
    },
    loseNextAnswer: () => {
      loseAnswers += 1;
    },
    expireSessions: () => access.clear(),
    revokeRefreshTokens: () => refresh.clear(),
  };
  const store = new SfStore(
    () => self.clock,
    opts.customFields,
    opts.externalIds ?? { Contact: ["Baton_Id__c"], Account: ["Baton_Id__c"], Opportunity: ["Baton_Id__c"] },
  );

  const oauthToken = (form: URLSearchParams): [number, unknown] => {
    if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret)
      return [400, { error: "invalid_client", error_description: "invalid client credentials" }];
    const grant = form.get("grant_type");
    let refreshToken: string | undefined;
    if (grant === "authorization_code") {
      const issued = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!issued || issued.redirect !== form.get("redirect_uri"))
        return [400, { error: "invalid_grant", error_description: "invalid authorization code" }];
      const pkce = pkceRefusal(issued.challenge, form.get("code_verifier"));
      if (pkce)
        return [400, { error: "invalid_grant", error_description: `invalid code verifier (${pkce})` }];
      refreshToken = `5Aep${randomBytes(24).toString("base64url")}`;
      refresh.add(refreshToken);
    } else if (grant === "refresh_token") {
      if (!refresh.has(form.get("refresh_token") ?? ""))
        return [400, { error: "invalid_grant", error_description: "expired access/refresh token" }];
    } else return [400, { error: "unsupported_grant_type", error_description: "grant type not supported" }];
    self.grants.push(grant);
    const accessToken = token();
    access.add(accessToken);
    return [
      200,
      {
        access_token: accessToken,
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
        signature: randomBytes(32).toString("base64"),
        scope: "refresh_token api",
        instance_url: base,
        id: `${base}/id/00D000000000001AAA/${API_USER}`,
        token_type: "Bearer",
        issued_at: String(self.clock.getTime()),
      },
    ];
  };

  const data = (
    method: string,
    rest: string,
    url: URL,
    body: unknown,
    headers: Record<string, string | string[] | undefined>,
  ): [number, unknown] => {
    const allowSave = /allowSave\s*=\s*true/i.test(String(headers["sforce-duplicate-rule-header"] ?? ""));
    if (rest === "composite" && method === "POST")
      return runComposite(store, body, (m, u, b, h) => {
        const sub = new URL(u, "http://x");
        const v = /^\/services\/data\/v(\d+\.\d)\/(.*)$/.exec(sub.pathname);
        const refused = versionRefusal(v?.[1]);
        if (!v || refused) throw refused;
        const lower = Object.fromEntries(Object.entries(h).map(([k, x]) => [k.toLowerCase(), x]));
        return data(m, v[2] as string, sub, b, lower);
      });
    if (rest === "query" || rest.startsWith("query/")) {
      if (method !== "GET")
        throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are GET`);
      let rows: Array<Record<string, unknown>>;
      if (rest === "query") {
        const q = parseSoql(url.searchParams.get("q") ?? "");
        const known = store.knownFields(q.object);
        rows = runSoql(q, store.all(q.object), known, store.unfilterable(q.object)).map((r) => ({
          attributes: { type: q.object, url: `/services/data/v${apiVersion}/sobjects/${q.object}/${r.Id}` },
          ...r,
        }));
      } else {
        const locator = rest.slice("query/".length);
        const left = cursors.get(locator);
        if (!left) throw new SfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        cursors.delete(locator);
        rows = left;
      }
      const page = rows.slice(0, self.pageSize);
      const out: Record<string, unknown> = {
        totalSize: rows.length,
        done: rows.length <= self.pageSize,
        records: page,
      };
      if (rows.length > self.pageSize) {
        const locator = `01g${randomBytes(6).toString("hex")}-${self.pageSize}`;
        cursors.set(locator, rows.slice(self.pageSize));
        out.nextRecordsUrl = `/services/data/v${apiVersion}/query/${locator}`;
      }
      return [200, out];
    }
    const deleted = /^sobjects\/([A-Za-z]+)\/deleted\/?$/.exec(rest);
    if (deleted && method === "GET") {
      const start = new Date(url.searchParams.get("start") ?? "");
      const end = new Date(url.searchParams.get("end") ?? "");
      const earliest = new Date(self.clock.getTime() - 30 * 86_400_000);
      if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start || start < earliest)
        throw new SfError(
          400,
          "INVALID_REPLICATION_DATE",
          "startDate must be before endDate and within the last 30 days",
        );
      // the window is read at minute precision, and never beyond the org's clock
      const latest = new Date(Math.floor(Math.min(end.getTime(), self.clock.getTime()) / 60_000) * 60_000);
      return [
        200,
        {
          deletedRecords: store.deleted
            .filter(
              (d) =>
                d.type === deleted[1] && new Date(d.deletedDate) >= start && new Date(d.deletedDate) < latest,
            )
            .map((d) => ({ id: d.id, deletedDate: d.deletedDate })),
          earliestDateAvailable: sfDateTime(earliest),
          latestDateCovered: sfDateTime(latest),
        },
      ];
    }
    const ext = /^sobjects\/([A-Za-z]+)\/([A-Za-z][A-Za-z0-9_]*__c)\/([^/]+)$/.exec(rest);
    if (ext) {
      const [, type, field, raw] = ext as unknown as [string, string, string, string];
      const value = decodeURIComponent(raw);
      if (method === "PATCH") return store.upsert(type, field, value, body, allowSave);
      if (method === "GET") {
        const found = store.byExternalId(type, field, value);
        if (found.length === 0) throw new SfError(404, "NOT_FOUND", "The requested resource does not exist");
        if (found.length > 1) throw new SfError(300, "MULTIPLE_CHOICES", "More than one record found");
        return [200, { attributes: { type }, ...found[0] }];
      }
      throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed.`);
    }
    const m = /^sobjects\/([A-Za-z]+)(?:\/([A-Za-z0-9]+))?\/?$/.exec(rest);
    if (!m) throw new SfError(404, "NOT_FOUND", "The requested resource does not exist");
    const [, type, id] = m as unknown as [string, string, string | undefined];
    if (!id && method === "POST")
      return [201, { id: store.create(type, body, allowSave), success: true, errors: [] }];
    if (id && method === "GET") {
      const rec = store.get(type, id);
      const want = url.searchParams.get("fields")?.split(",") ?? Object.keys(rec);
      return [
        200,
        {
          attributes: { type, url: `/services/data/v${apiVersion}/sobjects/${type}/${id}` },
          ...Object.fromEntries(want.map((f) => [f, rec[f] ?? null])),
        },
      ];
    }
    if (id && method === "PATCH") {
      store.update(type, id, body);
      return [204, null];
    }
    if (id && method === "DELETE") {
      store.delete(type, id);
      return [204, null];
    }
    throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed.`);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const method = req.method ?? "GET";
      const raw = Buffer.concat(chunks).toString("utf8");
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(
          status,
          body === null ? headers : { "content-type": "application/json;charset=UTF-8", ...headers },
        );
        res.end(body === null ? undefined : JSON.stringify(body));
      };
      if (url.pathname === "/services/oauth2/authorize" && method === "GET") {
        const redirect = url.searchParams.get("redirect_uri") ?? "";
        const challenge = challengeOf(url.searchParams);
        if (
          url.searchParams.get("client_id") !== clientId ||
          url.searchParams.get("response_type") !== "code" ||
          !redirect ||
          challenge === null
        )
          return send(400, { error: "invalid_client_id", error_description: "client identifier invalid" });
        const code = `aPrx${randomBytes(16).toString("base64url")}`;
        codes.set(code, { redirect, challenge });
        const to = new URL(redirect);
        to.searchParams.set("code", code);
        const state = url.searchParams.get("state");
        if (state !== null) to.searchParams.set("state", state);
        return send(302, null, { location: to.toString() });
      }
      if (url.pathname === "/services/oauth2/token" && method === "POST") {
        self.requests.push({ method, path: url.pathname, body: "(form)" });
        const [status, body] = oauthToken(new URLSearchParams(raw));
        return send(status, body);
      }
      const m = /^\/services\/data\/v(\d+\.\d)\/(.*)$/.exec(url.pathname);
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        return send(400, new SfError(400, "JSON_PARSER_ERROR", "Unexpected character").body());
      }
      self.requests.push({ method, path: url.pathname + url.search, body });
      try {
        const refused = versionRefusal(m?.[1]);
        if (!m || refused) throw refused;
        const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
        if (!auth || !access.has(auth[1] as string))
          throw new SfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
        const injected = failures.shift();
        if (injected) {
          const [status, message] = FAILURES[injected];
          throw new SfError(status, injected, message);
        }
        // a change made over the API is the token's user's (the history rows' CreatedById)
        store.actor = API_USER;
        let answered: [number, unknown];
        try {
          answered = data(method, m[2] as string, url, body, req.headers);
        } finally {
          store.actor = PERSON_USER;
        }
        const [status, out] = answered;
        if (loseAnswers > 0) {
          // the work is done and committed; the caller never hears of it
          loseAnswers -= 1;
          return req.socket.destroy();
        }
        return send(status, out, { "sforce-limit-info": `api-usage=${self.requests.length}/15000` });
      } catch (e) {
        if (e instanceof SfError) return send(e.status, e.body());
        if (e instanceof SoqlError) return send(400, [{ message: e.message, errorCode: e.errorCode }]);
        return send(500, [{ message: String(e), errorCode: "UNKNOWN_EXCEPTION" }]);
      }
    });
  });
  // Tests hold the event loop for seconds (the engine on PGlite): a 5 s keep-alive would close
  // sockets the client is about to reuse ("fetch failed"), a race of the test machine, not of the API.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(self, {
    baseUrl: base,
    store,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as SalesforceStandIn;
}
