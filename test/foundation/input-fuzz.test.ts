// Issue 36 item 10: inputs that no handler expects (a NUL byte in a path, a query or a JSON string;
// JSON nested 5,000 deep; numbers such as 1e20 where an id or a count goes) each gave 500 INTERNAL.
// Every route of the OpenAPI document is requested with them, by a sweep and by fast-check, with
// tokens of every role: the answer is never a 5xx, and a refusal is a 400 with a code.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

type Json = Record<string, any>;
interface Op {
  method: string;
  path: string;
  params: string[];
  query: { name: string; schema: Json }[];
  body: Json | undefined;
}

const NASTY_STRINGS = [
  "a\u0000b",
  "\u0000",
  "x".repeat(5000),
  "%00",
  "../../etc/passwd",
  "' or 1=1 --",
  "😀\ud800",
];
const NASTY_NUMBERS = [1e20, -1e20, 1e308, 2147483648, -2147483649, 2 ** 53 + 2, -1, 0, 0.5];
const DEEP = `${"[".repeat(5000)}${"]".repeat(5000)}`;
const DEEP_OBJ = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;

/** Percent-encoded; a lone surrogate (not encodable) is sent as the bytes of one: invalid UTF-8. */
function encodeParam(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%ED%A0%80";
  }
}

function operations(doc: Json): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const ps: Json[] = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        params: ps.filter((p) => p.in === "path").map((p) => p.name),
        query: ps.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.["application/json"]?.schema,
      });
    }
  }
  return out;
}

/** A plausible value of a schema: required properties filled, formats honoured. */
function sample(schema: Json | undefined, doc: Json, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.$ref)
    return sample(doc.components?.schemas?.[String(schema.$ref).split("/").pop()!], doc, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  for (const k of ["anyOf", "oneOf"]) if (schema[k]) return sample(schema[k][0], doc, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Json) => sample(s, doc, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const o: Json = {};
      for (const k of schema.required ?? []) o[k] = sample(schema.properties?.[k], doc, depth + 1);
      return o;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, doc, depth + 1));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      if (schema.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      if (schema.format === "email") return "fuzz@example.com";
      if (schema.format === "date-time") return "2026-11-25T00:00:00.000Z";
      if (schema.format === "date") return "2026-11-25";
      return "x".repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** Every leaf path of a value (and the value itself). */
function leaves(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v && typeof v === "object") {
    const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    return [at, ...keys.flatMap((k) => leaves((v as Json)[k], [...at, k]))];
  }
  return [at];
}

function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: Json = Array.isArray(v) ? [...v] : { ...(v as Json) };
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy;
}

describe("inputs no handler expects", () => {
  let h: TestApp;
  let t: Tenant;
  let ops: Op[];
  let doc: Json;
  let auths: { authorization: string }[];
  const failures: string[] = [];

  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.database.db);
    doc = h.app.swagger() as Json;
    ops = operations(doc);
    auths = [t.revops, t.slm, t.exec, t.rep, t.admin, t.agt901, t.both].map((p) => p.auth);
  });
  afterAll(() => h.close());

  async function send(
    method: string,
    url: string,
    auth: { authorization: string },
    payload?: string,
  ): Promise<number> {
    const res = await h.app.inject({
      method: method as "GET",
      url,
      headers: {
        ...auth,
        ...(payload !== undefined ? { "content-type": "application/json" } : {}),
        accept: "application/json, text/event-stream",
      },
      ...(payload !== undefined ? { payload } : {}),
    });
    if (res.statusCode >= 500)
      failures.push(`${method} ${url.slice(0, 120)} -> ${res.statusCode} ${res.body.slice(0, 160)}`);
    else if (res.statusCode === 400 && String(res.headers["content-type"]).startsWith("application/json")) {
      const code = res.json().error?.code;
      if (typeof code !== "string") failures.push(`${method} ${url} -> 400 without a code`);
    }
    return res.statusCode;
  }

  function url(op: Op, params: Record<string, string>, query: Record<string, string> = {}): string {
    let u = op.path;
    for (const p of op.params) u = u.replace(`{${p}}`, encodeParam(params[p] ?? "x"));
    const q = new URLSearchParams(query).toString();
    return q ? `${u}?${q}` : u;
  }

  const plain = (op: Op) =>
    Object.fromEntries(op.params.map((p) => [p, "00000000-0000-4000-8000-000000000000"]));

  it("reads the API's operations", () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.find((o) => o.path === "/api/v1/crm/outbox")?.query.map((q) => q.name)).toContain("cursor");
  });

  it("sweeps every operation: NUL in each path parameter, huge numbers and NUL in each query parameter, deep bodies", async () => {
    const auth = t.admin.auth;
    for (const op of ops) {
      const body = op.body ? JSON.stringify(sample(op.body, doc)) : undefined;
      for (const p of op.params) {
        await send(op.method, url(op, { ...plain(op), [p]: "a\u0000b" }), auth, body);
        // malformed percent-encoding, as a client may send it
        for (const raw of ["%E0%A4%A", "%zz", "%ED%A0%80"])
          await send(
            op.method,
            url(op, plain(op)).replace("00000000-0000-4000-8000-000000000000", raw),
            auth,
            body,
          );
      }
      for (const q of op.query) {
        for (const v of ["1e20", "-1e20", "9007199254740993", "a\u0000b"])
          await send(op.method, url(op, plain(op), { [q.name]: v }), auth, body);
      }
      if (op.body) {
        await send(op.method, url(op, plain(op)), auth, DEEP);
        await send(op.method, url(op, plain(op)), auth, DEEP_OBJ);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("fast-check: a nasty value at any leaf of a plausible body, any parameter, any role", async () => {
    const nasty = fc.oneof(
      fc.constantFrom<unknown>(...NASTY_STRINGS, ...NASTY_NUMBERS),
      fc.string({ unit: "binary", maxLength: 20 }).map((s) => `${s}\u0000`),
      fc.integer({ min: 31, max: 80 }).map((e) => 2 ** e),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: ops.length - 1 }),
        fc.nat({ max: auths.length - 1 }),
        fc.nat(),
        nasty,
        fc.constantFrom("body", "param", "query"),
        async (i, a, pick, value, where) => {
          const op = ops[i];
          const params = plain(op);
          const query: Record<string, string> = {};
          let body = op.body ? sample(op.body, doc) : undefined;
          if (where === "param" && op.params.length)
            params[op.params[pick % op.params.length]] = String(value);
          else if (where === "query" && op.query.length)
            query[op.query[pick % op.query.length].name] = String(value);
          else if (body !== undefined) {
            const ls = leaves(body);
            body = setAt(body, ls[pick % ls.length], value);
          }
          await send(
            op.method,
            url(op, params, query),
            auths[a],
            body === undefined ? undefined : JSON.stringify(body),
          );
          return true;
        },
      ),
      { numRuns: 600, seed: 36 },
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
