// The baseline every benchmark reports against: pgbench's built-in tpcb-like script on the same
// PostgreSQL server, in the same run (the machines are shared and noisy, so only ratios mean much).
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export const PGBENCH = process.env.PGBENCH || "/usr/lib/postgresql/15/bin/pgbench";

export function defaultBenchUrl(): string {
  return (
    process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test"
  );
}

/** A database of its own on the same server (created when missing), so benchmarks never touch test data. */
export async function ensureDatabase(baseUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`create database "${name.replace(/"/g, "")}"`);
      } catch (e: any) {
        if (e.code !== "42P04" && e.code !== "23505") throw e;
      }
    }
  } finally {
    await client.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface BaselineResult {
  tps: number;
  /** CPU ms per transaction of pgbench and its backends (sampled every 100 ms; see cpuPerTx) */
  cpuPerTx?: number;
  clients: number;
  seconds: number;
  script: "tpcb-like";
}

/** Runs pgbench tpcb-like (scale 1, initialized once) with `clients` connections for `seconds`. */
export async function runPgbenchBaseline(
  baseUrl: string,
  opts: { clients: number; seconds: number; scale?: number },
): Promise<BaselineResult> {
  if (!fs.existsSync(PGBENCH)) throw new Error(`pgbench not found at ${PGBENCH}; set PGBENCH`);
  const url = await ensureDatabase(baseUrl, "baton_pgbench");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ready = await client.query("select to_regclass('pgbench_accounts') as t");
  await client.end();
  if (!ready.rows[0].t) await run(PGBENCH, ["-i", "-q", "-s", String(opts.scale ?? 1), url]);
  const r = await runPgbench(url, opts);
  return {
    tps: r.tps,
    cpuPerTx: r.cpuPerTx,
    clients: opts.clients,
    seconds: opts.seconds,
    script: "tpcb-like",
  };
}

export interface PgbenchRun {
  tps: number;
  transactions: number;
  /** CPU ms per transaction of pgbench and its backends (sampled every 100 ms) */
  cpuPerTx?: number;
}

/**
 * Runs pgbench on `url` with `clients` connections for `seconds`: its built-in tpcb-like script, or
 * the script file `file` with `-D` variables `defines`. The CPU of pgbench's process and of the
 * database's backends is sampled every 100 ms while it runs (a backend's CPU can only be read while
 * it lives; the last 100 ms before it exits are missed, < 2% of a 10 s run).
 */
export async function runPgbench(
  url: string,
  opts: {
    clients: number;
    seconds: number;
    file?: string;
    protocol?: "simple" | "extended" | "prepared";
    defines?: Record<string, string | number>;
  },
): Promise<PgbenchRun> {
  if (!fs.existsSync(PGBENCH)) throw new Error(`pgbench not found at ${PGBENCH}; set PGBENCH`);
  const args = [
    "-n",
    "-c",
    String(opts.clients),
    "-j",
    String(Math.min(opts.clients, 4)),
    "-T",
    String(opts.seconds),
    ...(opts.file ? ["-f", opts.file] : []),
    ...(opts.protocol ? ["-M", opts.protocol] : []),
    ...Object.entries(opts.defines ?? {}).flatMap(([k, v]) => ["-D", `${k}=${v}`]),
    url,
  ];
  const cpu = new Map<number, number>();
  const sampler = new pg.Client({ connectionString: url });
  await sampler.connect();
  const others =
    "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()";
  // backends that were there before pgbench (another session of the caller's on this database):
  // only the CPU they spend while pgbench runs counts, not what they had spent before
  const before = new Map<number, number>();
  for (const { pid } of (await sampler.query(others)).rows) before.set(pid, cpuMsOfPid(pid) ?? 0);
  let child: ReturnType<typeof execFile> | undefined;
  const stdoutP = new Promise<string>((resolve, reject) => {
    child = execFile(PGBENCH, args, (err, out, errOut) =>
      err ? reject(new Error(`pgbench failed: ${err.message}\n${errOut}`)) : resolve(out),
    );
  });
  let running = true;
  const sampling = (async () => {
    while (running) {
      const r = await sampler.query(others);
      for (const pid of [child?.pid ?? 0, ...r.rows.map((x) => x.pid as number)]) {
        const ms = pid ? cpuMsOfPid(pid) : undefined;
        if (ms !== undefined) cpu.set(pid, ms);
      }
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  let stdout: string;
  try {
    stdout = await stdoutP;
  } finally {
    running = false;
    await sampling;
    await sampler.end();
  }
  const m = stdout.match(
    /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/,
  );
  if (!m) throw new Error(`could not read pgbench output:\n${stdout}`);
  const tx = stdout.match(/number of transactions actually processed: (\d+)/);
  const failed = stdout.match(/number of failed transactions: (\d+)/);
  if (failed && Number(failed[1]) > 0)
    throw new Error(`pgbench: ${failed[1]} transactions failed:\n${stdout}`);
  let total = 0;
  for (const [pid, ms] of cpu) total += ms - (before.get(pid) ?? 0);
  const transactions = tx ? Number(tx[1]) : 0;
  return { tps: Number(m[1]), transactions, cpuPerTx: transactions ? total / transactions : undefined };
}

/** CPU ms (user + system) a live process has used so far; undefined once it is gone. */
function cpuMsOfPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/** p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function ratio(x: number, baseline: number): string {
  return `${(x / baseline).toFixed(2)}x`;
}

/** "median (min–max)" of ratios, as "0.85x (0.71–0.93x)". */
export function medianWithRange(xs: number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return `${median.toFixed(2)}x (${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}x)`;
}
