// A local stand-in for Attio's REST API v2, following its documented request and response shapes:
//   PUT   /v2/objects/{object}/records?matching_attribute=…   {"data":{"values":{…}}} → {"data":{"id":{…,"record_id"},"values"}}
//   POST  /v2/objects/{object}/records                        create
//   PATCH /v2/objects/{object}/records/{record_id}            update values
//   DELETE /v2/objects/{object}/records/{record_id}           delete (erasure) → {} ; unknown id → 404
//   POST  /v2/notes  {"data":{parent_object,parent_record_id,title,format,content,created_at}} → {"data":{"id":{"note_id"}}}
//   GET   /v2/self   (Identify) → {"active":true,"workspace_id","workspace_name",…}
//   GET   /v2/workspace_members → {"data":[{id:{workspace_member_id},email_address,…}]}
//   POST  /v2/objects/{object}/records/query {filter, limit, offset} → {"data":[record…]}; the
//         filter as guides/filtering-and-sorting writes it, of what Baton asks: shorthand
//         equality on record_id, joined by $or
//   GET   /v2/objects/{object}/records/{record_id}/attributes/{attribute}/values[?show_historic=true
//         &limit&offset] → {"data":[value…]}: the active values, or with show_historic every value
//         the attribute ever had, oldest first (by active_from), each with active_from,
//         active_until (null while active) and created_by_actor (rest-api/endpoint-reference/
//         records/list-record-attribute-values). Historic values of COMINT and enriched attributes
//         are refused (400), as Attio documents; an unknown attribute is 404.
// Every value is versioned (attio-values.ts): a write closes the value it replaces (active_until)
// and opens the new one, by the API's token (created_by_actor api-token) or, through setValues, by a
// person (workspace-member). The records query answers the active values. Relationship attributes
// are kept in pairs, as Attio keeps them (attribute-types-record-reference): a person's company and
// the company's team, a deal's associated_people and each person's associated_deals.
// Errors are {"status_code","type","code","message"}. Failures can be injected (429 / 500 / …).
// Strict where Attio is (issue 58):
//   - a deal needs name, stage and owner (docs.attio.com standard-objects-deals: all three
//     "Required"); the owner is an actor reference written as an email string or
//     {workspace_member_email_address} (attribute-types-actor-reference) and must name a member;
//   - POST (create-a-record) "will throw on conflicts of unique attributes": a person's email
//     address is unique, so creating a second person with it is 409 uniqueness_conflict;
//   - 429 carries Retry-After as an HTTP date, and the answer a Date header
//     (rest-api/guides/rate-limiting).
// Webhooks (create, delete, signed deliveries of people's, deals' and companies' record events) and
// GET /v2/objects/{slug or id}: attio-webhooks-stand-in.ts.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Actor,
  attioStamp,
  listValues,
  readShape,
  setAttribute,
  type Versions,
} from "./attio-values.ts";
import { type AttioDeliveryRequest, type AttioWebhook, attioWebhooks } from "./attio-webhooks-stand-in.ts";

export interface AttioStandInRecord {
  object: string;
  record_id: string;
  /** the values as they were written (the write shape), for tests to read */
  values: Record<string, unknown>;
  /** every value each attribute had, in Attio's read shape, versioned */
  history: Record<string, Versions>;
}

export interface AttioStandInNote {
  note_id: string;
  parent_object: string;
  parent_record_id: string;
  title: string;
  content: string;
  format: string;
  created_at: string;
}

export interface AttioStandIn {
  baseUrl: string;
  apiKey: string;
  records: Map<string, AttioStandInRecord>;
  notes: AttioStandInNote[];
  requests: Array<{ method: string; path: string; body: any }>;
  /** The next N requests fail with this status (429 carries Retry-After, an HTTP date this many s on). */
  failNext(status: number, times?: number, retryAfterS?: number): void;
  /** Workspace members (an actor reference names them by email); the deal owner must be one. */
  members: Map<string, string>;
  addMember(email: string): string;
  /**
   * A person working in Attio sets attribute values (in Attio's read shape: arrays of values), at
   * `at` (default: the clock) as the workspace member `by`: each attribute's values replace the
   * active ones (which end then).
   */
  setValues(recordId: string, values: Record<string, unknown[]>, opts?: { at?: string; by?: string }): void;
  /** A record a person creates in Attio (a company, a deal), with values in the read shape. */
  addRecord(object: string, values: Record<string, unknown[]>, opts?: { at?: string; by?: string }): string;
  /** The stand-in's clock (active_from of the values it writes); null: the real time. */
  clock: Date | null;
  /** The workspace this stand-in is, its people object's id, and the webhooks made through the API. */
  workspaceId: string;
  peopleObjectId: string;
  /** the standard objects' ids by slug (people, deals, companies) */
  objectIds: Readonly<Record<string, string>>;
  webhooks: Map<string, AttioWebhook>;
  /** What Attio posts for an event on a record, signed with the webhook's secret. */
  delivery(
    webhookId: string,
    event: { event_type: string; record_id: string; object?: string },
    opts?: { idempotencyKey?: string; workspaceId?: string },
  ): AttioDeliveryRequest;
  close(): Promise<void>;
}

const WORKSPACE = "14beef7a-99f7-4534-a87e-70b564330a4c";
/** The workspace member a test's setValues acts as, unless it names one. */
const WORKSPACE_PERSON = "50cf242c-7fa3-4cad-87d0-75b1af71c57b";
const OBJECT_IDS: Record<string, string> = {
  people: randomUUID(),
  deals: randomUUID(),
  companies: randomUUID(),
};
/** The API key's own actor id (an api-token actor names the token). */
const TOKEN_ID = randomUUID();

/** An actor reference's member email: "a@b" or [{workspace_member_email_address}] (or the bare object). */
function actorEmail(v: unknown): string | null {
  const one = Array.isArray(v) ? v[0] : v;
  if (typeof one === "string") return one;
  const e = (one as { workspace_member_email_address?: unknown } | null)?.workspace_member_email_address;
  return typeof e === "string" ? e : null;
}

function emailOf(values: Record<string, unknown>): string | undefined {
  return (values.email_addresses as Array<{ email_address: string }> | undefined)?.[0]?.email_address;
}

/** The filters Baton sends: {record_id: id}, {record_id: {$eq: id}}, {$or: [those]}; else null. */
function recordFilter(f: any): ((r: AttioStandInRecord) => boolean) | null {
  if (f === undefined || f === null) return () => true;
  if (Array.isArray(f.$or)) {
    const parts = f.$or.map(recordFilter);
    return parts.includes(null) ? null : (r) => parts.some((p: (r: AttioStandInRecord) => boolean) => p(r));
  }
  const keys = Object.keys(f);
  if (keys.length !== 1 || keys[0] !== "record_id") return null;
  const want = typeof f.record_id === "string" ? f.record_id : f.record_id?.$eq;
  return typeof want === "string" ? (r) => r.record_id === want : null;
}

export async function startAttioStandIn(apiKey = "attio-test-key"): Promise<AttioStandIn> {
  const records = new Map<string, AttioStandInRecord>();
  const notes: AttioStandInNote[] = [];
  const requests: AttioStandIn["requests"] = [];
  const failures: Array<{ status: number; retryAfterS: number }> = [];
  const members = new Map<string, string>();
  const webhooks = attioWebhooks(WORKSPACE, OBJECT_IDS);
  const state = { clock: null as Date | null };
  const now = () => attioStamp(state.clock ?? new Date());
  const api: Actor = { type: "api-token", id: TOKEN_ID };
  /** Writes values given in the write shape, by the API (append: a PATCH adds to multiselect ones). */
  const writeByApi = (r: AttioStandInRecord, values: Record<string, unknown>, append: boolean) => {
    const at = now();
    for (const [slug, v] of Object.entries(values))
      setAttribute(records, r, slug, readShape(r.object, slug, v, members), { actor: api, at, append });
  };
  const active = (r: AttioStandInRecord) =>
    Object.fromEntries(
      Object.entries(r.history)
        .map(([slug, vs]) => [slug, vs.filter((v) => v.active_until === null)] as const)
        .filter(([, vs]) => vs.length > 0),
    );

  /** A person's edit in Attio: each attribute's values replace the active ones. */
  const setValues: AttioStandIn["setValues"] = (recordId, values, opts = {}) => {
    const r = records.get(recordId);
    if (!r) throw new Error(`no record ${recordId}`);
    Object.assign(r.values, values);
    const actor: Actor = { type: "workspace-member", id: opts.by ?? WORKSPACE_PERSON };
    for (const [slug, vs] of Object.entries(values))
      setAttribute(records, r, slug, vs as Record<string, unknown>[], {
        actor,
        at: opts.at ?? now(),
        append: false,
      });
  };

  const recordJson = (r: AttioStandInRecord) => ({
    data: {
      id: {
        workspace_id: WORKSPACE,
        object_id: OBJECT_IDS[r.object] ?? randomUUID(),
        record_id: r.record_id,
      },
      created_at: new Date().toISOString(),
      values: active(r),
    },
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      const fail = (
        status: number,
        code: string,
        message: string,
        type = "invalid_request_error",
        headers: Record<string, string> = {},
      ) => send(status, { status_code: status, type, code, message }, headers);
      let body: any = null;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
      } catch {
        return fail(400, "validation_type", "Body is not valid JSON");
      }
      requests.push({ method: req.method ?? "", path: url.pathname + url.search, body });
      if (req.headers.authorization !== `Bearer ${apiKey}`)
        return fail(401, "unauthorized", "Invalid API key", "auth_error");
      const injected = failures.shift();
      if (injected) {
        if (injected.status === 429) {
          // "a date at which the limit resets", measured against the answer's own Date
          const served = Math.floor(Date.now() / 1000) * 1000;
          return fail(
            429,
            "rate_limit_exceeded",
            "Rate limit exceeded, please try again later",
            "rate_limit_error",
            {
              date: new Date(served).toUTCString(),
              "retry-after": new Date(served + injected.retryAfterS * 1000).toUTCString(),
            },
          );
        }
        if (injected.status === 409)
          return fail(409, "uniqueness_conflict", "Uniqueness conflict (injected).");
        return fail(injected.status, "internal_error", "Injected failure", "internal_error");
      }
      if (webhooks.route(req.method ?? "", url.pathname, body, send, fail)) return;
      if (url.pathname === "/v2/workspace_members" && req.method === "GET") {
        return send(200, {
          data: [...members].map(([email, id]) => ({
            id: { workspace_id: WORKSPACE, workspace_member_id: id },
            email_address: email,
            access_level: "member",
          })),
        });
      }
      if (url.pathname === "/v2/self" && req.method === "GET") {
        return send(200, {
          active: true,
          scope: "record_permission:read-write object_configuration:read note:read-write",
          token_type: "Bearer",
          workspace_id: WORKSPACE,
          workspace_name: "Stand-in workspace",
          workspace_slug: "stand-in",
        });
      }
      const query = /^\/v2\/objects\/([^/]+)\/records\/query$/.exec(url.pathname);
      if (query && req.method === "POST") {
        const matches = recordFilter(body?.filter);
        if (!matches) return fail(400, "validation_type", "Unsupported filter");
        const limit = Number(body?.limit ?? 500);
        const offset = Number(body?.offset ?? 0);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          return fail(400, "validation_type", "limit must be between 1 and 500");
        const found = [...records.values()].filter((r) => r.object === query[1] && matches(r));
        return send(200, { data: found.slice(offset, offset + limit).map((r) => recordJson(r).data) });
      }
      const attr = /^\/v2\/objects\/([^/]+)\/records\/([^/]+)\/attributes\/([^/]+)\/values$/.exec(
        url.pathname,
      );
      if (attr && req.method === "GET") {
        const [, object, recordId, slug] = attr as unknown as [string, string, string, string];
        const [status, out] = listValues(records.get(recordId), object, recordId, slug, url.searchParams);
        return status === 200 ? send(200, out) : fail(status, ...(out as [string, string]));
      }
      const m = /^\/v2\/objects\/([^/]+)\/records(?:\/([^/]+))?$/.exec(url.pathname);
      if (m) {
        const object = m[1] as string;
        const recordId = m[2];
        if (req.method === "DELETE" && recordId) {
          // erasure (issue 15): Attio v2 "Delete a record" answers 200 with an empty object
          const r = records.get(recordId);
          if (!r || r.object !== object)
            return fail(404, "not_found", `Record with ID "${recordId}" not found.`);
          records.delete(recordId);
          return send(200, {});
        }
        const values = body?.data?.values;
        if (!values || typeof values !== "object")
          return fail(400, "validation_type", "data.values is required");
        if (req.method === "PUT" && !recordId) {
          const attr = url.searchParams.get("matching_attribute");
          if (!attr) return fail(400, "validation_type", "matching_attribute is required");
          if (attr !== "email_addresses") return fail(400, "value_not_found", `No attribute "${attr}"`);
          const email = emailOf(values);
          if (!email) return fail(400, "validation_type", "matching attribute value is required");
          const existing = [...records.values()].find(
            (r) => r.object === object && emailOf(r.values) === email,
          );
          if (existing) {
            Object.assign(existing.values, values);
            writeByApi(existing, values, true);
            return send(200, recordJson(existing));
          }
          const r = { object, record_id: randomUUID(), values: { ...values }, history: {} };
          records.set(r.record_id, r);
          writeByApi(r, values, false);
          return send(200, recordJson(r));
        }
        if (req.method === "POST" && !recordId) {
          if (object === "deals") {
            for (const required of ["name", "stage", "owner"])
              if (values[required] === undefined || values[required] === null)
                return fail(400, "validation_type", `Required attribute "${required}" is missing a value.`);
            const owner = actorEmail(values.owner);
            if (!owner || !members.has(owner))
              return fail(400, "value_not_found", `Workspace member with email "${owner}" not found.`);
          }
          const email = emailOf(values);
          if (email && [...records.values()].some((r) => r.object === object && emailOf(r.values) === email))
            return fail(
              409,
              "uniqueness_conflict",
              `Uniqueness conflict on attribute "email_addresses" with value "${email}".`,
            );
          const r = { object, record_id: randomUUID(), values: { ...values }, history: {} };
          records.set(r.record_id, r);
          writeByApi(r, values, false);
          return send(200, recordJson(r));
        }
        if (req.method === "PATCH" && recordId) {
          const r = records.get(recordId);
          if (!r || r.object !== object)
            return fail(404, "not_found", `Record with ID "${recordId}" not found.`);
          Object.assign(r.values, values);
          writeByApi(r, values, true);
          return send(200, recordJson(r));
        }
      }
      if (url.pathname === "/v2/notes" && req.method === "POST") {
        const d = body?.data;
        if (!d?.parent_object || !d?.parent_record_id || typeof d.content !== "string" || !d.format) {
          return fail(
            400,
            "validation_type",
            "parent_object, parent_record_id, title, format and content are required",
          );
        }
        if (!records.has(d.parent_record_id)) return fail(404, "not_found", "Parent record not found.");
        const note: AttioStandInNote = {
          note_id: randomUUID(),
          parent_object: d.parent_object,
          parent_record_id: d.parent_record_id,
          title: d.title ?? "",
          content: d.content,
          format: d.format,
          created_at: d.created_at ?? new Date().toISOString(),
        };
        notes.push(note);
        return send(200, {
          data: {
            id: { workspace_id: WORKSPACE, note_id: note.note_id },
            parent_object: note.parent_object,
            parent_record_id: note.parent_record_id,
            title: note.title,
            content_plaintext: note.content,
            created_at: note.created_at,
          },
        });
      }
      return fail(404, "not_found", `No route ${req.method} ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    records,
    notes,
    requests,
    failNext(status, times = 1, retryAfterS = 1) {
      for (let i = 0; i < times; i++) failures.push({ status, retryAfterS });
    },
    members,
    get clock() {
      return state.clock;
    },
    set clock(d: Date | null) {
      state.clock = d;
    },
    setValues,
    workspaceId: WORKSPACE,
    peopleObjectId: OBJECT_IDS.people as string,
    objectIds: OBJECT_IDS,
    webhooks: webhooks.hooks,
    delivery: webhooks.delivery,
    addRecord(object, values, opts = {}) {
      const r: AttioStandInRecord = { object, record_id: randomUUID(), values: {}, history: {} };
      records.set(r.record_id, r);
      setValues(r.record_id, values, opts);
      return r.record_id;
    },
    addMember(email) {
      const id = members.get(email) ?? randomUUID();
      members.set(email, id);
      return id;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
