// Summarizes `node --cpu-prof` output: the functions with the most self time (docs/performance-journal.md
// section 2). Usage: node --import tsx bench/support/cpuprofile-summary.ts file.cpuprofile [top]
import fs from "node:fs";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, topArg] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  const n = byId.get(p.samples[i])!;
  const dt = p.timeDeltas[i] ?? 0;
  total += dt;
  const where = n.callFrame.url.replace(/^.*\/(node_modules\/|src\/)/, "$1");
  const key = `${n.callFrame.functionName || "(anonymous)"} ${where ? `${where}:${n.callFrame.lineNumber + 1}` : ""}`;
  self.set(key, (self.get(key) ?? 0) + dt);
}
const idle = [...self.entries()].filter(([k]) => k.startsWith("(idle)")).reduce((a, [, v]) => a + v, 0);
console.log(`total ${(total / 1e6).toFixed(1)} s, idle ${((100 * idle) / total).toFixed(0)}%`);
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg || 20));
for (const [k, v] of rows)
  console.log(
    `${((100 * v) / total).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`,
  );
