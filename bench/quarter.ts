// npm run bench:quarter -- [baseline commit] [rounds]: the quarter of 10,000 contacts (`baton
// simulate --days 90 --contacts 10000 --seed 1`) of this checkout and of a baseline commit (default
// 55c2fdf, issue 68 item 5's "no slower than 55c2fdf"), run AT THE SAME TIME, one process on each
// core, so that what the machine does meanwhile falls on both alike (docs/performance-journal.md
// 1h.4: run one after the other, the same code moved by up to 30% between runs minutes apart). At
// the same time, the same code on both sides still differed by up to 3.6% a round (journal 1i), so
// each side is pinned to a core and the cores swap every round: keep the rounds even (4 by default).
// Each round prints both walls and CPU times, their ratios and each report's md5 (the pinned
// report's check); the end prints the medians.
//
// The baseline is a detached worktree in .cache/bench-quarter/<commit> (kept for the next run; `git
// worktree remove --force` it to drop it), sharing this checkout's node_modules: a baseline whose
// package-lock.json differs runs on today's packages, and the bench says so. Each side's dist/ is
// built before the first round (scripts/build.mjs --if-stale --server). Env: BENCH_DAYS (90),
// BENCH_CONTACTS (10000) for a shorter pair.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const baseline = process.argv[2] ?? "55c2fdf";
const rounds = Number(process.argv[3] ?? 4);
const days = Number(process.env.BENCH_DAYS ?? 90);
const contacts = Number(process.env.BENCH_CONTACTS ?? 10_000);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`rounds: a whole number ≥ 1, not ${process.argv[3]}`);

function git(...args: string[]): string {
  const r = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** The baseline's worktree, made once and kept, with this checkout's node_modules. */
function baselineTree(): string {
  const sha = git("rev-parse", "--verify", `${baseline}^{commit}`);
  const dir = path.join(ROOT, ".cache", "bench-quarter", sha.slice(0, 12));
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    git("worktree", "add", "--force", "--detach", dir, sha);
  }
  const modules = path.join(dir, "node_modules");
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(ROOT, "node_modules"), modules);
  if (!sameLock(dir))
    console.log(`note: ${baseline}'s package-lock.json differs; it runs on this checkout's packages`);
  return dir;
}

function sameLock(dir: string): boolean {
  const read = (d: string) => fs.readFileSync(path.join(d, "package-lock.json"), "utf8");
  return read(dir) === read(ROOT);
}

function build(dir: string): void {
  const r = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale", "--server"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error(`the build in ${dir} failed`);
}

interface Run {
  wall: number;
  cpu: number;
  md5: string;
}

// each side on a core of its own, swapped every round (see the top of this file)
const pin = fs.existsSync("/usr/bin/taskset") && os.availableParallelism() >= 2;

/**
 * One quarter in `dir` (on `core` where taskset is there): wall and CPU seconds (the child's, from
 * bash's `times`) and the report's md5.
 */
function quarter(dir: string, core: number): Promise<Run> {
  const cmd = `${pin ? `taskset -c ${core} ` : ""}node bin/baton.js simulate --days ${days} --contacts ${contacts} --seed 1 --json; s=$?; times >&2; exit $s`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn("bash", ["-c", cmd], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => {
      err += b.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0)
        return reject(new Error(`the quarter in ${dir} failed (${code}):\n${err.slice(-2000)}`));
      // `times`' second line: the children's user and system time, e.g. "1m41.870s 0m4.310s"
      const line = err.trim().split("\n").at(-1) ?? "";
      const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      if (secs.length !== 2) return reject(new Error(`no CPU times from bash in: ${line}`));
      const md5 = crypto.createHash("md5").update(Buffer.concat(out)).digest("hex").slice(0, 8);
      resolve({ wall, cpu: secs[0] + secs[1], md5 });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const old = baselineTree();
build(old);
build(ROOT);
console.log(
  `the quarter (${days} days x ${contacts} contacts, seed 1): this checkout (${git("rev-parse", "--short", "HEAD")}` +
    `${git("status", "--porcelain", "--", "src") ? ", with uncommitted changes under src/" : ""}) against ${baseline}, both at once`,
);
const walls: number[] = [];
const cpus: number[] = [];
for (let i = 1; i <= rounds; i++) {
  const [b, n] = await Promise.all([quarter(old, i % 2), quarter(ROOT, (i + 1) % 2)]);
  walls.push(n.wall / b.wall);
  cpus.push(n.cpu / b.cpu);
  console.log(
    `round ${i}${pin ? ` (${baseline} on core ${i % 2})` : ""}: ${baseline} ${b.wall.toFixed(1)} s wall, ${b.cpu.toFixed(1)} s CPU, report ${b.md5} | ` +
      `this ${n.wall.toFixed(1)} s, ${n.cpu.toFixed(1)} s, report ${n.md5} | ` +
      `ratio wall ${(n.wall / b.wall).toFixed(3)}, CPU ${(n.cpu / b.cpu).toFixed(3)}`,
  );
}
console.log(
  `median ratio over ${rounds} round(s): wall ${median(walls).toFixed(3)}, CPU ${median(cpus).toFixed(3)} ` +
    `(range wall ${Math.min(...walls).toFixed(3)}-${Math.max(...walls).toFixed(3)}); below 1 is faster than ${baseline}`,
);
