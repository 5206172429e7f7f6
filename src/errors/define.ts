export type FactsOf = Record<string, any>;

export interface ErrorEntry {
  status: number;
  /** The rule the refusal comes from, e.g. "spec 000: hard volume cap per segment". */
  rule: string;
  /** For people: what happened, with the facts. */
  message: (facts: FactsOf) => string;
  /** For people and agents: what to do next. */
  next: (facts: FactsOf) => string;
  /** Custom SQLSTATE a trigger raises for this rule (class B*: BF foundation, BP plays, BC coordinator, BE campaigns/engine). */
  sqlstate?: string;
  /** Constraint or index names whose violation means this error. */
  constraints?: string[];
}

/** Keeps literal keys while checking each entry's shape. */
export function defineErrors<const T extends Record<string, ErrorEntry>>(entries: T): T {
  return entries;
}
