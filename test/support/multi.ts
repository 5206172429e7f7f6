// Suites that need something a bare machine may lack run only where it is present; elsewhere they
// are skipped, and each skip is recorded so that the last lines of `npm test` name it and say how
// to run it (scripts/test.mjs). They never vanish silently, and `.ci/run` (BATON_REQUIRE_ALL=1)
// fails when anything was skipped.
//   - PostgreSQL: tests that need several connections (races on caps, concurrent workers) run on
//     the server of TEST_DATABASE_URL.
//   - Chromium: browser tests drive Debian's Chromium, its headless shell where installed (CHROMIUM).
//   - Dovecot: IMAP tests start Debian's dovecot on a loopback port.
//   - Corpora: the bounce corpus test reads Sisimai's public set where it lies (test/support/corpora.ts).
//   - npm: the production install test runs `npm ci --omit=dev`, which needs the registry (npm ping).
//   - Citus: with TEST_CITUS_URL (a coordinator whose workers are added) the PostgreSQL suites run
//     against it, every database distributed by tenant (test/support/citus.ts), and the suites that
//     check the distribution itself run too.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe } from "vitest";
import { corporaDir } from "./corpora.ts";

// one file a run, in a directory of the run's own that scripts/test.mjs makes and removes: runs at
// once on one machine shared one fixed file and named each other's skips (issues 57, 60). A bare
// `npx vitest` has no closing lines to read them, and records nothing.
const SKIP_FILE = process.env.BATON_SKIP_FILE;
export const hasServer = Boolean(process.env.TEST_DATABASE_URL);
/**
 * The browser the browser tests drive: Debian's `chromium-headless-shell` (Chromium's old headless
 * mode, the build Playwright itself uses for headless runs) where it is installed, as `.ci/run`
 * installs it, else Debian's `chromium`, of the same source and version. The shell is Blink and V8
 * without the browser's own interface: over the 31 browser files it took 257-305 s and 240-283
 * CPU-seconds where the whole browser took 338-384 s and 300-344 (2026-11-30, two runs each,
 * docs/performance-journal.md 1e.2); every file passes on both.
 */
export const CHROMIUM =
  ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((f) => fs.existsSync(f)) ??
  "/usr/bin/chromium";
export const DOVECOT = "/usr/sbin/dovecot";

export type Requirement = "postgres" | "chromium" | "dovecot" | "corpora" | "npm" | "citus" | "pgfiles";

/** The data directory of TEST_DATABASE_URL's server, read as files by the erasure-on-disk test. */
export const PG_DATA_DIR = process.env.TEST_PG_DATA_DIR || "/var/lib/postgresql/15/main";

function readable(dir: string): boolean {
  try {
    fs.accessSync(path.join(dir, "pg_wal"), fs.constants.R_OK);
    fs.readdirSync(path.join(dir, "pg_wal"));
    return true;
  } catch {
    return false;
  }
}

export const requirements: Record<Requirement, { present: () => boolean; why: string; how: string }> = {
  postgres: {
    present: () => hasServer,
    why: "TEST_DATABASE_URL is unset",
    how: "TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test",
  },
  chromium: {
    present: () => fs.existsSync(CHROMIUM),
    why: "neither /usr/bin/chromium-headless-shell nor /usr/bin/chromium is installed",
    how: "apt-get install -y chromium-headless-shell, then npm test",
  },
  dovecot: {
    present: () => fs.existsSync(DOVECOT),
    why: `${DOVECOT} is not installed`,
    how: "apt-get install -y dovecot-imapd, then npm test",
  },
  corpora: {
    present: () => corporaDir() !== null,
    why: "no corpora directory was found (BATON_CORPORA_DIR, ../shared/corpora, /work/shared/corpora)",
    how: "put Sisimai's set (mail/sisimai-set-of-emails, mail/sisimai-labels.json; ../shared/corpora/README.md) in ../shared/corpora or BATON_CORPORA_DIR=/path npm test",
  },
  citus: {
    present: () => Boolean(process.env.TEST_CITUS_URL),
    why: "TEST_CITUS_URL is unset",
    how: "TEST_CITUS_URL=postgres://postgres@127.0.0.1:5441/postgres npm test (a Citus coordinator with its workers added; the PostgreSQL suites then run against it too; docs/scaling.md)",
  },
  pgfiles: {
    // the server's own files, read as bytes (issue 58: an erased person in the WAL); a Citus run's
    // databases live on other nodes
    present: () => hasServer && !process.env.TEST_CITUS_URL && readable(PG_DATA_DIR),
    why: `the PostgreSQL server's data directory (TEST_PG_DATA_DIR, ${PG_DATA_DIR}) is not readable here, or the run is a Citus one`,
    how: "TEST_DATABASE_URL=… TEST_PG_DATA_DIR=/var/lib/postgresql/15/main npm test, as a user who can read it (root or postgres)",
  },
  npm: {
    // a production install runs `npm ci --omit=dev` (from the npm cache where it can): the registry
    // must answer for what the cache lacks
    present: () => spawnSync("npm", ["ping"], { stdio: "ignore", timeout: 20_000 }).status === 0,
    why: "the npm registry does not answer (npm ping)",
    how: "npm test where the registry answers (the production install runs npm ci --omit=dev)",
  },
};

/**
 * Notes a suite skipped for a requirement, with why and how to run it, for npm test's closing lines
 * (scripts/test-summary.mjs); `why` and `how` default to the requirement's own.
 */
export function recordSkip(requirement: Requirement, suite: string, why?: string, how?: string) {
  if (!SKIP_FILE) return;
  const r = requirements[requirement];
  fs.appendFileSync(
    SKIP_FILE,
    `${JSON.stringify({ requirement, suite, why: why ?? r.why, how: how ?? r.how })}\n`,
  );
}

/** A describe block that runs only where every requirement is present; otherwise a recorded skip. */
export function describeNeeds(needs: Requirement[], name: string, fn: () => void, timeout?: number) {
  const missing = needs.filter((n) => !requirements[n].present());
  const title = `[${needs.join("+")}] ${name}`;
  if (missing.length === 0) {
    describe(title, timeout ? { timeout } : {}, fn);
  } else {
    for (const requirement of missing) recordSkip(requirement, name);
    describe.skip(title, fn);
  }
}

export function describeMultiConnection(name: string, fn: () => void) {
  describeNeeds(["postgres"], name, fn);
}

/** Suites about the distribution itself: only against a Citus coordinator (TEST_CITUS_URL). */
export function describeCitus(name: string, fn: () => void) {
  describeNeeds(["citus"], name, fn);
}

export function describeBrowser(name: string, fn: () => void, timeout = 240_000) {
  describeNeeds(["chromium"], name, fn, timeout);
}
