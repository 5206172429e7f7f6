// Issue 73 item 4: the hostile reply shapes of the review, timed on two trees in one run (before:
// BEFORE_ROOT, default /work/main; after: this tree), each step alone, best of three, in ms.
//   npm run bench:hostile-text            BEFORE_ROOT=/path/to/old/tree npm run bench:hostile-text
// A step of the old tree that takes more than 1 s on a 50 kB shape is not run on the 1 MB one
// (quadratic: 400 times as long).
import { resolve } from "node:path";

const before = resolve(process.env.BEFORE_ROOT ?? "/work/main");
const after = resolve(import.meta.dirname, "..");

async function stepsOf(root: string) {
  const fold = await import(`${root}/src/campaigns/triage/fold-quoted.ts`);
  const strip = await import(`${root}/src/replies/strip-reply.ts`);
  const referral = await import(`${root}/src/replies/referral.ts`);
  const rules = await import(`${root}/src/replies/rule-classifier.ts`);
  const at = new Date("2026-11-28T00:00:00Z");
  return {
    "fold (triage view)": (t: string) => fold.foldQuoted(t),
    strip: (t: string) => strip.stripReply(t),
    referral: (t: string) => referral.findReferral(t),
    "classify (rules)": (t: string) => rules.readReply(t, at),
  } as Record<string, (t: string) => unknown>;
}

const SHAPES: [string, string][] = [
  ["legitimate 50 kB", "Thanks, that sounds good. Let us talk next week.\n".repeat(1_020)],
  ["12,500 quoted lines (50 kB)", `ok\n${Array.from({ length: 12_400 }, () => "> x").join("\n")}\nend`],
  ["50,000 capital letters", "A".repeat(50_000)],
  ["50 kB of 'try '", "try ".repeat(12_500)],
  ["1 MB text, 250,000 quoted lines", `ok\n${Array.from({ length: 250_000 }, () => "> x").join("\n")}\nend`],
];

function best(f: () => unknown): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    f();
    const ms = performance.now() - s;
    min = Math.min(min, ms);
    if (ms > 1_000) break;
  }
  return min;
}

const trees = { before: await stepsOf(before), after: await stepsOf(after) };
const slow = new Set<string>();
console.log(`before: ${before}\nafter:  ${after}\n`);
console.log(["shape", "step", "before ms", "after ms"].join("\t"));
for (const [shape, text] of SHAPES) {
  for (const step of Object.keys(trees.after)) {
    const b = shape.startsWith("1 MB") && slow.has(step) ? Number.NaN : best(() => trees.before[step]!(text));
    if (b > 1_000) slow.add(step);
    const a = best(() => trees.after[step]!(text));
    console.log(
      [shape, step, Number.isNaN(b) ? "not run (over 1 s at 50 kB)" : b.toFixed(1), a.toFixed(1)].join("\t"),
    );
  }
}
