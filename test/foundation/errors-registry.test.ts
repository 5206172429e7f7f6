import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { readMigrations } from "../../src/db/migrate.ts";
import { BatonError } from "../../src/errors/baton-error.ts";
import type { ErrorCode } from "../../src/errors/registry.ts";
import { errorEntry, registerErrors } from "../../src/errors/registry.ts";
import { allErrors } from "../../src/runtime/errors.ts";

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

  it("registers each domain's fragment once: the same fragment again is a no-op, another entry under a taken code is refused", () => {
    const before = Object.keys(allErrors).length;
    const plays = { PLAY_ILLEGAL_TRANSITION: errorEntry("PLAY_ILLEGAL_TRANSITION")! };
    registerErrors(plays);
    expect(errorEntry("PLAY_ILLEGAL_TRANSITION")).toBe(plays.PLAY_ILLEGAL_TRANSITION);
    const forged = { ...plays.PLAY_ILLEGAL_TRANSITION, status: 200 };
    expect(() => registerErrors({ PLAY_ILLEGAL_TRANSITION: forged })).toThrow(/registered twice/);
    expect(errorEntry("PLAY_ILLEGAL_TRANSITION")?.status).toBe(409);
    expect(Object.keys(allErrors).length).toBe(before);
  });

  it("refuses to build an error whose code no domain registered, rather than answer without a status", () => {
    expect(new BatonError("PLAY_ILLEGAL_TRANSITION").status).toBe(409);
    expect(() => new BatonError("NO_SUCH_CODE" as ErrorCode)).toThrow(/not registered/);
  });
});
