// npm run bench:simulate-statements -- [days] [contacts] — where the simulator's statements go
// (docs/performance-journal.md sections 0.5, 0k). SIM_SERVER=postgres://… runs it as `baton simulate
// --server` does, in a throw-away database on that server. Runs runSimulation (seed 1) with pg's
// Client.query wrapped: every statement is counted and timed, keyed by its text and the three
// nearest Baton call sites that issued it, and the top 40 by time are printed with the totals, then the totals by the simulator's own call site
// (the phase of the quarter that issued them). SIM_PHASE=text lists only that phase's statements.
// Counts are exact and repeatable for a seed; times move with the load. A statement's time there runs
// from its send to its answer, the statements queued ahead of it on the pipelined connection
// included; on the embedded database a last list gives PGlite's own time by statement (journal 1i.2:
// the queue's wait once read as a statement's cost), for the whole run whatever SIM_PHASE says.
import "../src/runtime/errors.ts";
import pg from "pg";
import { buildEngine } from "../src/runtime/engine.ts";
import { runSimulation } from "../src/simulation/simulate.ts";
import { timePgliteStatements } from "./support/pglite-statement-time.ts";

// deep enough to reach Baton's frames below Kysely's and pg's
Error.stackTraceLimit = 60;

type Stat = { n: number; ms: number; rows: number };
const stats = new Map<string, Stat>();

/** The statement's text, placeholders folded, and the Baton frames that issued it. */
function keyOf(text: unknown): string {
  // a sync group (src/db/sync-group.ts) carries its statements; keyed by their texts, in order
  const group = (text as { statements?: { sql: string | { text: string } }[] })?.statements;
  const sqlText = group
    ? `group: ${group.map((s) => (typeof s.sql === "string" ? s.sql : s.sql.text).slice(0, 40)).join(" ; ")}`
    : typeof text === "string"
      ? text
      : String((text as { text?: string })?.text ?? text);
  const shape = sqlText
    .replace(/\s+/g, " ")
    .replace(/\$\d+(, \$\d+)*/g, "$n")
    .slice(0, 160);
  const callers = (new Error().stack ?? "")
    .split("\n")
    .filter((l) => l.includes("/src/") && !l.includes("/src/db/"))
    .slice(0, 3)
    .map((l) => l.replace(/.*\/src\//, "").replace(/:\d+\)?$/, ""))
    .join(" < ");
  return `${callers} || ${shape}`;
}

/** The simulator's own frame nearest the statement: which phase of the quarter issued it. */
function phaseOf(): string {
  const line = (new Error().stack ?? "").split("\n").find((l) => l.includes("/src/simulation/"));
  return line ? line.replace(/.*\/src\//, "").replace(/:\d+\)?$/, "") : "(outside the simulator's frames)";
}
const phases = new Map<string, Stat>();
// SIM_PHASE=simulate-triage: the statement list counts only the phase whose call site holds it
const onlyPhase = process.env.SIM_PHASE;

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const query = pg.Client.prototype.query as unknown as Query;
(pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  const phase = phaseOf();
  const key = keyOf(args[0]);
  if (onlyPhase && !phase.includes(onlyPhase)) return query.apply(this, args);
  const t0 = performance.now();
  const result = query.apply(this, args);
  if (result instanceof Promise) {
    return result.then((r: { rowCount?: number | null }) => {
      const s = stats.get(key) ?? { n: 0, ms: 0, rows: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      s.rows += r?.rowCount ?? 0;
      stats.set(key, s);
      const p = phases.get(phase) ?? { n: 0, ms: 0, rows: 0 };
      p.n++;
      p.ms += performance.now() - t0;
      phases.set(phase, p);
      return r;
    });
  }
  return result;
};

const pgliteTimes = process.env.SIM_SERVER ? null : timePgliteStatements();
const days = Number(process.argv[2] ?? 30);
const contacts = Number(process.argv[3] ?? 500);
const t0 = performance.now();
const report = await runSimulation(
  {
    days,
    contacts,
    seed: 1,
    serverUrl: process.env.SIM_SERVER || undefined,
  },
  buildEngine,
);
const wallS = (performance.now() - t0) / 1000;
let n = 0;
let ms = 0;
for (const s of stats.values()) {
  n += s.n;
  ms += s.ms;
}
const sends = report.sendItems.sent ?? 0;
console.log(
  `${days} days x ${contacts} contacts, seed 1: ${sends} sends, ${n} statements ` +
    `(${(n / Math.max(1, sends)).toFixed(1)} per send), ${(ms / 1000).toFixed(1)} s in statements of ${wallS.toFixed(1)} s`,
);
for (const [k, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40))
  console.log(
    `${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}x ${(s.ms / s.n).toFixed(2)} ms | ${k}`,
  );
console.log("\nby the simulator's call site (the phase of the quarter):");
for (const [k, s] of [...phases.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
  console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}x | ${k}`);
if (pgliteTimes) {
  const all = pgliteTimes();
  const total = all.reduce((t, [, s]) => t + s.ms, 0);
  console.log(`\nPGlite's own time by statement, the whole run (${(total / 1000).toFixed(1)} s in all):`);
  for (const [k, s] of all.slice(0, 30))
    console.log(
      `${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}x ${(s.ms / s.n).toFixed(2)} ms | ${k.slice(0, 200)}`,
    );
}
