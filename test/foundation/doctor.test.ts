// baton doctor (issue 10) against real parts: a migrated database (PostgreSQL when
// TEST_DATABASE_URL is set, else a PGlite data directory), a local SMTP server that requires a
// login, and the Attio and LLM stand-ins. Each part reports ok / fail / skipped, and the command
// exits non-zero when one fails.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctorTable, runDoctor } from "../../src/cli/doctor-checks.ts";
import { runCli } from "../../src/cli/main.ts";
import { loadConfig } from "../../src/config/config.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { migrate } from "../../src/db/migrate.ts";
import { type AttioStandIn, startAttioStandIn } from "../support/attio-stand-in.ts";
import { templateDataDir } from "../support/db.ts";
import { startDnsStandIn } from "../support/dns-stand-in.ts";
import { type LlmStandIn, startLlmStandIn } from "../support/llm-stand-in.ts";
import { startOpenAiStandIn } from "../support/openai-stand-in.ts";
import { ownServerDatabase } from "../support/template.ts";

describe("baton doctor", () => {
  let dataDir = "";
  let smtp: SMTPServer;
  let smtpPort = 0;
  let attio: AttioStandIn;
  let llm: LlmStandIn;
  const dbEnv: Record<string, string> = {};
  // on a Citus coordinator (TEST_CITUS_URL) a database of the test's own, built and distributed on
  // every node as docs/scaling.md's operator does: the doctor then has a `citus` row (issue 57)
  const citus = Boolean(process.env.TEST_CITUS_URL);
  let own: Awaited<ReturnType<typeof ownServerDatabase>> | undefined;

  beforeAll(async () => {
    // a database of the test's own on the server, never TEST_DATABASE_URL's own database: migrating
    // that one left it ahead of any checkout without the newest migration (another worktree's test
    // run migrated it, and every later run of this file failed SCHEMA_NEWER_THAN_CODE)
    if (process.env.TEST_DATABASE_URL) {
      own = await ownServerDatabase("doctor");
      dbEnv.DATABASE_URL = own.url;
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-doctor-"));
      dbEnv.BATON_DATA_DIR = path.join(dataDir, "data");
      // from the test template, not a fresh initdb and every migration (doctor's subject is the checks)
      await templateDataDir(dbEnv.BATON_DATA_DIR);
    }
    const database = await openDatabase({ url: dbEnv.DATABASE_URL, dataDir: dbEnv.BATON_DATA_DIR });
    await migrate(database.db);
    await database.close();
    smtp = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === "mailer" && auth.password === "right-pass") return cb(null, { user: "mailer" });
        cb(new Error("535 authentication failed"));
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
    smtpPort = (smtp.server.address() as { port: number }).port;
    attio = await startAttioStandIn();
    llm = await startLlmStandIn();
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await attio?.close();
    await llm?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    await own?.drop();
  });

  const env = (over: Record<string, string> = {}) => ({
    ...dbEnv,
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtpPort),
    SMTP_USER: "mailer",
    SMTP_PASS: "right-pass",
    ATTIO_API_KEY: attio.apiKey,
    ATTIO_BASE_URL: attio.baseUrl,
    LLM_BASE_URL: llm.baseUrl,
    LLM_API_KEY: llm.apiKey,
    ...over,
  });

  it("every configured part ok: database and version, migrations, clock skew, SMTP login, Attio key, LLM", async () => {
    const results = await runDoctor(loadConfig(env()));
    expect(results.map((r) => [r.part, r.status])).toEqual([
      ["database", "ok"],
      ["migrations", "ok"],
      ["clock skew", "ok"],
      ...(citus ? [["citus", "ok"]] : []),
      ["smtp", "ok"],
      ["attio", "ok"],
      ["llm", "ok"],
      // SMTP_FROM is the dev default (baton@localhost) and the database holds no mailbox
      ["dns", "skipped"],
    ]);
    expect(results[0].detail).toMatch(/PostgreSQL \d+/);
    const detail = (part: string) => results.find((r) => r.part === part)?.detail;
    expect(detail("smtp")).toContain("accepted the login of mailer");
    expect(detail("attio")).toBe("key active for workspace Stand-in workspace");
    expect(attio.requests.some((r) => r.method === "GET" && r.path === "/v2/self")).toBe(true);
    const table = doctorTable(results);
    expect(table.split("\n")[0]).toMatch(/^part\s+status\s+detail$/);
    // no secret in the report
    for (const secret of ["right-pass", attio.apiKey, llm.apiKey]) expect(table).not.toContain(secret);
  });

  it("fails what is wrong: SMTP password, Attio key, LLM key and model; skips what is not configured", async () => {
    const wrong = await runDoctor(
      loadConfig(env({ SMTP_PASS: "wrong-pass", ATTIO_API_KEY: "not-the-key", LLM_API_KEY: "nope" })),
    );
    const status = Object.fromEntries(wrong.map((r) => [r.part, r.status]));
    expect(status).toMatchObject({ database: "ok", smtp: "fail", attio: "fail", llm: "fail" });
    expect(wrong.find((r) => r.part === "smtp")?.detail).toMatch(/EAUTH|535/);
    const model = await runDoctor(loadConfig(env({ LLM_MODEL: "no-such-model" })));
    expect(model.find((r) => r.part === "llm")).toMatchObject({
      status: "fail",
      detail: "model no-such-model not found",
    });
    const bare = await runDoctor(loadConfig({ ...dbEnv }));
    expect(bare.filter((r) => r.status === "skipped").map((r) => r.part)).toEqual([
      "smtp",
      "attio",
      "llm",
      "dns",
    ]);
  });

  it("checks the sending domain's SPF, DKIM and DMARC in DNS and says what to publish", async () => {
    const dns = await startDnsStandIn({
      "acme.example": ["v=spf1 include:_spf.mailer.example ~all"],
      "_dmarc.acme.example": ["v=DMARC1; p=none"],
    });
    try {
      const results = await runDoctor(loadConfig(env({ SMTP_FROM: "Sales <sales@acme.example>" })), {
        resolver: dns.resolver(),
      });
      const rows = results.filter((r) => r.part.endsWith(" acme.example"));
      expect(rows.map((r) => [r.part, r.status])).toEqual([
        ["spf acme.example", "ok"],
        ["dkim acme.example", "fail"],
        ["dmarc acme.example", "ok"],
      ]);
      expect(rows[1].detail).toContain("baton dkim add --domain acme.example");
      expect(rows[2].detail).toMatch(/^warning: p=none/);
    } finally {
      await dns.close();
    }
  });

  it("checks an OpenAI-style LLM (LLM_API=openai) by listing its models", async () => {
    const openai = await startOpenAiStandIn();
    try {
      const llmOf = async (over: Record<string, string>) =>
        (
          await runDoctor(loadConfig({ ...dbEnv, LLM_BASE_URL: openai.baseUrl, LLM_API: "openai", ...over }))
        ).find((r) => r.part === "llm");
      expect(await llmOf({ LLM_API_KEY: openai.apiKey, LLM_MODEL: "gpt-test" })).toMatchObject({
        status: "ok",
      });
      expect(await llmOf({ LLM_API_KEY: "nope", LLM_MODEL: "gpt-test" })).toMatchObject({
        status: "fail",
        detail: "the key was refused (HTTP 401)",
      });
      expect(await llmOf({ LLM_API_KEY: openai.apiKey, LLM_MODEL: "llama3.1" })).toMatchObject({
        status: "fail",
        detail: "model llama3.1 is not among the server's models",
      });
    } finally {
      await openai.close();
    }
  });

  it("fails an unreachable database and an SMTP server that is not there", async () => {
    const results = await runDoctor(
      loadConfig({
        DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: "1",
      }),
    );
    const status = Object.fromEntries(results.map((r) => [r.part, r.status]));
    expect(status).toMatchObject({
      database: "fail",
      migrations: "skipped",
      "clock skew": "skipped",
      smtp: "fail",
    });
  });

  it("the command prints the table and exits non-zero when a part fails", async () => {
    const saved = { ...process.env };
    const lines: string[] = [];
    try {
      Object.assign(process.env, env());
      expect(await runCli(["doctor"], (l) => lines.push(l))).toBe(0);
      expect(lines.join("\n")).toMatch(/^database\s+ok\s+/m);
      lines.length = 0;
      Object.assign(process.env, env({ SMTP_PASS: "wrong-pass" }));
      expect(await runCli(["doctor"], (l) => lines.push(l))).toBe(1);
      expect(lines.join("\n")).toMatch(/^smtp\s+fail\s+/m);
      expect(lines.join("\n")).toContain("DOCTOR_FAILED");
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
