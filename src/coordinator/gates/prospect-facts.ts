// Gate 1's prospect-data facts (issue 15): suppression lists, erasure, and the legal basis a
// campaign requires. Read by loadProspectFacts in a statement AFTER the contact lock (see
// docs/prospect-data.md "Why no send starts after the commit"); decided here, purely.

export interface ProspectFacts {
  /** The first suppression-list entry that covers the contact's address, if any. */
  suppression: { kind: "email" | "domain"; source: string } | null;
  /** The contact's data was erased (GDPR Art. 17). */
  erased: boolean;
  /** legitimate_interest | consent | customer | unknown */
  legalBasis: string;
  /** The campaign requires one of these bases; null: no requirement. */
  requiredLegalBasis: string[] | null;
}

/**
 * Gate 1's block, a GateOutcome of gates/types.ts by shape (types.ts refers to ProspectFacts, so
 * importing it back would be an import cycle).
 */
export interface ProspectBlock {
  gate: 1;
  outcome: "block";
  reason: string;
  until: null;
  resolution: string;
}

/** null: nothing in the prospect data stops this touch. */
export function prospectBlock(p: ProspectFacts | undefined): ProspectBlock | null {
  if (!p) return null;
  if (p.erased) return block("compliance_block", "erased");
  if (p.suppression) return block("compliance_block", `suppressed_${p.suppression.kind}`);
  if (p.requiredLegalBasis && !p.requiredLegalBasis.includes(p.legalBasis))
    return block("legal_basis_missing", `legal_basis_${p.legalBasis}`);
  return null;
}

function block(reason: string, resolution: string): ProspectBlock {
  return { gate: 1, outcome: "block", reason, until: null, resolution };
}
