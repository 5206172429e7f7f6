// Issue 58 (the review): "OpenAPI: 99 of 254 parameters described (45 undescribed path ids,
// limit/cursor/status); no 5xx documented although /readyz and the engine answer 503". This walks
// the served document (/docs/json): every parameter has a description, every operation documents
// 500 and 503, each over the error envelope, and 503 names Retry-After. A route added without them
// fails here with its method, path and parameter (describe it with the shared schemas in
// src/api/schemas.ts: IdParam, Limit, Cursor, PAGE_FIELDS, SegmentKey).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";

type Json = Record<string, any>;

describe("the OpenAPI document describes what it serves", () => {
  let h: TestApp;
  let doc: Json;
  const operations: { name: string; op: Json; pathParams: Json[] }[] = [];
  /** A response or parameter, its $ref followed. */
  const resolve = (x: Json): Json => {
    if (!x?.$ref) return x;
    const [, , kind, name] = String(x.$ref).split("/");
    return doc.components[kind][name];
  };
  beforeAll(async () => {
    h = await testApp();
    doc = (await h.app.inject({ method: "GET", url: "/docs/json" })).json();
    for (const [path, item] of Object.entries<Json>(doc.paths))
      for (const [method, op] of Object.entries<Json>(item))
        if (method !== "parameters")
          operations.push({ name: `${method} ${path}`, op, pathParams: item.parameters ?? [] });
  });
  afterAll(() => h.close());

  it("describes every parameter (path, query, header)", () => {
    const all = operations.flatMap(({ name, op, pathParams }) =>
      [...pathParams, ...(op.parameters ?? [])].map((p) => ({ name, p: resolve(p) })),
    );
    expect(all.length).toBeGreaterThan(250);
    const undescribed = all
      .filter(({ p }) => typeof p.description !== "string" || p.description.trim().length < 8)
      .map(({ name, p }) => `${name} ${p.in}:${p.name}`);
    expect(undescribed).toEqual([]);
  });

  it("documents 500 and 503 on every operation, over the error envelope, and Retry-After on 503", () => {
    const missing: string[] = [];
    for (const { name, op } of operations)
      for (const status of ["500", "503"]) {
        const r = resolve(op.responses?.[status]);
        if (!r?.description) missing.push(`${name} ${status}`);
      }
    expect(missing).toEqual([]);
    const { InternalServerError, ServiceUnavailable } = doc.components.responses;
    for (const r of [InternalServerError, ServiceUnavailable])
      expect(r.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ErrorResponse" });
    expect(ServiceUnavailable.headers["Retry-After"].schema).toMatchObject({ type: "integer" });
    // /readyz answers 503 with its own body: the reasons it is not ready
    const ready = doc.paths["/readyz"].get.responses["503"];
    expect(ready.content["application/json"].schema.properties).toHaveProperty("reasons");
  });

  it("pages every list the same way: limit and cursor in, items and next_cursor out", () => {
    const offPattern = operations
      .filter(({ op }) => (op.parameters ?? []).some((p: Json) => ["offset", "before_id"].includes(p.name)))
      .map(({ name }) => name);
    // the import job's report is a document's page, not a list (docs/api.md "Lists")
    expect(offPattern).toEqual(["get /api/v1/imports/{id}"]);
    const cursorWithoutNext = operations
      .filter(({ op }) => (op.parameters ?? []).some((p: Json) => p.name === "cursor"))
      .filter(({ op }) => {
        const schema = op.responses["200"]?.content?.["application/json"]?.schema;
        return !schema?.properties?.next_cursor || !schema?.properties?.items;
      })
      .map(({ name }) => name);
    expect(cursorWithoutNext).toEqual([]);
  });
});
