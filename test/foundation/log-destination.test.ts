// Request logs off the terminal (issue 60: a newcomer's terminal filled with one JSON line per HTTP
// request): in demo mode the log goes to a capped file by default, still redacted, and only
// warnings and errors reach the terminal; the banner says where the lines go.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { CappedFile, logDestination, terminalLevel } from "../../src/api/log-destination.ts";
import { loadConfig } from "../../src/config/config.ts";
import { serve } from "../../src/runtime/serve.ts";
import { templateDataDir } from "../support/db.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-log-file-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("LOG_FILE", () => {
  it("defaults to a file in demo mode, and to stdout outside it or with LOG_FILE=-", () => {
    expect(loadConfig({}, tmp).logFile).toBe(path.join(tmp, ".baton/logs/server.log"));
    expect(loadConfig({ DATABASE_URL: "postgres://x@127.0.0.1/db" }, tmp).logFile).toBeUndefined();
    expect(loadConfig({ LOG_FILE: "-" }, tmp).logFile).toBeUndefined();
    expect(loadConfig({ LOG_FILE: "logs/baton.log", BATON_DEMO: "false" }, tmp).logFile).toBe(
      path.join(tmp, "logs/baton.log"),
    );
  });

  it("keeps request lines off the terminal, redacted in the file, warnings on both", {
    timeout: 300_000,
  }, async () => {
    const logFile = path.join(tmp, "logs", "server.log");
    // the embedded database from the test template, not a fresh initdb and every migration (40-50 s
    // on a 2-core machine at rest; this file's subject is the log, migrate.test.ts's the first start)
    await templateDataDir(path.join(tmp, "data"));
    const terminal: string[] = [];
    const printed: string[] = [];
    const config = loadConfig(
      {
        BATON_DATA_DIR: path.join(tmp, "data"),
        PORT: "0",
        BATON_ENGINE: "false",
        BATON_INBOX: "false",
        // outside demo mode (no demo seed and history to build here), the file named as the demo's
        // default is (the test above)
        BATON_DEMO: "false",
        BATON_SECRET: "k".repeat(48),
        LOG_FILE: logFile,
      },
      tmp,
    );
    const server = await serve(
      config,
      (l) => printed.push(l),
      new Writable({
        write(chunk, _enc, cb) {
          terminal.push(...String(chunk).split("\n").filter(Boolean));
          cb();
        },
      }),
    );
    try {
      for (let i = 0; i < 3; i++) {
        await server.app.inject({
          method: "GET",
          url: "/api/v1/prospects?email=newcomer%40example.com",
          headers: { authorization: "Bearer bt_secret_token_for_the_log" },
        });
      }
      server.app.log.warn("a warning for the terminal");
    } finally {
      await server.close();
    }
    expect(printed).toContain(`  logs:      ${logFile} (warnings and errors here too)`);
    // the terminal got the warning and no request line
    expect(terminal.map((l) => JSON.parse(l).msg)).toEqual(["a warning for the terminal"]);
    const lines = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean);
    expect(lines.filter((l) => JSON.parse(l).msg === "request completed")).toHaveLength(3);
    expect(lines.some((l) => JSON.parse(l).msg === "a warning for the terminal")).toBe(true);
    const text = lines.join("\n");
    expect(text).not.toContain("bt_secret_token_for_the_log");
    expect(text).not.toContain("newcomer");
    expect((fs.statSync(logFile).mode & 0o777).toString(8)).toBe("600");
  });

  it("shows every line on the terminal too at LOG_LEVEL=debug, only warnings at the default", async () => {
    expect(terminalLevel("info")).toBe("warn");
    expect(terminalLevel("debug")).toBe("debug");
    expect(terminalLevel("trace")).toBe("trace");
    for (const [level, want] of [
      ["info", ["a warning"]],
      ["debug", ["a request line", "a warning"]],
    ] as const) {
      const seen: string[] = [];
      const terminal = new Writable({
        write(chunk, _enc, done) {
          seen.push(...String(chunk).split("\n").filter(Boolean));
          done();
        },
      });
      const d = logDestination(
        { logLevel: level, logFile: path.join(tmp, `lv-${level}.log`) },
        terminal as any,
      );
      const { pino } = await import("pino");
      const log = pino(d.logger, d.logger.stream!);
      log.info("a request line");
      log.warn("a warning");
      await new Promise((r) => setTimeout(r, 50));
      d.close();
      expect(seen.map((l) => JSON.parse(l).msg)).toEqual(want);
    }
  });

  it("is capped: past the cap it starts over, the previous one kept as .1", () => {
    const file = path.join(tmp, "capped", "server.log");
    const capped = new CappedFile(file, 100);
    for (let i = 0; i < 12; i++) capped.write(`${JSON.stringify({ n: i, pad: "x".repeat(10) })}\n`);
    capped.close();
    capped.write("after close is dropped\n");
    expect(fs.statSync(file).size).toBeLessThanOrEqual(100);
    expect(fs.statSync(`${file}.1`).size).toBeLessThanOrEqual(100);
    const kept = [
      ...fs.readFileSync(`${file}.1`, "utf8").split("\n"),
      ...fs.readFileSync(file, "utf8").split("\n"),
    ]
      .filter(Boolean)
      .map((l) => JSON.parse(l).n);
    // the newest lines, in order, ending with the last one written
    expect(kept.at(-1)).toBe(11);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    // a restart appends to the file and keeps counting its size
    const again = new CappedFile(file, 100);
    again.write("x".repeat(90));
    again.close();
    expect(fs.statSync(file).size).toBe(90);
  });
});
