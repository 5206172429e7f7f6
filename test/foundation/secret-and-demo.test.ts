// Issue 36 item 11: outside demo mode the server refuses to start with the public default (or a
// short) BATON_SECRET; in demo mode it warns. The public bt_demo_* tokens and demo sessions stop
// working at a start with BATON_DEMO=false, and work again at a demo start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { lookupSession } from "../../src/auth/sessions/lookup-session.ts";
import { authenticate } from "../../src/auth/tokens.ts";
import { ConfigError, DEFAULT_SECRET, loadConfig, secretProblem } from "../../src/config/config.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { openFromConfig } from "../../src/runtime/open-from-config.ts";
import { checkSecret, serve } from "../../src/runtime/serve.ts";
import { templateDataDir } from "../support/db.ts";

const STRONG = "k".repeat(48);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-secret-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function config(env: Record<string, string>, dir = path.join(tmp, "data")) {
  return {
    ...loadConfig({ BATON_DATA_DIR: dir, PORT: "0", BATON_ENGINE: "false", LOG_FILE: "-", ...env }),
    logLevel: "warn",
  };
}

describe("BATON_SECRET at start", () => {
  it("names what is wrong, never the value", () => {
    expect(secretProblem(DEFAULT_SECRET)).toMatch(/public default/);
    expect(secretProblem("short-but-private")).toBe("is 17 characters long; it needs at least 32");
    expect(secretProblem("")).toMatch(/is 0 characters/);
    expect(secretProblem(STRONG)).toBeUndefined();
    expect(loadConfig({ BATON_SECRET: "" }).secret).toBe(DEFAULT_SECRET);
  });

  it("refuses to serve outside demo mode with the default, an empty or a short secret", async () => {
    for (const secret of [undefined, "", "short-but-private"]) {
      const dir = path.join(tmp, `refused-${secret ?? "unset"}`);
      const c = config(
        { BATON_DEMO: "false", ...(secret !== undefined ? { BATON_SECRET: secret } : {}) },
        dir,
      );
      const e = await serve(c, () => {}).then(
        () => null,
        (err) => err,
      );
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.message).toMatch(/BATON_SECRET .*openssl rand/);
      if (secret) expect(e.message).not.toContain(secret);
      // refused before the database was opened
      expect(fs.existsSync(dir)).toBe(false);
    }
  });

  it("says so in one calm line in demo mode, and says nothing with a strong secret", () => {
    const lines: string[] = [];
    checkSecret(config({ BATON_DEMO: "true" }), (l) => lines.push(l));
    // issue 60: three WARNING lines greeted every newcomer; one line says what to change, and when
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Demo mode: BATON_SECRET is the public default .*before real contacts, set it/);
    const quiet: string[] = [];
    checkSecret(config({ BATON_DEMO: "false", BATON_SECRET: STRONG }), (l) => quiet.push(l));
    expect(quiet).toEqual([]);
  });
});

describe("demo tokens after a restart without demo mode", () => {
  it("stop working, with the demo sessions, and work again at a demo start", {
    timeout: 120_000,
  }, async () => {
    const dir = path.join(tmp, "demo");
    const demoConfig = config({ BATON_DEMO: "true" }, dir);
    // the embedded database from the test template, not a fresh initdb and every migration (this
    // file's subject is the secret and the demo's tokens, migrate.test.ts's the first start)
    await templateDataDir(dir);
    // the demo's data and tokens, as a demo start seeds them
    let database = await openFromConfig(demoConfig);
    await seedDemo(database.db);
    const admin = await authenticate(database.db, "bt_demo_admin");
    const session = await createSession(
      database.db,
      { clientId: DEMO_CLIENT, principalId: admin.principalId, method: "demo" },
      demoConfig.session,
      new Date(),
    );
    await database.close();

    // restart without demo mode: the public tokens and the demo session no longer open anything
    const lines: string[] = [];
    const server = await serve(config({ BATON_DEMO: "false", BATON_SECRET: STRONG }, dir), (l) =>
      lines.push(l),
    );
    try {
      const res = await server.app.inject({
        method: "GET",
        url: "/api/v1/me",
        headers: { authorization: "Bearer bt_demo_admin" },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("TOKEN_REVOKED");
      await expect(
        lookupSession(server.deps.db, session.id, demoConfig.session, new Date()),
      ).rejects.toMatchObject({ status: 401 });
      expect(lines.join("\n")).toMatch(/revoked 13 demo token\(s\) and 1 demo session/);
    } finally {
      await server.close();
    }

    // a demo start opens the tokens again
    database = await openFromConfig(demoConfig);
    try {
      await seedDemo(database.db);
      expect((await authenticate(database.db, "bt_demo_admin")).clientId).toBe(DEMO_CLIENT);
    } finally {
      await database.close();
    }
  });
});
