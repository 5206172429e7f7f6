// npm test's closing lines (scripts/test.mjs prints them after vitest's own output): the suites that
// were skipped for what this machine lacks and how to run them, the tests that did not run, and
// last of all one line that says PASSED or FAILED. The verdict is the last line because it is what
// a newcomer's last screen shows: a run that failed 2 files on timeouts put the failure above a
// 40-line skip list, so its last screen never said FAILED (issue 60).
import path from "node:path";

// Citus is not packaged for these machines (docs/scaling.md): CI (.ci/run) does not run the Citus
// mode, so its skip is named but does not fail a BATON_REQUIRE_ALL run
const OPTIONAL = new Set(["citus"]);
// a suite skipped for a requirement carries it in its tests' names ("[postgres] …", multi.ts)
const OF_A_SUITE = /^\[[a-z+]+\] /;

/** How many failures the closing lines describe, and how much of each message. */
const MAX_FAILURES = 8;
const MESSAGE_LINES = 4;
const LINE_CHARS = 300;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's colour codes
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * "WHY:" lines: each failed test (or failed file without a failed test: a hook, an import) with the
 * first lines of its message, colour codes removed.
 */
function failures(files, rel) {
  const first = (message) =>
    String(message ?? "")
      .replace(ANSI, "")
      .split("\n")
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== "" && !/^\s+at /.test(l))
      .slice(0, MESSAGE_LINES)
      .map((l) => `      ${l.length > LINE_CHARS ? `${l.slice(0, LINE_CHARS)}…` : l}`);
  const entries = [];
  for (const f of files) {
    const tests = (f.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of tests)
      entries.push([
        `WHY: ${rel(f.name)} > ${t.fullName ?? t.title ?? ""}`,
        ...first(t.failureMessages?.[0]),
      ]);
    if (tests.length === 0 && f.status === "failed")
      entries.push([`WHY: ${rel(f.name)} (the file, not a test)`, ...first(f.message)]);
  }
  const shown = entries.slice(0, MAX_FAILURES).flat();
  if (entries.length > MAX_FAILURES)
    shown.push(`WHY: … and ${entries.length - MAX_FAILURES} more (vitest's output above)`);
  return shown;
}

/**
 * The closing lines and the run's exit status.
 * @param {{
 *   status: number | null,
 *   results: { testResults?: { name: string, status?: string, message?: string, assertionResults?: { status: string, title?: string, fullName?: string, failureMessages?: string[] }[] }[] } | null,
 *   skips: { requirement: string, suite: string, why?: string, how?: string }[],
 *   env: Record<string, string | undefined>,
 *   cwd: string,
 * }} run vitest's exit status, its JSON results (null when none were written), the skip records of
 *   this run (multi.ts), the environment and the working directory (file names are shown relative)
 * @returns {{ lines: string[], status: number }}
 */
export function summarize({ status, results, skips, env, cwd }) {
  const lines = [""];
  const citus = env.TEST_CITUS_URL;
  const url = citus || env.TEST_DATABASE_URL;
  if (url)
    lines.push(
      `Multi-connection tests ran against ${url.replace(/\/\/[^@]*@/, "//***@")}${citus ? " (a Citus coordinator: every database distributed by tenant)" : ""}.`,
    );
  const files = results?.testResults ?? [];
  const rel = (f) => path.relative(cwd, f);

  let skipped = 0;
  let required = 0;
  const requirements = [...new Set(skips.map((s) => s.requirement))];
  for (const requirement of requirements) {
    const records = skips.filter((s) => s.requirement === requirement);
    const suites = [...new Set(records.map((s) => s.suite))];
    skipped += suites.length;
    if (!OPTIONAL.has(requirement)) required += suites.length;
    // each record says why and how (multi.ts); suites of one requirement may differ in why (no
    // server, or no initdb for a private one): each distinct reason once
    for (const why of [...new Set(records.map((s) => s.why ?? "it is missing"))]) {
      const mine = [
        ...new Set(records.filter((s) => (s.why ?? "it is missing") === why).map((s) => s.suite)),
      ];
      const how = records.find((s) => (s.why ?? "it is missing") === why)?.how;
      lines.push(
        `SKIPPED: ${mine.length} ${requirement} test suites, because ${why}.${how ? " Run them with:" : ""}`,
      );
      if (how) lines.push(`  ${how}`);
      for (const s of mine) lines.push(`  - skipped: ${s}`);
    }
  }

  // the tests that did not run (skipped, pending or todo), by file: those of the suites named
  // above, and the others (a file whose setup failed skips its tests, and the closing lines said
  // "Nothing was skipped." over 23 of them, issue 57)
  const unrun = new Map();
  for (const file of files)
    for (const t of file.assertionResults ?? [])
      if (t.status === "skipped" || t.status === "pending" || t.status === "todo")
        unrun.set(rel(file.name), [...(unrun.get(rel(file.name)) ?? []), t.fullName ?? t.title ?? ""]);
  const tests = [...unrun.values()].flat();
  const inSuites = tests.filter((t) => OF_A_SUITE.test(t)).length;
  if (tests.length > 0) {
    lines.push(
      `SKIPPED: ${tests.length} tests did not run: ${inSuites} in the suites named above, ${tests.length - inSuites} others (a setup that failed, .skip, .todo or a -t filter).`,
    );
    for (const [file, names] of unrun) {
      const n = names.filter((t) => !OF_A_SUITE.test(t)).length;
      if (n > 0) lines.push(`  - ${n} in ${file}`);
    }
  }
  if (skipped === 0 && tests.length === 0)
    lines.push(
      results
        ? "Nothing was skipped."
        : "Nothing was skipped by requirement (the tests' results were not read).",
    );

  // each failed test's first lines of its message, above the verdict: CI keeps only the output's
  // tail, and a failure in Chromium under load (stop 81) showed the line that failed but not what it
  // read, 200 lines above
  const why = failures(files, rel);
  if (why.length > 0) lines.push(...why);

  // the verdict, last
  const failed = files
    .filter((f) => f.status === "failed" || (f.assertionResults ?? []).some((t) => t.status === "failed"))
    .map((f) => rel(f.name));
  const reasons = [];
  if (failed.length > 0)
    reasons.push(`${failed.length} test file${failed.length === 1 ? "" : "s"} failed: ${failed.join(", ")}`);
  else if (status !== 0)
    reasons.push(
      `vitest exited with status ${status ?? "null (killed)"}${results ? " though no test file failed (an unhandled error or a global setup above?)" : " and wrote no results (see its output above)"}`,
    );
  if (required > 0 && env.BATON_REQUIRE_ALL === "1")
    reasons.push(
      `${required} suites were skipped, and BATON_REQUIRE_ALL=1 requires every suite to run (all but the Citus mode's)`,
    );
  if (reasons.length > 0) {
    lines.push(`FAILED: ${reasons.join("; ")}.`);
    return { lines, status: status === 0 || status === null ? 1 : status };
  }
  if (!results) {
    lines.push("PASSED: vitest exited with status 0 (the tests' results were not read).");
    return { lines, status: 0 };
  }
  const ran = files.reduce(
    (n, f) => n + (f.assertionResults ?? []).filter((t) => t.status === "passed").length,
    0,
  );
  lines.push(
    `PASSED: ${ran} tests in ${files.length} files${skipped + tests.length > 0 ? " (what did not run is named above)" : ""}.`,
  );
  return { lines, status: 0 };
}
