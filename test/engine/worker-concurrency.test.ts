// `baton engine work --concurrency N`: N workers in one process (docs/operations.md "Running N engine
// workers"), each claiming under its own name (test/engine/sigterm-worker.test.ts runs three on
// PostgreSQL). Refused before anything starts: a count that is not 1 to 32, and more than one worker
// on the embedded database, whose one connection they could only take in turns. The engine's other
// numbers (--batch, --max-batch, --tick-ms, --lease-ms, --metrics-port; simulate's --days,
// --contacts, --seed) are whole numbers in a range too: a fraction or a word fell back to the
// default without a word, and a fraction reached a LIMIT.
import { describe, expect, it } from "vitest";
import { wholeNumberFlag, workerConcurrency } from "../../src/cli/engine-commands.ts";
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

describe("the engine's other whole-number flags", () => {
  it("take a whole number in their range, the default without the flag", () => {
    expect(wholeNumberFlag(undefined, "batch", 50, 1, 10_000)).toBe(50);
    expect(wholeNumberFlag("200", "batch", 50, 1, 10_000)).toBe(200);
    expect(wholeNumberFlag("1000", "lease-ms", 30_000, 1_000, 86_400_000)).toBe(1_000);
  });

  it("refuse fractions, words, signs and numbers out of range, naming the flag", () => {
    for (const bad of ["2.5", "abc", "", "-3", "+3", "1e3", "0", "10001", " 5"]) {
      let facts = "";
      try {
        wholeNumberFlag(bad, "batch", 50, 1, 10_000);
      } catch (e) {
        expect((e as BatonError).code).toBe("VALIDATION_FAILED");
        facts = JSON.stringify((e as BatonError).facts);
      }
      expect(facts, `--batch ${JSON.stringify(bad)}`).toContain("--batch");
      expect(facts).toContain("from 1 to 10000");
    }
  });

  it("the commands refuse before they open anything", async () => {
    for (const args of [
      ["engine", "run-once", "--batch", "2.5"],
      ["engine", "work", "--tick-ms", "fast"],
      ["simulate", "--days", "1.5"],
    ]) {
      const lines: string[] = [];
      expect(await runCli(args, (l) => lines.push(l)), args.join(" ")).not.toBe(0);
      expect(lines.join("\n")).toContain(args[args.length - 2]);
      expect(lines.join("\n")).toContain("whole number");
    }
  });
});
