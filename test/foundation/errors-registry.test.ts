import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { readMigrations } from "../../src/db/migrate.ts";
import { allErrors } from "../../src/errors/registry.ts";

describe("the error registry", () => {
  it("gives every code a status, a rule, a message and a next action", () => {
    for (const [code, e] of Object.entries(allErrors)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.rule.length).toBeGreaterThan(3);
      expect(typeof e.message({})).toBe("string");
      expect(e.next({}).length).toBeGreaterThan(3);
    }
  });

  it("knows every SQLSTATE the migrations raise, once", () => {
    const raised = new Set<string>();
    for (const f of readMigrations()) {
      for (const m of f.sql.matchAll(/errcode\s*=\s*'(B[A-Z0-9]{4})'/gi)) raised.add(m[1].toUpperCase());
    }
    const registered = Object.values(allErrors)
      .map((e) => e.sqlstate)
      .filter(Boolean) as string[];
    expect(new Set(registered).size).toBe(registered.length);
    for (const s of raised) expect(registered).toContain(s);
  });

  it("is documented: docs/errors.md lists every code", () => {
    const doc = fs.readFileSync("docs/errors.md", "utf8");
    for (const code of Object.keys(allErrors)) expect(doc).toContain(`\`${code}\``);
  });
});
