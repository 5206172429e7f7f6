#!/usr/bin/env node
// Measures what docs/operations.md reports: start to serving, idle RSS, and `baton --help`.
//
//   node scripts/measure-start.mjs [--db pglite|postgres] [--runs 3] [--idle 30] [--demo true|false]
//                                  [--server "node dist/main.js"] [--cli "node bin/baton.js"]
//
// PGlite: a fresh data directory in a temp dir; one warm-up start (initdb, migrations, demo seed) is
// not counted. PostgreSQL: DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/baton_ops), also with
// one warm-up start. Each run starts the server, polls GET / until it answers (start to serving),
// waits --idle seconds, reads VmRSS of the process and its descendants from /proc, then stops it with
// SIGTERM. Figures are medians of --runs runs. Performance is measured here, never timed in tests.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "pglite" },
    runs: { type: "string", default: "3" },
    idle: { type: "string", default: "30" },
    server: { type: "string", default: "node dist/main.js" },
    cli: { type: "string", default: "node bin/baton.js" },
    port: { type: "string", default: String(3900 + (process.pid % 90)) },
    demo: { type: "string", default: "true" },
  },
});
const runs = Number(values.runs);
const idleMs = Number(values.idle) * 1000;
const port = Number(values.port);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** VmRSS (kB) of pid and every descendant. */
function rssKb(pid) {
  const children = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total += Number(m[1]);
    } catch {
      /* gone */
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** CPU seconds (user + system) used so far by pid: a start-up figure that a busy machine does not inflate. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds of this process's waited-for children (cutime + cstime). */
function childrenCpuSeconds() {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const env = {
  ...process.env,
  PORT: String(port),
  HOST: "127.0.0.1",
  BATON_DEMO: values.demo,
  LOG_LEVEL: "warn",
};
let tmp;
if (values.db === "pglite") {
  delete env.DATABASE_URL;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-measure-"));
  env.BATON_DATA_DIR = path.join(tmp, "data");
} else if (!env.DATABASE_URL) {
  console.error("--db postgres needs DATABASE_URL");
  process.exit(2);
}

async function startOnce() {
  const [cmd, ...args] = values.server.split(" ");
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`server exited before serving:\n${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.arrayBuffer();
      break;
    } catch {
      await sleep(25);
    }
    if (performance.now() - t0 > 120_000) throw new Error("server did not serve within 120 s");
  }
  const startMs = performance.now() - t0;
  const startCpu = cpuSeconds(child.pid);
  const stop = async () => {
    if (exited) return;
    const done = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    await Promise.race([done, sleep(15_000).then(() => child.kill("SIGKILL"))]);
    await done;
  };
  return { child, startMs, startCpu, stop };
}

try {
  process.stderr.write(`warm-up start (${values.db}) … `);
  const warm = await startOnce();
  process.stderr.write(`${Math.round(warm.startMs)} ms\n`);
  await warm.stop();

  const starts = [];
  const cpus = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const run = await startOnce();
    starts.push(run.startMs);
    cpus.push(run.startCpu);
    await sleep(idleMs);
    rss.push(rssKb(run.child.pid) / 1024);
    await run.stop();
    process.stderr.write(
      `run ${i + 1}: serving after ${Math.round(run.startMs)} ms, idle RSS ${rss.at(-1).toFixed(0)} MB\n`,
    );
  }

  const helps = [];
  const helpCpus = [];
  const [cliCmd, ...cliArgs] = values.cli.split(" ");
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = childrenCpuSeconds();
    const r = spawnSync(cliCmd, [...cliArgs, "--help"], { cwd: root, env, encoding: "utf8" });
    helps.push(performance.now() - t0);
    helpCpus.push(Math.round((childrenCpuSeconds() - c0) * 100) / 100);
    if (r.status !== 0) throw new Error(`baton --help exited ${r.status}: ${r.stderr}`);
  }

  const result = {
    db: values.db,
    server: values.server,
    cli: values.cli,
    runs,
    idle_s: idleMs / 1000,
    start_to_serving_ms: Math.round(median(starts)),
    start_cpu_s: median(cpus),
    load_average: fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
    idle_rss_mb: Math.round(median(rss)),
    help_ms: Math.round(median(helps)),
    help_cpu_s: median(helpCpus),
    raw: {
      starts: starts.map(Math.round),
      cpu_s: cpus,
      rss_mb: rss.map(Math.round),
      help_ms: helps.map(Math.round),
    },
  };
  console.log(JSON.stringify(result));
} finally {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
