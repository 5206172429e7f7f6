// Browser tests: the real server (buildApp + listen on 127.0.0.1:0) over a fresh PGlite seeded
// with the demo data, the built workspace, and Debian chromium driven by playwright-core.
// Tests wait on visible state (locators, expect.poll), never on fixed sleeps.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { webSourceHash } from "../../scripts/build-stamp.mjs";
import { buildApp } from "../../src/api/build-app.ts";
import type { AppDeps, BatonApp } from "../../src/api/context.ts";
import { loadConfig } from "../../src/config/config.ts";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { runDemoHistory } from "../../src/demo/demo-history.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { startBackground } from "../../src/runtime/background.ts";
import { buildAppDeps, buildEngine } from "../../src/runtime/engine.ts";
import { type AxeViolation, seriousA11yViolations } from "./axe.ts";
import { cleanDump } from "./clean-tar.ts";
import { loadDump, testDatabase } from "./db.ts";
import { migrationsHash } from "./template.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WEB = path.join(ROOT, "web");
export const SCREENSHOTS = path.join(ROOT, "test-artifacts", "screenshots");
export { CHROMIUM } from "./multi.ts";

import { CHROMIUM } from "./multi.ts";

/** Builds web/dist unless it is already built from the current sources (one build per change, shared by test files). */
export async function ensureWebBuild(): Promise<void> {
  const want = webSourceHash();
  const stamp = path.join(WEB, "dist", ".build-hash");
  const fresh = () => fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want;
  if (fresh()) return;
  const lock = path.join(ROOT, "test-artifacts", ".web-build.lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch {
      // another test file is building; a lock whose builder is gone is from a crashed run (an age
      // limit of 2 minutes let a second build start beside a slow first one on a loaded machine)
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8")) || 0;
      } catch {
        // made but not yet named, or just removed
      }
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if ((pid && !pidAlive(pid)) || (!pid && age > 60_000))
        fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
      if (fresh()) return;
    }
  }
  try {
    if (fresh()) return;
    const { build } = await import("vite");
    // vitest sets NODE_ENV=test; the workspace is built as `npm run build:web` builds it
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({ configFile: path.join(WEB, "vite.config.ts"), logLevel: "warn", mode: "production" });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    fs.writeFileSync(stamp, want);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface BrowserHarness {
  url: string;
  app: BatonApp;
  database: Database;
  deps: AppDeps;
  clock: { now: Date | null };
  clientId: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Signs in with the demo one-click list (revops, revops2, slm, exec, rep, admin): a session cookie. */
  signInAs(key: string): Promise<void>;
  screenshot(name: string): Promise<void>;
  /**
   * Console errors and uncaught page errors seen so far (the 401 of /api/v1/me before sign-in is not
   * one). close() fails the file on any left here: a test that provokes one on purpose checks it and
   * takes it out (`consoleErrors.length = 0`).
   */
  consoleErrors: string[];
  /** Serious and critical axe-core violations on the current page (issue 37: 0 is the bar). */
  a11y(): Promise<AxeViolation[]>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Run the server's background jobs (engine dispatcher etc.) as npm start does. */
  background?: boolean;
  /** Fixed app clock; defaults to real time. */
  now?: Date;
  /** Simulate the demo's past 60 days first, as `npm start` does on a first demo start (about 15 s). */
  livingHistory?: boolean;
}

/**
 * What a browser file's setup may wait for, apart from its own work: the run's one-off builds, shared
 * by the files (the workspace's bundle, and the living demo when asked for), built by the first file
 * that needs them while the others wait. On the shared 2-core machine at load 20 the living demo
 * alone took about 100 s of a story.test.ts setup (15-20 s at rest); at load 14-35 story.test.ts's
 * setup, which counted both under one limit of 300 s, timed out (issue 60). A file calls this in a
 * beforeAll of its own with SHARED_BUILDS_TIMEOUT_MS, and its own setup keeps its own limit.
 */
export async function prepareBrowserRun(opts: Pick<BrowserOptions, "livingHistory" | "now"> = {}) {
  await ensureWebBuild();
  if (opts.livingHistory && !opts.now) await livingDemoDump(harnessConfig({}));
}

/** The limit of prepareBrowserRun's beforeAll: the builds at load 35 and a wait for another file's. */
export const SHARED_BUILDS_TIMEOUT_MS = 900_000;

function harnessConfig(opts: BrowserOptions) {
  return {
    ...loadConfig({}),
    demo: true,
    runEngine: !!opts.background,
    engineTickMs: 100,
    publicUrl: "http://127.0.0.1",
  };
}

export async function startBrowserHarness(opts: BrowserOptions = {}): Promise<BrowserHarness> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install it with 'apt-get install -y chromium-headless-shell' (.ci/run does)`,
    );
  }
  await ensureWebBuild();
  const clock: { now: Date | null } = { now: opts.now ?? null };
  const config = harnessConfig(opts);
  const now = () => clock.now ?? new Date();
  const database =
    opts.livingHistory && !opts.now
      ? await livingDemoDatabase(config)
      : !opts.now && !opts.background
        ? await seededDemoDatabase()
        : await demoDatabase(config, now(), opts);
  const deps = buildAppDeps({ database, config, now });
  const app = await buildApp(deps);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  config.publicUrl = url;
  const stopBackground = opts.background ? await startBackground(deps) : async () => {};

  const browser = await sharedBrowser();
  // a narrow laptop screen
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(45_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // the documented 401: the workspace asks who is signed in before anyone is
    if (/401/.test(m.text()) && /Failed to load resource/.test(m.text())) return;
    // with the address it came from: a failed load names no resource in its text. Another origin's
    // page (a test's stand-in identity provider, which asks for web fonts) is not the workspace.
    const at = m.location().url;
    if (at && !at.startsWith(`${url}/`) && at !== url) return;
    consoleErrors.push(at ? `${m.text()} (${at})` : m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  return {
    url,
    app,
    database,
    deps,
    clock,
    clientId: DEMO_CLIENT,
    browser,
    context,
    page,
    consoleErrors,
    a11y: () => seriousA11yViolations(page),
    async signInAs(key) {
      // Sign out whoever is signed in by dropping the session cookie (httpOnly: the page cannot
      // read it; the workspace keeps no token in storage). Looking for the Sign out button raced
      // the page right after goto.
      await context.clearCookies();
      await page.goto("/");
      await page.getByTestId(`demo-${key}`).click();
      await page.getByRole("button", { name: "Sign out", exact: true }).waitFor();
    },
    async screenshot(name) {
      // the whole page, for the people who look at them; CI, whose files nobody opens, takes the
      // viewport (BATON_SCREENSHOTS=viewport, .ci/run): 231 ms a screenshot, not 452 (74 of them, in
      // five browser files), Chromium's CPU most of it
      const fullPage = process.env.BATON_SCREENSHOTS !== "viewport";
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
    },
    async close() {
      // what the page's console said that no test took out: an error a test did not look for (a
      // pattern attribute that did not compile was ignored this way, its message only in the console)
      // An API's refusal (4xx) is logged by Chromium for every failed fetch; the tests that provoke
      // one check what the page says about it.
      const unexpected = consoleErrors
        .splice(0)
        .filter((e) => !/^Failed to load resource: the server responded with a status of 4\d\d\b/.test(e));
      // the worker's browser stays for its next file; every context this file opened goes
      for (const c of browser.contexts()) await c.close().catch(() => {});
      await stopBackground();
      await app.close();
      await deps.engine.close();
      await database.close();
      if (unexpected.length > 0)
        throw new Error(`the page's console printed errors no test expected:\n${unexpected.join("\n")}`);
    },
  };
}

let browserOfWorker: Promise<Browser> | null = null;

/**
 * The worker's Chromium, launched by its first browser file and kept for the next (the test workers
 * keep their modules from file to file: vitest.config.ts `isolate: false`). A launch and a first page
 * cost 2 CPU-seconds and 2.2-3.4 s on the shared 2-core machine, in each of the 31 browser files;
 * each file still gets a browser context of its own (cookies, storage, permissions). Playwright ends
 * the browser with the worker process.
 */
export function sharedBrowser(): Promise<Browser> {
  const launch = async () => {
    const b = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    b.on("disconnected", () => {
      browserOfWorker = null;
    });
    return b;
  };
  browserOfWorker ??= launch().catch((e) => {
    browserOfWorker = null;
    throw e;
  });
  return browserOfWorker;
}

/** A fresh test database with the demo seeded at `now`, its past 60 days built if asked. */
async function demoDatabase(config: AppDeps["config"], now: Date, opts: BrowserOptions): Promise<Database> {
  const database = await testDatabase();
  await seedDemo(database.db, now);
  if (opts.livingHistory) await runDemoHistory(database, config, buildEngine, { now });
  return database;
}

/**
 * The living demo (seeded, its past 60 days built) on the real clock, built once per vitest run and
 * loaded by each browser file that asks for it, as the test template is (test/support/template.ts):
 * building it took 15-20 s in each of the four files (role-days, story, learning, inbound-review).
 * The dump is this run's (named by the vitest process its workers share), so it is built by the
 * run's code and at most the run's length old; a dump of a run that is gone is removed.
 */
async function livingDemoDatabase(config: AppDeps["config"]): Promise<Database> {
  return openDatabase({ pglite: await loadDump(await livingDemoDump(config)), ownPglite: true });
}

/** The file of this run's living demo, built here unless another worker has built or is building it. */
function livingDemoDump(config: AppDeps["config"]): Promise<string> {
  return runDump("baton-living-demo-", () => demoDatabase(config, new Date(), { livingHistory: true }));
}

/**
 * The demo seeded on the real clock, as the files without a clock, a history or the background jobs
 * start (about 20 of the 28 browser files): seeded once per vitest run and loaded by each, as the
 * living demo is. Seeding took 4-6 CPU-seconds of each file's setup (seedPlays, seedRepTasks and
 * seedCampaigns, in PGlite); loading the dump takes under one.
 */
async function seededDemoDatabase(): Promise<Database> {
  const file = await runDump("baton-seeded-demo-", async () => {
    const database = await testDatabase();
    await seedDemo(database.db, new Date());
    return database;
  });
  return openDatabase({ pglite: await loadDump(file), ownPglite: true });
}

/**
 * A dump of this run's (`prefix`, the migration set, the vitest process), built by `build` here unless
 * another worker has built or is building it; dumps of runs that are gone are removed. The global
 * setup's teardown removes this run's.
 */
async function runDump(prefix: string, build: () => Promise<Database>): Promise<string> {
  const file = path.join(os.tmpdir(), `${prefix}${migrationsHash()}-${process.ppid}.tar`);
  // one builder a run: the other worker waits for its dump rather than building the same beside it
  const builder = `${file}.builder`;
  while (!fs.existsSync(file)) {
    try {
      fs.writeFileSync(builder, String(process.pid), { flag: "wx" });
    } catch {
      // the builder's pid (none yet, or the file gone: it has just finished or started)
      const pid = Number(fs.existsSync(builder) ? fs.readFileSync(builder, "utf8") : 0) || 0;
      if (pid && !pidAlive(pid)) fs.rmSync(builder, { force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      for (const old of fs.readdirSync(os.tmpdir())) {
        if (!old.startsWith(prefix)) continue;
        const pid = Number(/-(\d+)\.tar(\.builder)?$/.exec(old)?.[1]);
        if (pid && !pidAlive(pid)) fs.rmSync(path.join(os.tmpdir(), old), { force: true });
      }
      const built = await build();
      // analyzed whole (`npm start`'s background job analyzes the demo's stale tables,
      // src/db/analyze-owned.ts): each file that loads the dump plans on the tables' statistics, not
      // on the template's empty ones
      await sql`analyze`.execute(built.db);
      await built.db.destroy();
      // a clean shutdown's tar: each load would otherwise replay the build's WAL (clean-tar.ts)
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, await cleanDump(built.pglite!));
      fs.renameSync(tmp, file);
    } finally {
      fs.rmSync(builder, { force: true });
    }
  }
  return file;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Calls the running server's API as a demo principal (e.g. a brain agent drafting a play). */
export async function callApi<T = any>(
  h: Pick<BrowserHarness, "url">,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(h.url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
