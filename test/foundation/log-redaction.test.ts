// Logs (issue 10): pino JSON with request ids; tokens, cookies, message bodies and email addresses
// never appear at info level. Pins the redaction list and checks real captured log lines.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import type { BatonApp } from "../../src/api/context.ts";
import { LOG_REDACT_PATHS } from "../../src/api/log-options.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describe("log redaction and request ids", () => {
  let database: Database;
  let app: BatonApp;
  let t: Tenant;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await testDatabase();
    t = await createTenant(database.db, "logs");
    const config = { ...loadConfig({}), demo: false, runEngine: false, publicUrl: "http://baton.test" };
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        cb();
      },
    });
    app = await buildApp(buildAppDeps({ database, config, now: () => new Date() }), {
      logger: { level: "info", stream },
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it("pins the redaction list", () => {
    expect([...LOG_REDACT_PATHS]).toEqual([
      "req.headers.authorization",
      "req.headers.cookie",
      "req.headers['x-api-key']",
      "req.headers['x-baton-token']",
      "req.body",
      "req.query",
      "res.headers['set-cookie']",
      "body",
      "email",
      "token",
      "password",
      "secret",
      "*.email",
      "*.token",
      "*.password",
      "*.secret",
      "*.apiKey",
      "*.api_key",
    ]);
  });

  it("logs requests without tokens, cookies, bodies or addresses", async () => {
    const secretBody = "Dear Ada, the quarterly numbers are in. SECRET-BODY-7731";
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/contacts?email=ada.lovelace%40example.test&token=qtok-55512",
      headers: {
        ...t.revops.auth,
        cookie: "baton_session=cookie-secret-9182; other=1",
        "content-type": "application/json",
      },
      payload: { email: "ada.lovelace@example.test", token: "body-token-4410", body: secretBody },
    });
    // whatever the answer, the request was logged
    expect(r.statusCode).toBeGreaterThanOrEqual(200);
    await app.inject({ method: "GET", url: "/api/v1/whoami", headers: t.revops.auth });
    const text = lines.join("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(text).toContain('"reqId"');
    expect(text).toContain('"url":"/api/v1/contacts?…"');
    for (const secret of [
      t.revops.token,
      "cookie-secret-9182",
      "ada.lovelace",
      "example.test",
      "qtok-55512",
      "body-token-4410",
      "SECRET-BODY-7731",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("honours a well-formed X-Request-Id, replaces a malformed one, and echoes it", async () => {
    const given = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "lb-42.abc:7" },
    });
    expect(given.headers["x-request-id"]).toBe("lb-42.abc:7");
    const bad = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "bad id\u0007<script>" },
    });
    expect(bad.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const none = await app.inject({ method: "GET", url: "/healthz" });
    expect(none.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.join("\n")).toContain('"reqId":"lb-42.abc:7"');
  });
});
