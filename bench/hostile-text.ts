// Issue 73 item 4: the hostile reply shapes, timed on two or more trees in one run, each step alone,
// best of three, in ms. "before" is main's code, taken by `git archive` into a temporary folder
// (BEFORE_REVS: a comma-separated list of revisions, default main; or BEFORE_ROOT: a tree on disk);
// "after" is this tree.
//   npm run bench:hostile-text            BEFORE_REVS=main,375c975^ npm run bench:hostile-text
// A step of an old tree that takes more than 1 s on a 50 kB shape is not run on the 1 MB ones
// (quadratic: 400 times as long). Each step is called on the whole text, as a caller that read no
// limit would: the rules, the model and the triage view read at most REPLY_READ_LIMIT of it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { hostileMail } from "../test/support/hostile-mail.ts";

const after = resolve(import.meta.dirname, "..");

/** A revision's src/ in a temporary folder that imports this tree's packages. */
function treeOf(rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-hostile-"));
  const tar = join(dir, "src.tar");
  execFileSync("git", ["-C", after, "archive", "-o", tar, rev, "src", "package.json", "tsconfig.json"]);
  execFileSync("tar", ["-x", "-C", dir, "-f", tar]);
  symlinkSync(join(after, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const befores: [string, string][] = process.env.BEFORE_ROOT
  ? [["before", resolve(process.env.BEFORE_ROOT)]]
  : (process.env.BEFORE_REVS ?? "main").split(",").map((rev) => [`before (${rev})`, treeOf(rev)]);

type Step = (t: string) => unknown;

async function stepsOf(root: string): Promise<Record<string, Step>> {
  const fold = await import(`${root}/src/campaigns/triage/fold-quoted.ts`);
  const strip = await import(`${root}/src/replies/strip-reply.ts`);
  const referral = await import(`${root}/src/replies/referral.ts`);
  const rules = await import(`${root}/src/replies/rule-classifier.ts`);
  const returnDate = await import(`${root}/src/replies/return-date.ts`);
  const language = await import(`${root}/src/replies/detect-language.ts`);
  const instruction = await import(`${root}/src/replies/instruction-like.ts`);
  const mail = await import(`${root}/src/inbox/classify-mail.ts`);
  const parse = await import(`${root}/src/inbox/parse-inbound.ts`);
  const at = new Date("2026-11-28T00:00:00Z");
  return {
    "fold (triage view)": (t) => fold.foldQuoted(t),
    strip: (t) => strip.stripReply(t),
    referral: (t) => referral.findReferral(t),
    "classify (rules)": (t) => rules.readReply(t, at),
    "return date": (t) => returnDate.extractReturnDate(t, at),
    language: (t) => language.detectLanguage(t),
    "words to a model": (t) => instruction.instructionLike(t),
    "mail kind (reply)": (t) => mail.classifyMail(hostileMail(t), at),
    "mail kind (bounce)": (t) => mail.classifyMail(hostileMail(t, true), at),
    "enclosed headers (parse)": (t) => parse.inlineEnclosed(t),
  };
}

const MIXED =
  "Hi Ana,\nThanks for the note. Sarah Chen handles this; contact sarah@x.example or try Bob.\n" +
  "Back on March 3, 2027. Out of office until 03.03.\n> On Tue, Ana wrote:\n> quoted line\nBest,\nJo\n" +
  "-- \nJo Smith | CEO | +1 555 0100\nThis email is confidential.\nÉÀ ÜÖ ß ç ñ\n";
const quoted = (lines: number) => `ok\n${Array.from({ length: lines }, () => "> x").join("\n")}\nend`;
const ALL_SHAPES: [string, string][] = [
  ["legitimate 50 kB", "Thanks, that sounds good. Let us talk next week.\n".repeat(1_020)],
  ["12,500 quoted lines (50 kB)", quoted(12_400)],
  ["10,000 quoted lines", quoted(10_000)],
  ["50,000 capital letters", "A".repeat(50_000)],
  ["50 kB of 'try '", "try ".repeat(12_500)],
  ["50,000 blank lines", "\n".repeat(50_000)],
  ["25,000 lines of one space", " \n".repeat(25_000)],
  ["50 kB of 'a-' (no @)", "a-".repeat(25_000)],
  ["50 kB of 'spf dkim '", "spf dkim ".repeat(5_556)],
  ["4,200 empty Message-ID lines", "Message-ID:\n".repeat(4_200)],
  ["Message-ID, 50,000 tabs", `Message-ID: <a@b.example>\n${"\t".repeat(50_000)}`],
  ["1 MB mixed text", MIXED.repeat(Math.ceil(1_000_000 / MIXED.length)).slice(0, 1_000_000)],
  ["1 MB text, 250,000 quoted lines", quoted(250_000)],
];

// BENCH_ONLY: the shapes whose name holds this text (one run of a new shape)
const SHAPES = ALL_SHAPES.filter(([name]) => name.includes(process.env.BENCH_ONLY ?? ""));

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

const trees: [string, Record<string, Step>][] = [];
for (const [name, root] of befores) trees.push([name, await stepsOf(root)]);
trees.push(["after", await stepsOf(after)]);
const slow = new Set<string>();
for (const [name, root] of befores) console.log(`${name}: ${root}`);
console.log(`after: ${after}\n`);
console.log(["shape", "step", ...trees.map(([name]) => `${name} ms`)].join("\t"));
for (const [shape, text] of SHAPES) {
  for (const step of Object.keys(trees[0]![1])) {
    const cells = trees.map(([name, steps]) => {
      const key = `${name}/${step}`;
      if (shape.startsWith("1 MB") && slow.has(key)) return "not run (over 1 s at 50 kB)";
      const ms = best(() => steps[step]!(text));
      if (ms > 1_000) slow.add(key);
      return ms.toFixed(1);
    });
    console.log([shape, step, ...cells].join("\t"));
  }
}
