// How large an import's statements are (issue 36 item 14, issue 60): rows per write chunk and keys
// per lookup query by the database's kind, and on the embedded database, whose statements run on the
// event loop itself, each write chunk sized by how long the last one held it.
import { performance } from "node:perf_hooks";
import type { DbKind } from "../db/connect.ts";

export const CHUNK = 5000;
/**
 * Rows per write chunk and keys per lookup query. On a PostgreSQL server a statement runs in
 * another process, so chunks are large (throughput); on the embedded PGlite a statement runs on
 * this event loop, so they are small (a 5,000-row chunk held it for 0.6-1.7 s, 250 rows well under
 * 100 ms).
 */
export function importChunks(kind: DbKind | undefined): {
  write: number;
  lookup: number;
  report: number;
  /** write chunks sized by how long the last one took (nextChunkSize) */
  adaptive: boolean;
} {
  return kind === "postgres"
    ? { write: CHUNK, lookup: 10_000, report: 10_000, adaptive: false }
    : { write: 100, lookup: 500, report: 500, adaptive: true };
}

/** How long one write statement may hold the event loop on the embedded database (ms). */
export const EMBEDDED_STATEMENT_MS = 30;

/**
 * The next write chunk on the embedded database: about EMBEDDED_STATEMENT_MS, 20 to 500 rows, and
 * at most twice the last one. One quick chunk (the machine idle for a moment) must not size the next
 * ten times larger: on a loaded machine such a chunk held the loop 239 ms.
 */
export function nextChunkSize(rows: number, ms: number): number {
  const perRow = Math.max(ms, 1) / Math.max(rows, 1);
  const want = Math.round(EMBEDDED_STATEMENT_MS / perRow);
  return Math.max(20, Math.min(500, 2 * Math.max(rows, 1), want));
}
/**
 * How long a chunk held the event loop (ms): the process's CPU time over it, at most its wall time.
 * The wall time alone counts the waits for a core on a loaded machine, which are no work of the
 * chunk's: at load 24 on 2 cores it sized the chunks down to the 20-row floor and a 30,000-row
 * import took 46 s (issue 60).
 */
export function heldMs(t0: number, cpu0: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(cpu0);
  return Math.min(performance.now() - t0, (cpu.user + cpu.system) / 1000);
}
