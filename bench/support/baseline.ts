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
  const { stdout } = await run(PGBENCH, [
    "-n",
    "-c",
    String(opts.clients),
    "-j",
    String(Math.min(opts.clients, 4)),
    "-T",
    String(opts.seconds),
    url,
  ]);
  const m = stdout.match(
    /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/,
  );
  if (!m) throw new Error(`could not read pgbench output:\n${stdout}`);
  return { tps: Number(m[1]), clients: opts.clients, seconds: opts.seconds, script: "tpcb-like" };
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
