// throwaway profiler (not committed): time and count every SQL statement of a simulation, and the
Error.stackTraceLimit = 60;
// JS stack bucket that issued it
import pg from "pg";
import { runSimulation } from "../src/engine/simulate.ts";
const stats = new Map<string, { n: number; ms: number; rows: number }>();
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: any, text: any, values?: any, cb?: any) {
  const sqlText: string = typeof text === "string" ? text : (text?.text ?? String(text));
  const key = sqlText.replace(/\s+/g, " ").replace(/\$\d+(, \$\d+)*/g, "$n").slice(0, 110);
  const stack = new Error().stack!.split("\n").filter((l) => l.includes("/src/") && !l.includes("/src/db/")).slice(0, 3).map((l) => l.replace(/.*\/src\//, "").replace(/:\d+\)?$/, "")).join(" < ");
  const k = `${stack} || ${key}`;
  const t0 = performance.now();
  const p = orig.call(this, text, values, cb);
  if (p && typeof p.then === "function") {
    return p.then((r: any) => {
      const s = stats.get(k) ?? { n: 0, ms: 0, rows: 0 };
      s.n++; s.ms += performance.now() - t0; s.rows += r?.rowCount ?? 0; stats.set(k, s);
      return r;
    });
  }
  return p;
};
const t0 = performance.now();
const r = await runSimulation({ days: Number(process.argv[2] ?? 30), contacts: Number(process.argv[3] ?? 500), seed: 1 });
const wall = performance.now() - t0;
let n = 0, ms = 0; for (const s of stats.values()) { n += s.n; ms += s.ms; }
const sends = (r as any).sends ?? (r as any).totals?.sent ?? "?";
console.log(`wall ${(wall/1000).toFixed(1)} s, statements ${n}, in statements ${(ms/1000).toFixed(1)} s; report keys ${Object.keys(r).join(",")}`);
const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40);
for (const [k, s] of rows) console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}x ${(s.ms / s.n).toFixed(2)} ms | ${k}`);
