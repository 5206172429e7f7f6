// npm test's closing lines (scripts/test-summary.mjs, issue 60): the last line says FAILED with the
// failing files, after the skip notice, or PASSED; each run keeps its skip records apart, so two
// runs at once on one machine do not name each other's skipped suites.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { summarize } from "../../scripts/test-summary.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const file = (name: string) => ({ name: path.join(ROOT, name) });
const passed = (title: string) => ({ status: "passed", title, fullName: title });

/** A run with a failing file, a skipped Chromium suite and a file whose setup failed. */
const failing = {
  status: 1,
  results: {
    testResults: [
      { ...file("test/a.test.ts"), status: "passed", assertionResults: [passed("one"), passed("two")] },
      {
        ...file("test/b.test.ts"),
        status: "failed",
        assertionResults: [
          passed("three"),
          {
            status: "failed",
            title: "four",
            fullName: "four",
            failureMessages: [
              "\u001b[31mAssertionError: expected '0 would be created' to match /^1 would be created/\u001b[39m\n\n- Expected\n+ Received\n\n    at dryRun (test/b.test.ts:59:5)\n    at more",
            ],
          },
        ],
      },
      // a hook that timed out: the file failed, its tests did not run
      {
        ...file("test/story.test.ts"),
        status: "failed",
        message: "Hook timed out in 120000ms.",
        assertionResults: [{ status: "skipped", title: "five", fullName: "story five" }],
      },
      {
        ...file("test/browser.test.ts"),
        status: "passed",
        assertionResults: [{ status: "skipped", title: "six", fullName: "[chromium] the workspace six" }],
      },
    ],
  },
  skips: [
    {
      requirement: "chromium",
      suite: "the workspace",
      why: "/usr/bin/chromium is not installed",
      how: "apt-get install -y chromium",
    },
  ],
  env: {},
  cwd: ROOT,
};

describe("npm test's last line", () => {
  it("says FAILED with the failing files, after the skip notice", () => {
    const { lines, status } = summarize(failing);
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe("FAILED: 2 test files failed: test/b.test.ts, test/story.test.ts.");
    const notice = lines.findIndex((l) => l.startsWith("SKIPPED: 1 chromium test suites"));
    expect(notice).toBeGreaterThan(-1);
    expect(notice).toBeLessThan(lines.length - 1);
    expect(lines).toContain("  - 1 in test/story.test.ts");
    // what each failure read, in the tail that CI keeps: no colours, no stack
    const why = lines.slice(lines.indexOf("WHY: test/b.test.ts > four"), -1);
    expect(why).toEqual([
      "WHY: test/b.test.ts > four",
      "      AssertionError: expected '0 would be created' to match /^1 would be created/",
      "      - Expected",
      "      + Received",
      "WHY: test/story.test.ts (the file, not a test)",
      "      Hook timed out in 120000ms.",
    ]);
  });

  it("says PASSED when everything passed, naming nothing as failed", () => {
    const ok = {
      ...failing,
      status: 0,
      results: { testResults: [failing.results.testResults[0]] },
      skips: [],
    };
    const { lines, status } = summarize(ok);
    expect(status).toBe(0);
    expect(lines.slice(-2)).toEqual(["Nothing was skipped.", "PASSED: 2 tests in 1 files."]);
  });

  it("says FAILED when vitest failed though no file did, and when BATON_REQUIRE_ALL meets a skip", () => {
    const ok = {
      results: { testResults: [failing.results.testResults[0]] },
      skips: failing.skips,
      cwd: ROOT,
    };
    expect(summarize({ ...ok, status: 1, env: {} }).lines.at(-1)).toMatch(
      /^FAILED: vitest exited with status 1 though no test file failed/,
    );
    const all = summarize({ ...ok, status: 0, env: { BATON_REQUIRE_ALL: "1" } });
    expect(all.status).toBe(1);
    expect(all.lines.at(-1)).toMatch(/^FAILED: 1 suites were skipped, and BATON_REQUIRE_ALL=1 requires/);
    // the Citus mode's skip alone does not fail a BATON_REQUIRE_ALL run (CI does not run it)
    const citus = [{ requirement: "citus", suite: "distribution", why: "TEST_CITUS_URL is unset" }];
    expect(summarize({ ...ok, skips: citus, status: 0, env: { BATON_REQUIRE_ALL: "1" } }).status).toBe(0);
  });
});

/** scripts/test.mjs on the fixture's one file; its output and exit status. */
function runner(env: Record<string, string>): Promise<{ out: string; status: number | null }> {
  const { TEST_CITUS_URL: _c, BATON_REQUIRE_ALL: _r, BATON_SKIP_FILE: _s, ...rest } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["scripts/test.mjs", "--config", "test/fixtures/test-runner/vitest.config.ts"],
      { cwd: ROOT, env: { ...rest, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ out, status }));
  });
}

describe("scripts/test.mjs", () => {
  it("keeps each run's skip records apart, and ends a failed run with FAILED", async () => {
    // two runs at once on one machine: each names its own skipped suite only
    const [one, two] = await Promise.all([
      runner({ BATON_FIXTURE_SUITE: "suite of run one" }),
      runner({ BATON_FIXTURE_SUITE: "suite of run two", BATON_FIXTURE_FAIL: "1" }),
    ]);
    expect(one.out).toContain("  - skipped: suite of run one");
    expect(one.out).not.toContain("suite of run two");
    expect(two.out).toContain("  - skipped: suite of run two");
    expect(two.out).not.toContain("suite of run one");
    expect(one.status).toBe(0);
    expect(one.out.trimEnd().split("\n").at(-1)).toBe(
      "PASSED: 1 tests in 1 files (what did not run is named above).",
    );
    expect(two.status).toBe(1);
    expect(two.out.trimEnd().split("\n").at(-1)).toBe(
      "FAILED: 1 test file failed: test/fixtures/test-runner/runner.fixture.ts.",
    );
  }, 120_000);
});
