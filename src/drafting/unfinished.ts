// What a draft still holds for a person to fill before it may go out: the built-in template
// drafter's first line (its note to the approver) and every [bracketed] part. The server refuses to
// approve such a draft (DRAFT_UNFINISHED, src/engine/approve-draft.ts) and never auto-sends one
// (hasPlaceholder, the same bracket rule, in stage-draft.ts); the approval inbox does not offer to
// approve one until a person has filled it. No imports: the workspace's bundle uses it as it is
// (web/src/drafts.ts).

const TEMPLATE_NOTE = "[Template draft by Baton's built-in drafter";
/** the template's brief line under its note: "[Step 2 brief: …]" or "[Step 2, variant B brief: …]" */
const BRIEF = /^\[Step \d+(, variant [^\s\]]+)? brief: /;
/** a [bracketed] part on one line */
const BRACKET = /\[[^\]\n]*\]/;
const BRACKETED = new RegExp(BRACKET.source, "g");

/**
 * Whether a text still holds something for a person to fill: the template's marker or any
 * [bracketed] part. Such a draft is never sent without a person's approval.
 */
export function hasPlaceholder(text: string | null): boolean {
  return text !== null && BRACKET.test(text);
}

/** A line of the template's own: its note to the approver, or the step's brief under it. */
export const templateLine = (l: string) => l.startsWith(TEMPLATE_NOTE) || BRIEF.test(l);

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
