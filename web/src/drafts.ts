// What a draft still holds for a person to fill before it may go out: the built-in template
// drafter's first line (its note to the approver) and every [bracketed] part. The server never
// auto-sends such a draft (hasPlaceholder, src/drafting/template-drafter.ts: the same bracket rule);
// the approval inbox does not offer to approve one until a person has filled it.

const TEMPLATE_NOTE = "[Template draft by Baton's built-in drafter";
/** the template's brief line under its note: "[Step 2 brief: …]" or "[Step 2, variant B brief: …]" */
const BRIEF = /^\[Step \d+(, variant [^\s\]]+)? brief: /;
const BRACKETED = /\[[^\]\n]*\]/g;

const templateLine = (l: string) => l.startsWith(TEMPLATE_NOTE) || BRIEF.test(l);

export interface Unfinished {
  /** the template drafter's note (its first line) or the step's brief under it is still there */
  templateNote: boolean;
  /** the other [bracketed] parts, each once, in order */
  parts: string[];
}

export function unfinishedParts(subject: string | null, body: string): Unfinished {
  const lines = body.split("\n");
  const templateNote = lines.some(templateLine);
  const rest = [subject ?? "", ...lines.filter((l) => !templateLine(l))].join("\n");
  return { templateNote, parts: [...new Set(rest.match(BRACKETED) ?? [])] };
}

export function isUnfinished(u: Unfinished): boolean {
  return u.templateNote || u.parts.length > 0;
}

/** One line for the card: what is left to do, shortest first. */
export function describeUnfinished(u: Unfinished): string {
  const shown = u.parts.map((p) => (p.length > 60 ? `${p.slice(0, 57)}…]` : p));
  const fill = shown.length ? `fill or delete ${shown.join(", ")}` : "";
  const note = u.templateNote ? "delete the template's note and brief at the top" : "";
  return `Before approving: ${[note, fill].filter(Boolean).join("; ")}.`;
}
