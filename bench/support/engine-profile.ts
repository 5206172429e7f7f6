// bench:engine's profiles and memory samples (docs/performance-journal.md sections 2 and 6):
// pg_stat_statements of the bench database (top statements by total time, with calls and mean),
// the WAL written over a run, and a worker process's RSS read from /proc every few seconds.
import fs from "node:fs";
import os from "node:os";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../src/db/database.ts";

/** Creates the extension when the server preloads it, and clears this database's statistics. */
export async function resetStatements(db: Kysely<DB>): Promise<boolean> {
  const lib = await sql<{ v: string }>`select current_setting('shared_preload_libraries') as v`.execute(db);
  if (!lib.rows[0].v.includes("pg_stat_statements")) {
    console.error(
      "[bench:engine] pg_stat_statements is not in shared_preload_libraries: no statement profile",
    );
    return false;
  }
  await sql`create extension if not exists pg_stat_statements`.execute(db);
  await sql`select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)`.execute(
    db,
  );
  return true;
}

/** The server's WAL position now (walSince takes it). */
export async function walLsn(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db);
  return r.rows[0].lsn;
}

/** Bytes of WAL the server wrote since `lsn`, by every session (full-page images included). */
export async function walSince(db: Kysely<DB>, lsn: string): Promise<number> {
  const r = await sql<{ b: string }>`
    select pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::text as b`.execute(db);
  return Number(r.rows[0].b);
}

export interface StatementRow {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

/** This database's statements by total execution time. */
export async function readStatements(db: Kysely<DB>, limit: number): Promise<StatementRow[]> {
  const r = await sql<StatementRow>`
    select regexp_replace(query, '\\s+', ' ', 'g') as query, calls::int as calls,
           round(total_exec_time::numeric, 1)::float8 as "totalMs", round(mean_exec_time::numeric, 3)::float8 as "meanMs",
           rows::int as rows
      from pg_stat_statements
     where dbid = (select oid from pg_database where datname = current_database())
     order by total_exec_time desc limit ${limit}`.execute(db);
  return r.rows;
}

export interface RssSample {
  /** ms since the sampling started */
  t: number;
  rssMb: number;
  load: number;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 102.4) / 10;
}

/** Samples a process's RSS every `everyMs` for `forMs`. */
export async function sampleRss(
  pid: number,
  forMs: number,
  everyMs: number,
  onSample?: (s: RssSample) => void,
): Promise<RssSample[]> {
  const out: RssSample[] = [];
  const t0 = Date.now();
  while (Date.now() - t0 <= forMs) {
    const s = { t: Date.now() - t0, rssMb: rssMb(pid), load: Number(os.loadavg()[0].toFixed(2)) };
    out.push(s);
    onSample?.(s);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : Number.NaN;
};

/**
 * "Flat within 10%": after a warm-up (the first 60 s, or the first tenth of a shorter run), the
 * baseline is the median RSS of the next minute; the run is flat when no later sample, and not the
 * median of the last minute, is more than 10% above it.
 */
export function soakVerdict(samples: RssSample[]): {
  warmupS: number;
  baselineMb: number;
  maxMb: number;
  lastMinuteMb: number;
  growthPct: number;
  flat: boolean;
} {
  const end = samples.at(-1)?.t ?? 0;
  const warmup = Math.min(60_000, end / 10);
  const base = median(samples.filter((s) => s.t >= warmup && s.t < warmup + 60_000).map((s) => s.rssMb));
  const after = samples.filter((s) => s.t >= warmup);
  const maxMb = Math.max(...after.map((s) => s.rssMb));
  const lastMinuteMb = median(samples.filter((s) => s.t >= end - 60_000).map((s) => s.rssMb));
  const growthPct = Number(((maxMb / base - 1) * 100).toFixed(1));
  return {
    warmupS: Math.round(warmup / 1000),
    baselineMb: base,
    maxMb,
    lastMinuteMb,
    growthPct,
    flat: maxMb <= base * 1.1 && lastMinuteMb <= base * 1.1,
  };
}

// CPU time: a figure the other helpers' load does not change much (wall-clock rates on this shared
// 2-core machine swing with the load average). /proc/<pid>/stat fields 14 and 15 (utime, stime), in
// clock ticks of 10 ms.
const TICK_MS = 10;

export function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0; // gone
  }
}

export interface CpuSnapshot {
  byPid: Map<number, number>;
}

/** CPU ms so far of some processes plus the PostgreSQL backends with this application_name. */
export async function cpuSnapshot(
  db: Kysely<DB>,
  pids: number[],
  applicationName: string,
): Promise<CpuSnapshot> {
  const r = await sql<{
    pid: number;
  }>`select pid from pg_stat_activity where application_name = ${applicationName}`.execute(db);
  const byPid = new Map<number, number>();
  for (const pid of [...pids, ...r.rows.map((x) => x.pid)]) byPid.set(pid, cpuMsOf(pid));
  return { byPid };
}

/**
 * CPU ms spent between two snapshots (a backend that appeared in between counts in full); `only`:
 * those processes alone.
 */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot, only?: number[]): number {
  let ms = 0;
  for (const [pid, t] of after.byPid) if (!only || only.includes(pid)) ms += t - (before.byPid.get(pid) ?? 0);
  return ms;
}
