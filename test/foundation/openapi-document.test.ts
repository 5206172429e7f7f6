// Issue 38 item 3: the served OpenAPI document names and tags every operation (derived centrally,
// src/api/openapi/operation-names.ts), so a route added anywhere is covered or this test says what
// to add. Redocly and Spectral lint the same document in npm run check (scripts/lint-openapi.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";

type Json = Record<string, any>;

describe("the OpenAPI document at /docs/json", () => {
  let h: TestApp;
  let doc: Json;
  const operations: { method: string; path: string; op: Json }[] = [];
  beforeAll(async () => {
    h = await testApp();
    doc = (await h.app.inject({ method: "GET", url: "/docs/json" })).json();
    for (const [path, item] of Object.entries<Json>(doc.paths))
      for (const [method, op] of Object.entries<Json>(item)) operations.push({ method, path, op });
  });
  afterAll(() => h.close());

  it("gives every operation a unique operationId (add an override in operation-names.ts if two meet)", () => {
    expect(operations.length).toBeGreaterThan(100);
    const byId = new Map<string, string[]>();
    for (const { method, path, op } of operations) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
      byId.set(op.operationId, [...(byId.get(op.operationId) ?? []), `${method} ${path}`]);
    }
    expect([...byId].filter(([, ops]) => ops.length > 1)).toEqual([]);
  });

  it("tags every operation with one tag that has a description (add it to TAGS in operation-names.ts)", () => {
    const described = new Map<string, string>(doc.tags.map((t: Json) => [t.name, t.description]));
    const missing = operations
      .filter(({ op }) => op.tags?.length !== 1 || !described.get(op.tags[0]))
      .map(({ method, path, op }) => `${method} ${path}: ${op.tags}`);
    expect(missing).toEqual([]);
  });

  it("names the server, and no path has an unnamed parameter", () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: "http://baton.test" })]);
    expect(Object.keys(doc.paths).filter((p) => p.includes("{*}"))).toEqual([]);
    expect(doc.paths["/u/{token}"].get.parameters).toContainEqual(
      expect.objectContaining({ in: "path", name: "token", required: true }),
    );
    expect(Object.keys(doc.paths["/u/{token}"].post.requestBody.content)).toContain(
      "application/x-www-form-urlencoded",
    );
  });

  it("shares the refusals as named responses over ErrorResponse", () => {
    expect(doc.paths["/api/v1/campaigns"].get.responses["401"]).toEqual({
      $ref: "#/components/responses/Unauthorized",
    });
    expect(doc.components.responses.TooManyRequests.headers["Retry-After"]).toBeDefined();
    const without4xx = operations.filter(
      ({ op }) => !Object.keys(op.responses).some((s) => s.startsWith("4")),
    );
    expect(without4xx.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });
});
