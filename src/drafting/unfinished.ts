// What a draft still holds for a person to fill before it may go out: the built-in template
// drafter's first line (its note to the approver) and every [bracketed] part. The server refuses to
// approve such a draft (DRAFT_UNFINISHED, src/engine/approve-draft.ts) and never auto-sends one
// (hasPlaceholder, the same bracket rule, in stage-draft.ts); the approval inbox does not offer to
// approve one until a person has filled it. No imports: the workspace's bundle uses it as it is
// (web/src/drafts.ts).
//
// A bracket inside the recipient's or the campaign's own words is theirs, not a placeholder: a
// company called "Acme [EU]" or a campaign called "[EMEA] Q4 nurture", filled in by the drafter, must
// neither hold an auto-sent draft for a person nor stop its approval. Each rule takes those words
// (ownWordsOf: the draft's context) and reads past them.

const TEMPLATE_NOTE = "[Template draft by Baton's built-in drafter";
/** the template's brief line under its note: "[Step 2 brief: …]" or "[Step 2, variant B brief: …]" */
const BRIEF = /^\[Step \d+(, variant [^\s\]]+)? brief: /;
/** a [bracketed] part on one line */
const BRACKET = /\[[^\]\n]*\]/;
const BRACKETED = new RegExp(BRACKET.source, "g");

/**
 * The words a drafter filled in from the draft's context (spec 002 staged_drafts context: the
 * contact's name and its first word, as the template greets, the company, the campaign, the vertical,
 * the goal) that hold a bracket; any other context gives none.
 */
export function ownWordsOf(context: unknown): string[] {
  let c = context;
  if (typeof c === "string") {
    try {
      c = JSON.parse(c);
    } catch {
      return [];
    }
  }
  if (typeof c !== "object" || c === null) return [];
  const r = c as Record<string, unknown>;
  const words: string[] = [];
  for (const k of ["contact_name", "company", "campaign_name", "vertical", "goal"]) {
    const v = r[k];
    if (typeof v !== "string") continue;
    words.push(v.trim());
    if (k === "contact_name") words.push(v.trim().split(/\s+/)[0] ?? "");
  }
  return [...new Set(words.filter((w) => /[[\]]/.test(w)))].sort((a, b) => b.length - a.length);
}

/** `text` with each bracket of an own word replaced by a parenthesis: the same length, so a match's
 * place in it is its place in `text`. */
function masked(text: string, ownWords: readonly string[]): string {
  let t = text;
  for (const w of ownWords) {
    if (w === "") continue;
    const plain = w.replace(/\[/g, "(").replace(/\]/g, ")");
    t = t.split(w).join(plain);
  }
  return t;
}

/**
 * Whether a text still holds something for a person to fill: the template's marker or any
 * [bracketed] part outside `ownWords`. Such a draft is never sent without a person's approval.
 */
export function hasPlaceholder(text: string | null, ownWords: readonly string[] = []): boolean {
  return (
    text !== null && BRACKET.test(text) && (ownWords.length === 0 || BRACKET.test(masked(text, ownWords)))
  );
}

/** A line of the template's own: its note to the approver, or the step's brief under it. */
export const templateLine = (l: string) => l.startsWith(TEMPLATE_NOTE) || BRIEF.test(l);

export interface Unfinished {
  /** the template drafter's note (its first line) or the step's brief under it is still there */
  templateNote: boolean;
  /** the other [bracketed] parts, each once, in order */
  parts: string[];
}

export function unfinishedParts(
  subject: string | null,
  body: string,
  ownWords: readonly string[] = [],
): Unfinished {
  const lines = body.split("\n");
  const templateNote = lines.some(templateLine);
  const rest = [subject ?? "", ...lines.filter((l) => !templateLine(l))].join("\n");
  // matched past the own words, each part shown as written
  const parts = [...masked(rest, ownWords).matchAll(BRACKETED)].map((m) =>
    rest.slice(m.index, m.index + m[0].length),
  );
  return { templateNote, parts: [...new Set(parts)] };
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
