// `baton engine work --concurrency N`: N workers in one process (docs/operations.md "Running N engine
// workers"), each claiming under its own name (test/engine/sigterm-worker.test.ts runs three on
// PostgreSQL). Refused before anything starts: a count that is not 1 to 32, and more than one worker
// on the embedded database, whose one connection they could only take in turns.
import { describe, expect, it } from "vitest";
import { workerConcurrency } from "../../src/cli/engine-commands.ts";
import { runCli } from "../../src/cli/main.ts";
import { BatonError } from "../../src/errors/baton-error.ts";

const URL = "postgres://postgres@127.0.0.1:5432/test";

function refusal(flag: string, url: string | undefined): string {
  try {
    workerConcurrency(flag, url);
  } catch (e) {
    expect(e).toBeInstanceOf(BatonError);
    expect((e as BatonError).code).toBe("VALIDATION_FAILED");
    return JSON.stringify((e as BatonError).facts);
  }
  throw new Error(`--concurrency ${flag} was accepted`);
}

describe("engine work --concurrency", () => {
  it("takes 1 to 32 workers, one without the flag", () => {
    expect(workerConcurrency(undefined, undefined)).toBe(1);
    expect(workerConcurrency("1", undefined)).toBe(1);
    expect(workerConcurrency("4", URL)).toBe(4);
    expect(workerConcurrency("32", URL)).toBe(32);
  });

  it("refuses other counts, and more than one worker on the embedded database", () => {
    for (const bad of ["0", "33", "-1", "1.5", "two", ""]) expect(refusal(bad, URL)).toContain("1 to 32");
    expect(refusal("2", undefined)).toContain("DATABASE_URL");
  });

  it("the command says so and starts nothing", async () => {
    const lines: string[] = [];
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(await runCli(["engine", "work", "--concurrency", "3"], (l) => lines.push(l))).not.toBe(0);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
    expect(lines.join("\n")).toContain("--concurrency");
    expect(lines.join("\n")).toContain("one connection");
  });
});
