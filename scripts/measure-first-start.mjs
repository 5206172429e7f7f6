#!/usr/bin/env node
// Measures what the README reports for a fresh clone (issue 37 item 8): the first `npm start` (the
// build, the embedded database's initdb, migrations and demo seed, then serving while the demo's
// history is built in the background) and the second start (everything in place).
//
//   git clone <repo> /tmp/fresh && cd /tmp/fresh && npm ci && node scripts/measure-first-start.mjs
//
// Run it in the clone, before any start: it refuses a checkout that has dist/ or .baton/ already.
// Each start runs `npm start` in its own process group, polls GET / and GET /healthz every 100 ms,
// and reports the time until both answer; the first start also reports when the history is complete
// (GET /api/v1/workspace/demo-history with the public demo token). The load average (1, 5, 15 min)
// is printed with the figures: on a shared machine the wall-clock times grow with it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: String(3800 + (process.pid % 90)) },
    force: { type: "boolean", default: false },
  },
});
const root = process.cwd();
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
if (!values.force && (fs.existsSync(path.join(root, "dist")) || fs.existsSync(path.join(root, ".baton")))) {
  console.error("measure-first-start: dist/ or .baton/ exists: run it in a fresh clone (or pass --force)");
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

async function answers(url, headers) {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
    const body = await res.text();
    return res.ok ? body : null;
  } catch {
    return null;
  }
}

async function start(label, { waitHistory }) {
  const env = { ...process.env, PORT: String(port), HOST: "127.0.0.1", BATON_DEMO: "true" };
  delete env.DATABASE_URL;
  delete env.BATON_DATA_DIR;
  const loadBefore = load();
  const t0 = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const result = { start: label, load_average_before: loadBefore };
  try {
    for (;;) {
      if (exited) throw new Error(`npm start exited:\n${out}`);
      if ((await answers(`${base}/healthz`)) !== null && (await answers(`${base}/`)) !== null) break;
      if (performance.now() - t0 > 600_000) throw new Error(`no answer within 600 s:\n${out}`);
      await sleep(100);
    }
    result.serving_s = Math.round((performance.now() - t0) / 100) / 10;
    result.built_server = /compiling the server/.test(out);
    result.built_workspace = /building the workspace/.test(out);
    if (waitHistory) {
      const headers = { authorization: "Bearer bt_demo_revops" };
      for (;;) {
        const s = await answers(`${base}/api/v1/workspace/demo-history`, headers);
        const status = s ? JSON.parse(s) : null;
        if (status && status.state !== "building") {
          result.history_state = status.state;
          break;
        }
        if (exited) throw new Error(`npm start exited:\n${out}`);
        await sleep(500);
      }
      result.history_done_s = Math.round((performance.now() - t0) / 100) / 10;
    }
    result.load_average_after = load();
    return result;
  } finally {
    // the process group this script started (npm and the server under it)
    if (!exited) {
      const done = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([done, sleep(15_000).then(() => process.kill(-child.pid, "SIGKILL"))]);
    }
  }
}

const first = await start("first", { waitHistory: true });
console.log(JSON.stringify(first));
const second = await start("second", { waitHistory: false });
console.log(JSON.stringify(second));
