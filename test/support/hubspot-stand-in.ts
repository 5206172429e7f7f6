// A local stand-in for HubSpot's documented REST contract (OAuth, CRM v3), for the HubSpot adapter:
//   GET    /oauth/authorize?client_id&redirect_uri&scope&state[&code_challenge&code_challenge_method]
//          → 302 redirect_uri?code=…&state=… (the person approves at once, for the stand-in's portal
//          or the one `nextPortal` names)
//   POST   /oauth/v3/token and /oauth/v1/token (form: grant_type=authorization_code|refresh_token,
//          client_id, client_secret, code+redirect_uri[+code_verifier] | refresh_token)
//          → {token_type:"bearer", access_token, refresh_token, expires_in, hub_id}. A code is good
//          once, for its redirect_uri, and with the code_verifier of its code_challenge (pkce-check.ts).
//   GET    /oauth/v1/access-tokens/{token} → {token, hub_id, app_id, scopes, expires_in, …}
//   POST   /crm/v3/objects/{type}            {properties, associations?} → 201 {id, properties, createdAt, updatedAt, archived}
//   PATCH  /crm/v3/objects/{type}/{id}       {properties} → 200 the object; unknown id → 404
//   DELETE /crm/v3/objects/{type}/{id}       → 204 (the record is archived); unknown id → 404
//   GET    /crm/v3/objects/{type}?archived=true&limit&after → {results, paging:{next:{after}}}
//   POST   /crm/v3/objects/{type}/search     {filterGroups, sorts, properties, limit, after} → {total, results, paging}
//   POST   /crm/v3/objects/{type}/batch/read {inputs:[{id}], properties, propertiesWithHistory}
//          → {status:"COMPLETE", results:[{id, properties, propertiesWithHistory?}]}; 207 with errors
//          (OBJECT_NOT_FOUND) for ids it lacks; at most 100 inputs, 50 when history is asked for.
//          A property's history is its versions newest first, {value, timestamp, sourceType,
//          sourceId?, updatedByUserId?}: INTEGRATION for an app's write, CRM_UI for a person's.
//   POST   /crm/associations/{YYYY-MM}/{from}/{to}/batch/create {inputs:[{from:{id}, to:{id},
//          types:[{associationCategory, associationTypeId}]}]} → 201 {status:"COMPLETE", results};
//          207 with errors (OBJECT_NOT_FOUND) for ids it lacks; a type id that is not the
//          HubSpot-defined one of the pair is 400 (the associations reference's type table).
//   /crm/v4/… answers 404 as HubSpot will once it retires v4 (September 2027): Baton must not use it.
// The objects answer at their date-versioned paths too, /crm/objects/{YYYY-MM}/{type}… (HubSpot's
// API reference: the dated versions ship each March and September from 2026-03; the numeric
// /crm/v3 paths are the legacy track); a version HubSpot never released is 404.
// A contact's properties are HubSpot's default contact properties: writing one the portal lacks is
// 400 VALIDATION_ERROR with PROPERTY_DOESNT_EXIST (as HubSpot refuses it); reads leave unknown
// ones out. Every object keeps lastmodifieddate / hs_lastmodifieddate (ms as text, as search compares them).
//   GET    /crm-object-schemas/{YYYY-MM}/schemas/{contacts|companies|deals} → the schema with its
//          requiredProperties; a create without one is 400 VALIDATION_ERROR, and so is an update
//          that sets one to empty (one that leaves it out is taken) (hubspot-required.ts)
// Errors have HubSpot's shape {status:"error", message, correlationId, category}; a 429 carries
// errorType RATE_LIMIT and Retry-After. Failures can be injected; a token can be expired on demand.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { blankedRequired, DEFAULT_REQUIRED, missingRequired, objectSchema } from "./hubspot-required.ts";
import { challengeOf, type IssuedChallenge, pkceRefusal } from "./pkce-check.ts";

export interface HubSpotObject {
  type: string;
  id: string;
  properties: Record<string, string | null>;
  associations: Array<{ toType: string; toId: string; typeId: number }>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** each property's versions, newest first (propertiesWithHistory) */
  history: Record<string, PropertyVersion[]>;
}

/** HubSpot-defined association type ids by {from}/{to} (the associations reference's table). */
const ASSOCIATION_TYPES: Record<string, number> = {
  "contacts/companies": 279,
  "companies/contacts": 280,
  "deals/contacts": 3,
  "contacts/deals": 4,
  "emails/contacts": 198,
  "notes/contacts": 202,
};

export interface PropertyVersion {
  value: string | null;
  timestamp: string;
  sourceType: "INTEGRATION" | "CRM_UI" | "IMPORT";
  sourceId?: string;
  updatedByUserId?: number;
}

/** HubSpot's default contact properties the adapter and the tests use (a portal has more; none is invented here). */
export const CONTACT_PROPERTIES = new Set([
  "email",
  "firstname",
  "lastname",
  "company",
  "jobtitle",
  "phone",
  "website",
  "lifecyclestage",
  "hubspot_owner_id",
  "hs_email_optout",
  "hs_object_id",
  "createdate",
  "lastmodifieddate",
  "hs_lastmodifieddate",
]);
const READ_ONLY = new Set(["hs_object_id", "createdate", "lastmodifieddate", "hs_lastmodifieddate"]);
const APP_ID = "1234567";

export interface HubSpotStandIn {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  hubId: number;
  objects: Map<string, HubSpotObject>;
  requests: Array<{ method: string; path: string; body: any; auth?: string }>;
  /** Access tokens the stand-in accepts, by token, with the portal each is for. */
  accessTokens: Map<string, { expiresAt: number; hubId?: number }>;
  refreshTokens: Set<string>;
  /** How many token requests (of each grant) were answered. */
  tokenGrants: { authorization_code: number; refresh_token: number };
  /** An authorization code the authorize page would hand out for this redirect URI (and portal). */
  issueCode(redirectUri: string, o?: { hubId?: number; challenge?: IssuedChallenge }): string;
  /** The portal the next authorization is granted for (a person choosing another account); once. */
  nextPortal(hubId: number): void;
  /** The next N API requests fail with this status (429 with Retry-After: 1). */
  failNext(status: number, times?: number): void;
  /** Every access token issued so far answers 401 (as an expired one does). */
  expireAccessTokens(): void;
  /** A change made by a person in HubSpot: properties set, lastmodifieddate moved to `at`. */
  edit(
    type: string,
    id: string,
    properties: Record<string, string | null>,
    at?: Date,
    by?: { sourceType?: PropertyVersion["sourceType"]; userId?: number },
  ): void;
  /** A record deleted in HubSpot (archived). */
  archive(type: string, id: string, at?: Date): void;
  ofType(type: string): HubSpotObject[];
  /** A strict portal: its admin makes these properties required on create (beside the defaults). */
  requireOnCreate(type: string, names: string[]): void;
  /** Signs a webhook delivery as HubSpot does (v3): base64 HMAC-SHA256 of method+uri+body+timestamp. */
  signWebhook(method: string, uri: string, body: string, timestampMs: number): string;
  close(): Promise<void>;
}

const NUMERIC = () => String(Math.floor(1e10 + Math.random() * 9e10));

export async function startHubSpotStandIn(
  opts: { clientId?: string; clientSecret?: string; tokenLifetimeS?: number } = {},
): Promise<HubSpotStandIn> {
  const clientId = opts.clientId ?? randomUUID();
  const clientSecret = opts.clientSecret ?? randomUUID();
  const hubId = 40_000_000 + Math.floor(Math.random() * 1e6);
  const objects = new Map<string, HubSpotObject>();
  const requests: HubSpotStandIn["requests"] = [];
  const required = new Map(Object.entries(DEFAULT_REQUIRED).map(([k, v]) => [k, [...v]]));
  const accessTokens = new Map<string, { expiresAt: number; hubId?: number }>();
  const refreshTokens = new Set<string>();
  const codes = new Map<string, { redirectUri: string; hubId: number; challenge?: IssuedChallenge }>();
  let nextHub: number | undefined;
  const newCode = (redirectUri: string, o: { hubId?: number; challenge?: IssuedChallenge } = {}) => {
    const code = `code-${randomBytes(8).toString("hex")}`;
    codes.set(code, { redirectUri, hubId: o.hubId ?? hubId, challenge: o.challenge });
    return code;
  };
  const failures: number[] = [];
  const tokenGrants = { authorization_code: 0, refresh_token: 0 };
  const lifetimeS = opts.tokenLifetimeS ?? 1800;

  const refreshHub = new Map<string, number>();
  const issueTokens = (hub: number) => {
    const access = `pat-na1-${randomBytes(12).toString("hex")}`;
    const refresh = `ref-${randomBytes(12).toString("hex")}`;
    accessTokens.set(access, { expiresAt: Date.now() + lifetimeS * 1000, hubId: hub });
    refreshTokens.add(refresh);
    refreshHub.set(refresh, hub);
    return {
      token_type: "bearer",
      access_token: access,
      refresh_token: refresh,
      expires_in: lifetimeS,
      hub_id: hub,
    };
  };

  const json = (o: HubSpotObject, props?: string[], withHistory?: string[]) => ({
    id: o.id,
    properties: props
      ? Object.fromEntries(
          [...props, "hs_object_id", "createdate", "lastmodifieddate"]
            .filter((p) => o.type !== "contacts" || CONTACT_PROPERTIES.has(p))
            .map((p) => [p, o.properties[p] ?? null]),
        )
      : o.properties,
    ...(withHistory
      ? {
          propertiesWithHistory: Object.fromEntries(
            withHistory
              .filter((p) => o.type !== "contacts" || CONTACT_PROPERTIES.has(p))
              .map((p) => [p, o.history[p] ?? []]),
          ),
        }
      : {}),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    archived: o.archived,
    ...(o.archivedAt ? { archivedAt: o.archivedAt } : {}),
  });

  const touch = (o: HubSpotObject, at: Date) => {
    o.updatedAt = at.toISOString();
    o.properties.lastmodifieddate = String(at.getTime());
    o.properties.hs_lastmodifieddate = String(at.getTime());
  };

  /** The new values as versions (a value set again to itself is no new version, as in HubSpot). */
  const record = (
    o: HubSpotObject,
    properties: Record<string, string | null>,
    at: Date,
    by: { sourceType?: PropertyVersion["sourceType"]; userId?: number } = {},
  ) => {
    for (const [k, v] of Object.entries(properties)) {
      const versions = o.history[k] ?? [];
      o.history[k] = versions;
      if (versions.length && versions[0].value === v) continue;
      const sourceType = by.sourceType ?? "INTEGRATION";
      versions.unshift({
        value: v,
        timestamp: at.toISOString(),
        sourceType,
        ...(sourceType === "INTEGRATION" ? { sourceId: APP_ID } : {}),
        ...(by.userId !== undefined ? { updatedByUserId: by.userId } : {}),
      });
    }
    Object.assign(o.properties, properties);
  };

  /** A write's properties, refused as HubSpot refuses them; null when they are good. */
  const badProperties = (type: string, properties: Record<string, unknown>): string | null => {
    if (type !== "contacts") return null;
    const bad = Object.keys(properties).filter((k) => !CONTACT_PROPERTIES.has(k) || READ_ONLY.has(k));
    if (!bad.length) return null;
    return `Property values were not valid: ${JSON.stringify(
      bad.map((name) => ({
        isValid: false,
        message: READ_ONLY.has(name)
          ? `${name} is a read only property`
          : `Property "${name}" does not exist`,
        error: READ_ONLY.has(name) ? "READ_ONLY_VALUE" : "PROPERTY_DOESNT_EXIST",
        name,
      })),
    )}`;
  };

  const create = (
    type: string,
    properties: Record<string, string | null>,
    at = new Date(),
  ): HubSpotObject => {
    const o: HubSpotObject = {
      type,
      id: NUMERIC(),
      properties: {},
      associations: [],
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      archived: false,
      history: {},
    };
    record(o, properties, at);
    o.properties.hs_object_id = o.id;
    o.properties.createdate = String(at.getTime());
    touch(o, at);
    objects.set(`${type}/${o.id}`, o);
    return o;
  };

  /** POST /crm/associations/{v}/{from}/{to}/batch/create: [answer, status]. */
  const createAssociations = (from: string, to: string, body: any): [unknown, number] => {
    const inputs: any[] = Array.isArray(body?.inputs) ? body.inputs : [];
    const expected = ASSOCIATION_TYPES[`${from}/${to}`];
    const bad = (message: string): [unknown, number] => [
      { status: "error", message, correlationId: randomUUID(), category: "VALIDATION_ERROR" },
      400,
    ];
    if (inputs.length === 0) return bad("Invalid input JSON: inputs is required");
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const i of inputs) {
      const t = i?.types?.[0];
      if (!["HUBSPOT_DEFINED", "USER_DEFINED"].includes(t?.associationCategory))
        return bad("types[0].associationCategory must be HUBSPOT_DEFINED or USER_DEFINED");
      if (t.associationCategory === "HUBSPOT_DEFINED" && t.associationTypeId !== expected)
        return bad(`associationTypeId ${t.associationTypeId} is not a ${from} to ${to} association type`);
      const a = objects.get(`${from}/${i?.from?.id}`);
      const b = objects.get(`${to}/${i?.to?.id}`);
      if (!a || a.archived || !b || b.archived) {
        errors.push({
          status: "error",
          category: "OBJECT_NOT_FOUND",
          message: `No ${!a || a.archived ? from : to} with ID ${!a || a.archived ? i?.from?.id : i?.to?.id}`,
        });
        continue;
      }
      // associating a pair again is no change (HubSpot answers it as done)
      if (!a.associations.some((x) => x.toType === to && x.toId === b.id && x.typeId === t.associationTypeId))
        a.associations.push({ toType: to, toId: b.id, typeId: t.associationTypeId });
      results.push({ fromObjectId: a.id, toObjectId: b.id, labels: [] });
    }
    const at = new Date().toISOString();
    const answer = { status: "COMPLETE", results, startedAt: at, completedAt: at };
    return errors.length ? [{ ...answer, errors, numErrors: errors.length }, 207] : [answer, 201];
  };

  /** Search filter semantics: values are compared as numbers when both sides are numeric. */
  const matches = (o: HubSpotObject, f: { propertyName: string; operator: string; value?: string }) => {
    const v = o.properties[f.propertyName];
    const cmp = (a: string, b: string) =>
      /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b);
    switch (f.operator) {
      case "EQ":
        return v === String(f.value);
      case "NEQ":
        return v !== String(f.value);
      case "GT":
        return v != null && cmp(v, String(f.value)) > 0;
      case "GTE":
        return v != null && cmp(v, String(f.value)) >= 0;
      case "LT":
        return v != null && cmp(v, String(f.value)) < 0;
      case "LTE":
        return v != null && cmp(v, String(f.value)) <= 0;
      case "HAS_PROPERTY":
        return v != null && v !== "";
      default:
        return false;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const raw = Buffer.concat(chunks).toString("utf8");
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json;charset=utf-8", ...headers });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      const fail = (status: number, category: string, message: string, extra: Record<string, unknown> = {}) =>
        send(status, { status: "error", message, correlationId: randomUUID(), category, ...extra });

      // OAuth: the authorize page approves at once
      if (url.pathname === "/oauth/authorize" && req.method === "GET") {
        const redirect = url.searchParams.get("redirect_uri") ?? "";
        const challenge = challengeOf(url.searchParams);
        if (url.searchParams.get("client_id") !== clientId || !redirect || challenge === null)
          return send(400, {
            status: "error",
            message: "invalid authorization request",
            correlationId: randomUUID(),
          });
        const to = new URL(redirect);
        to.searchParams.set("code", newCode(redirect, { hubId: nextHub, challenge }));
        nextHub = undefined;
        const state = url.searchParams.get("state");
        if (state !== null) to.searchParams.set("state", state);
        res.writeHead(302, { location: to.toString() });
        return res.end();
      }
      // OAuth: form-encoded, no bearer token
      if (
        (url.pathname === "/oauth/v3/token" || url.pathname === "/oauth/v1/token") &&
        req.method === "POST"
      ) {
        const form = new URLSearchParams(raw);
        requests.push({ method: "POST", path: url.pathname, body: Object.fromEntries(form) });
        if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret)
          return send(400, {
            status: "BAD_CLIENT_ID",
            message: "missing or invalid client_id",
            correlationId: randomUUID(),
          });
        const grant = form.get("grant_type");
        if (grant === "authorization_code") {
          const code = form.get("code") ?? "";
          const issued = codes.get(code);
          // a code is spent by any attempt, good or not
          codes.delete(code);
          if (!issued || issued.redirectUri !== form.get("redirect_uri"))
            return send(400, {
              status: "BAD_AUTH_CODE",
              message: "missing or unknown auth code",
              correlationId: randomUUID(),
            });
          const pkce = pkceRefusal(issued.challenge, form.get("code_verifier"));
          if (pkce) return send(400, { status: "BAD_AUTH_CODE", message: pkce, correlationId: randomUUID() });
          tokenGrants.authorization_code += 1;
          return send(200, issueTokens(issued.hubId));
        }
        if (grant === "refresh_token") {
          const rt = form.get("refresh_token") ?? "";
          if (!refreshTokens.has(rt))
            return send(400, {
              status: "BAD_REFRESH_TOKEN",
              message: "missing or unknown refresh token",
              correlationId: randomUUID(),
            });
          tokenGrants.refresh_token += 1;
          // HubSpot keeps the refresh token; a new access token is issued
          const t = issueTokens(refreshHub.get(rt) ?? hubId);
          refreshTokens.delete(t.refresh_token);
          return send(200, { ...t, refresh_token: rt });
        }
        return send(400, {
          status: "BAD_GRANT_TYPE",
          message: "unknown grant_type",
          correlationId: randomUUID(),
        });
      }
      const info = /^\/oauth\/v1\/access-tokens\/([^/]+)$/.exec(url.pathname);
      if (info && req.method === "GET") {
        const t = accessTokens.get(decodeURIComponent(info[1]));
        if (!t || t.expiresAt < Date.now()) return send(404, { status: "error", message: "token not found" });
        return send(200, {
          token: info[1],
          hub_id: t.hubId ?? hubId,
          app_id: 1234567,
          user_id: 7654321,
          hub_domain: "stand-in.hubspot.test",
          scopes: ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write"],
          token_type: "access",
          expires_in: Math.round((t.expiresAt - Date.now()) / 1000),
        });
      }

      let body: any = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        return fail(400, "VALIDATION_ERROR", "Invalid input JSON on line 1");
      }
      const auth = req.headers.authorization;
      requests.push({ method: req.method ?? "", path: url.pathname + url.search, body, auth });
      const token = auth?.startsWith("Bearer ") ? auth.slice(7) : "";
      const known = accessTokens.get(token);
      if (!known) return fail(401, "INVALID_AUTHENTICATION", "Authentication credentials not found.");
      if (known.expiresAt < Date.now())
        return fail(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired.");
      const injected = failures.shift();
      if (injected === 429)
        return send(
          429,
          {
            status: "error",
            message: "You have reached your ten_secondly_rolling limit.",
            errorType: "RATE_LIMIT",
            correlationId: randomUUID(),
            policyName: "TEN_SECONDLY_ROLLING",
          },
          { "retry-after": "1" },
        );
      if (injected) return fail(injected, "INTERNAL_ERROR", "Injected failure");

      if (url.pathname.startsWith("/crm/v4/"))
        return fail(404, "NOT_FOUND", "The v4 associations API is retired: use /crm/associations/{version}/");
      const batch = /^\/crm\/associations\/(\d{4})-(\d{2})\/([^/]+)\/([^/]+)\/batch\/create$/.exec(
        url.pathname,
      );
      if (batch && req.method === "POST") {
        if (!(Number(batch[1]) >= 2026 && ["03", "09"].includes(batch[2] as string)))
          return fail(404, "NOT_FOUND", `No API version ${batch[1]}-${batch[2]}`);
        const [sent, status] = createAssociations(batch[3] as string, batch[4] as string, body);
        return send(status, sent);
      }

      const schema = /^\/crm-object-schemas\/(\d{4})-(\d{2})\/schemas\/([^/]+)$/.exec(url.pathname);
      if (schema && req.method === "GET") {
        const answer = objectSchema(schema[3] as string, required.get(schema[3] as string) ?? []);
        return answer ? send(200, answer) : fail(404, "OBJECT_NOT_FOUND", `No schema ${schema[3]}`);
      }

      // one store behind both shapes of an object path: /crm/objects/2026-09/… as /crm/v3/objects/…
      const dated = /^\/crm\/objects\/(\d{4})-(\d{2})\//.exec(url.pathname);
      if (dated && !(Number(dated[1]) >= 2026 && ["03", "09"].includes(dated[2] as string)))
        return fail(404, "NOT_FOUND", `No API version ${dated[1]}-${dated[2]}`);
      const objectsPath = dated ? url.pathname.replace(dated[0], "/crm/v3/objects/") : url.pathname;
      const search = /^\/crm\/v3\/objects\/([^/]+)\/search$/.exec(objectsPath);
      if (search && req.method === "POST") {
        const limit = Math.min(Number(body?.limit ?? 10), 200);
        const after = Number(body?.after ?? 0);
        const groups: Array<{ filters: Array<{ propertyName: string; operator: string; value?: string }> }> =
          body?.filterGroups ?? [];
        let hits = [...objects.values()].filter(
          (o) =>
            o.type === search[1] &&
            !o.archived &&
            (groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(o, f)))),
        );
        const sort = body?.sorts?.[0] as { propertyName: string; direction: string } | undefined;
        if (sort) {
          const k = (o: HubSpotObject) => Number(o.properties[sort.propertyName] ?? 0);
          hits.sort(
            (a, b) =>
              (sort.direction === "DESCENDING" ? k(b) - k(a) : k(a) - k(b)) || Number(a.id) - Number(b.id),
          );
        }
        const total = hits.length;
        if (after >= 10_000)
          return fail(400, "VALIDATION_ERROR", "paging past 10,000 results is not supported");
        hits = hits.slice(after, after + limit);
        const next = after + limit < total ? { next: { after: String(after + limit) } } : undefined;
        return send(200, {
          total,
          results: hits.map((o) => json(o, body?.properties ?? [])),
          ...(next ? { paging: next } : {}),
        });
      }

      const batchRead = /^\/crm\/v3\/objects\/([^/]+)\/batch\/read$/.exec(objectsPath);
      if (batchRead && req.method === "POST") {
        const inputs: Array<{ id?: unknown }> | undefined = body?.inputs;
        const withHistory: string[] | undefined = body?.propertiesWithHistory;
        if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((i) => typeof i?.id !== "string"))
          return fail(400, "VALIDATION_ERROR", "Invalid input JSON: inputs is an array of {id}");
        const max = withHistory?.length ? 50 : 100;
        if (inputs.length > max)
          return fail(400, "VALIDATION_ERROR", `Batch input limit exceeded: at most ${max} inputs`);
        if (body.idProperty !== undefined && body.idProperty !== "hs_object_id")
          return fail(400, "VALIDATION_ERROR", `Unknown idProperty ${String(body.idProperty)}`);
        const found: HubSpotObject[] = [];
        const missing: string[] = [];
        for (const i of inputs) {
          const o = objects.get(`${batchRead[1]}/${i.id}`);
          if (o && !o.archived) found.push(o);
          else missing.push(String(i.id));
        }
        const answer = {
          status: "COMPLETE",
          results: found.map((o) => json(o, body?.properties ?? [], withHistory)),
          startedAt: new Date().toISOString(),
          completedAt: new Date().toISOString(),
        };
        if (!missing.length) return send(200, answer);
        return send(207, {
          ...answer,
          numErrors: 1,
          errors: [
            {
              status: "error",
              category: "OBJECT_NOT_FOUND",
              message: "Could not get some CONTACT objects, they may be deleted or not exist.",
              context: { ids: missing },
            },
          ],
        });
      }

      const m = /^\/crm\/v3\/objects\/([^/]+)(?:\/([^/]+))?$/.exec(objectsPath);
      if (m) {
        const type = m[1];
        const id = m[2];
        if (req.method === "GET" && !id) {
          const archived = url.searchParams.get("archived") === "true";
          const limit = Math.min(Number(url.searchParams.get("limit") ?? 10), 100);
          const after = Number(url.searchParams.get("after") ?? 0);
          const all = [...objects.values()].filter((o) => o.type === type && o.archived === archived);
          const page = all.slice(after, after + limit);
          const next =
            after + limit < all.length
              ? { paging: { next: { after: String(after + limit), link: "" } } }
              : {};
          return send(200, { results: page.map((o) => json(o)), ...next });
        }
        if (req.method === "POST" && !id) {
          if (!body?.properties || typeof body.properties !== "object")
            return fail(400, "VALIDATION_ERROR", "Invalid input JSON: properties is required");
          const refused = badProperties(type, body.properties);
          if (refused) return fail(400, "VALIDATION_ERROR", refused);
          const email = body.properties.email;
          if (type === "contacts" && email) {
            const dup = [...objects.values()].find(
              (o) => o.type === "contacts" && !o.archived && o.properties.email === email,
            );
            if (dup) return fail(409, "CONFLICT", `Contact already exists. Existing ID: ${dup.id}`);
          }
          const lacking = missingRequired(type, body.properties, required.get(type) ?? []);
          if (lacking) return send(400, lacking);
          const o = create(type, body.properties);
          for (const a of body.associations ?? []) {
            const typeId = a?.types?.[0]?.associationTypeId;
            const target = [...objects.values()].find((x) => x.id === String(a?.to?.id) && !x.archived);
            if (!target || typeof typeId !== "number")
              return fail(400, "VALIDATION_ERROR", `Association target ${a?.to?.id} not found`);
            o.associations.push({ toType: target.type, toId: target.id, typeId });
          }
          return send(201, json(o));
        }
        const o = id ? objects.get(`${type}/${id}`) : undefined;
        if (id && (!o || o.archived))
          return fail(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
        if (req.method === "PATCH" && o) {
          if (!body?.properties) return fail(400, "VALIDATION_ERROR", "properties is required");
          const refused = badProperties(type, body.properties);
          if (refused) return fail(400, "VALIDATION_ERROR", refused);
          const blanked = blankedRequired(type, body.properties, required.get(type) ?? []);
          if (blanked) return send(400, blanked);
          const at = new Date();
          record(o, body.properties, at);
          touch(o, at);
          return send(200, json(o));
        }
        if (req.method === "GET" && o) return send(200, json(o));
        if (req.method === "DELETE" && o) {
          o.archived = true;
          o.archivedAt = new Date().toISOString();
          return send(204, undefined);
        }
      }
      return fail(404, "NOT_FOUND", `No route ${req.method} ${url.pathname}`);
    });
  });
  // as the Salesforce stand-in: a test holding the event loop must not find its kept-alive socket
  // closed under it ("fetch failed"), a race of the test machine, not of the API
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    hubId,
    objects,
    requests,
    accessTokens,
    refreshTokens,
    tokenGrants,
    issueCode: newCode,
    nextPortal(hub) {
      nextHub = hub;
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    expireAccessTokens() {
      for (const t of accessTokens.values()) t.expiresAt = 0;
    },
    edit(type, id, properties, at = new Date(), by = {}) {
      const o = objects.get(`${type}/${id}`);
      if (!o) throw new Error(`no ${type} ${id}`);
      record(o, properties, at, { sourceType: by.sourceType ?? "CRM_UI", userId: by.userId ?? 7654321 });
      touch(o, at);
    },
    archive(type, id, at = new Date()) {
      const o = objects.get(`${type}/${id}`);
      if (!o) throw new Error(`no ${type} ${id}`);
      o.archived = true;
      o.archivedAt = at.toISOString();
    },
    ofType: (type) => [...objects.values()].filter((o) => o.type === type),
    requireOnCreate(type, names) {
      required.set(type, [...new Set([...(DEFAULT_REQUIRED[type] ?? []), ...names])]);
    },
    signWebhook(method, uri, body, timestampMs) {
      return createHmac("sha256", clientSecret)
        .update(`${method}${uri}${body}${timestampMs}`)
        .digest("base64");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
