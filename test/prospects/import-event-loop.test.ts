// Issue 36 item 14: an import parses, plans and writes in slices that give the event loop a turn
// between them, so /healthz answers while a large import runs. Before, a 3.2 MB import (40,000
// rows) held the loop for 3.1 s (dry run) and 10.2 s (import) on the embedded database: /healthz,
// polled from another thread, answered 1 or 2 times in all.
// Two measures. /healthz's latency over HTTP, which is what an operator sees; but on the shared
// development machine (load 15-25 on 2 cores) /healthz alone, with no import, took up to 0.4 s now
// and then, so its worst case measures the machine as much as the import, and it is bounded
// loosely. And the longest the event loop went without a turn, counted in the process's CPU time
// (a timer beats every 5 ms; the CPU spent between two beats is work that held the loop, and time
// the process waited for a core does not count), which the machine's load does not inflate: that
// one is held to 300 ms. The process's CPU also counts V8's own helper threads (concurrent marking
// and sweeping), which do not hold the loop: with the merged tree of November 2026 a GC cycle during
// the import put 239 and 252 ms there in two CI runs while /healthz still answered within 231 ms; the
// loop held for seconds before slicing (issue 36 item 14), which is what this guards against.
import { randomUUID } from "node:crypto";
import fs, { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { serverDatabase, templateDataDir } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { bulkContactsCsv } from "./bulk-csv.ts";

const mapping = {
  email: "Email",
  first_name: "First Name",
  last_name: "Last Name",
  title: "Title",
  legal_basis: "Basis",
};

let base = "";

// The poller runs in a worker thread: a client on the server's own event loop would be held up
// with it and never see the delay.
const POLLER = `
const { parentPort, workerData } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
const latencies = [];
let stopped = false;
parentPort.on("message", () => { stopped = true; });
(async () => {
  while (!stopped) {
    const t0 = performance.now();
    const res = await fetch(workerData.url);
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  parentPort.postMessage(latencies);
})();
`;

/** Polls /healthz one request after another, from another thread, until stop(); every latency (ms). */
function pollHealth() {
  const w = new Worker(POLLER, { eval: true, workerData: { url: `${base}/healthz` } });
  const result = new Promise<number[]>((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
  });
  return {
    async stop() {
      w.postMessage("stop");
      const latencies = await result;
      await w.terminate();
      return latencies;
    },
  };
}

/**
 * CPU time (ms) of the main thread alone. On Linux that is /proc/self/task/<pid>/stat (the main
 * thread's id is the process's): V8's helper threads and the poller's worker are not in it. Elsewhere
 * the process's CPU, which counts them too.
 */
function mainThreadCpu(): () => number {
  const stat = `/proc/self/task/${process.pid}/stat`;
  if (process.platform === "linux" && existsSync(stat)) {
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return () => {
      // fields after the command's closing parenthesis: utime and stime are the 12th and 13th
      const rest = readFileSync(stat, "utf8").split(") ")[1].split(" ");
      return (Number(rest[11]) + Number(rest[12])) * tick;
    };
  }
  return () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
}

/** The most CPU time (ms) the main thread spent between two beats of a 5 ms timer, until stop(). */
function heldLoop() {
  const cpu = mainThreadCpu();
  let last = cpu();
  let most = 0;
  const timer = setInterval(() => {
    const now = cpu();
    most = Math.max(most, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(most, cpu() - last);
    },
  };
}

function largeImportKeepsHealthz(open: () => Promise<Database | undefined>) {
  let h: TestApp;
  let t: Tenant;
  let server: Database | undefined;
  beforeAll(async () => {
    server = await open();
    // a request waits half the idle timeout for its import (imports-routes.ts): long enough here
    h = await testApp(server, { BATON_HTTP_IDLE_TIMEOUT_MS: "600000" });
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    t = await createTenant(h.deps.db, "iel");
    // a route's validator and serializer compile on its first request (lazy-compilers.ts), which
    // held the loop 150-250 ms on its own: a one-row dry run pays that before anything is measured
    const warm = await fetch(`${base}/api/v1/imports`, {
      method: "POST",
      headers: { ...t.revops.auth, "content-type": "application/json" },
      body: JSON.stringify({ kind: "contacts", csv: bulkContactsCsv(1, 0, "warm"), mapping, dry_run: true }),
    });
    expect(warm.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it.each([true, false])(
    "dry_run=%s: the loop is never held 300 ms; /healthz answers throughout",
    async (dryRun) => {
      const csv = bulkContactsCsv(28_500, 1_500, randomUUID().slice(0, 6));
      const poll = pollHealth();
      const held = heldLoop();
      await new Promise((r) => setTimeout(r, 50));
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/imports`, {
        method: "POST",
        headers: { ...t.revops.auth, "content-type": "application/json" },
        // waits for the answer: above 25,000 rows an import answers 202 unless told to wait
        body: JSON.stringify({ kind: "contacts", csv, mapping, dry_run: dryRun, wait: true }),
      });
      const took = performance.now() - t0;
      const latencies = await poll.stop();
      const heldMs = held.stop();
      const body = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
      expect(body.counts.rows).toBe(30_000);
      const sorted = [...latencies].sort((a, b) => a - b);
      const p95 = sorted[Math.floor(sorted.length * 0.95)];
      const max = sorted[sorted.length - 1];
      console.log(
        `import of ${(csv.length / 1e6).toFixed(1)} MB (dry_run=${dryRun}) took ${Math.round(took)} ms; ` +
          `/healthz answered ${latencies.length} times, p50 ${Math.round(sorted[sorted.length >> 1])} ms, ` +
          `p95 ${Math.round(p95)} ms, max ${Math.round(max)} ms; the loop held at most ${Math.round(heldMs)} ms of CPU`,
      );
      expect(heldMs).toBeLessThan(300);
      // at least one answer per 250 ms of import (the loop held for seconds gave 1 or 2 in all)
      expect(latencies.length).toBeGreaterThan(took / 250);
      expect(p95).toBeLessThan(1000);
      expect(max).toBeLessThan(2500);
    },
    // the import over HTTP: 16-18 s on the embedded database at load 14-21 on 2 cores, 10-18 s on
    // PostgreSQL (was 32-46 s embedded, when its chunks were sized by wall time, issue 60); the
    // default 60 s was met at load 14-35. The limit is on the wall clock, which the load stretches;
    // what the test holds the import to is above, in CPU time and answers.
    180_000,
  );
}

// on a data directory, as `npm start` opens it: the tests' in-memory file system (the template loaded
// into memory) grows a file by copying it whole, and one such copy of the write-ahead log held the
// loop 135 ms inside a single statement, which no data directory does
describe("a large import and /healthz, embedded database", () => {
  let dir = "";
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  largeImportKeepsHealthz(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-import-loop-"));
    const dataDir = path.join(dir, "data");
    await templateDataDir(dataDir);
    return openDatabase({ dataDir });
  });
});

describeMultiConnection("a large import and /healthz, PostgreSQL", () => {
  largeImportKeepsHealthz(() => serverDatabase(4));
});
