// Negation around a rule's match: "not interested" is no interest. The rules (intent-rules.ts) say
// what a reply means; this says when a match of a rule marked `negatable` (today the positive
// interest rule) is negated, in the languages the rules cover (en, de, fr, es, nl, it, pt).

const NEGATORS = new Set([
  "not",
  "no",
  "never",
  "don't",
  "doesn't",
  "isn't",
  "wasn't",
  "aren't",
  "won't",
  "wouldn't",
  "nicht",
  "kein",
  "keine",
  "keinen",
  "nie",
  "pas",
  "ne",
  "non",
  "jamais",
  "niet",
  "geen",
  "nooit",
  "nao",
  "nunca",
  "nem",
]);
const NEGATORS_AFTER = new Set([
  "nothing",
  "niets",
  "nichts",
  "rien",
  "nada",
  "niente",
  "nulla",
  "nicht",
  "pas",
  "niet",
  "nie",
  "plus",
  "kein",
  "keine",
  "keinen",
  "geen",
  "aucun",
  "aucune",
  "nessun",
  "nessuna",
  "ningun",
  "ninguna",
  "nenhum",
  "nenhuma",
]);

/** True when a negation stands in the clause before `index` (three words) or right after `end`. */
export function negatedAt(t: string, index: number, end: number): boolean {
  const before =
    t
      .slice(Math.max(0, index - 40), index)
      .split(/[.,;:!?]/)
      .pop() ?? "";
  const wordsBefore = before.trim().split(/\s+/).slice(-3);
  if (wordsBefore.some((w) => NEGATORS.has(w) || w.startsWith("n'"))) return true;
  const after = t.slice(end, end + 25).split(/[.,;:!?]/)[0] ?? "";
  return after
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .some((w) => NEGATORS_AFTER.has(w));
}
