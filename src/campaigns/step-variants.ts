// A/B variants of a step (issue 13): 2 to 4 versions of the step's subject and writing
// instructions, with weights. Assignment is a pure function of the enrollment and the step: the
// same enrollment gets the same variant on every retry, every worker and after a restart.
import { createHash } from "node:crypto";

export interface StepVariant {
  /** A short label, e.g. "A", "B". */
  key: string;
  /** The subject line the drafter uses (email); null keeps the drafter's own. */
  subject?: string | null;
  /** Writing instructions for this variant; they replace the step's template_instructions. */
  instructions: string;
  /** Relative weight (> 0); the split follows weight / sum of weights. */
  weight: number;
}

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 4;
const KEY = /^[A-Za-z0-9_-]{1,16}$/;

export interface VariantProblem {
  code: "CAMPAIGN_STEP_VARIANTS_INVALID";
  path: string;
  message: string;
}

/** Problems with one step's variants (undefined or null: the step has none). */
export function variantProblems(variants: unknown, path: string): VariantProblem[] {
  if (variants === undefined || variants === null) return [];
  const p = (at: string, message: string): VariantProblem => ({
    code: "CAMPAIGN_STEP_VARIANTS_INVALID",
    path: `${path}${at}`,
    message,
  });
  if (!Array.isArray(variants)) return [p("", "must be a list of 2 to 4 variants")];
  const problems: VariantProblem[] = [];
  if (variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS) {
    problems.push(p("", `a step has 2 to 4 variants (got ${variants.length})`));
  }
  const seen = new Set<string>();
  for (const [i, v] of variants.entries()) {
    const at = `/${i}`;
    if (typeof v !== "object" || v === null) {
      problems.push(p(at, "must be an object { key, subject, instructions, weight }"));
      continue;
    }
    const x = v as Record<string, unknown>;
    if (typeof x.key !== "string" || !KEY.test(x.key)) {
      problems.push(p(`${at}/key`, "a short label: letters, digits, '_' or '-', up to 16"));
    } else if (seen.has(x.key)) {
      problems.push(p(`${at}/key`, `variant ${x.key} appears twice`));
    } else seen.add(x.key);
    if (
      x.subject !== undefined &&
      x.subject !== null &&
      (typeof x.subject !== "string" || x.subject.length > 200)
    ) {
      problems.push(p(`${at}/subject`, "a subject line of up to 200 characters, or null"));
    }
    if (typeof x.instructions !== "string" || x.instructions.trim() === "" || x.instructions.length > 4000) {
      problems.push(p(`${at}/instructions`, "says what to write (1 to 4000 characters)"));
    }
    if (typeof x.weight !== "number" || !Number.isFinite(x.weight) || x.weight <= 0 || x.weight > 1000) {
      problems.push(p(`${at}/weight`, `a number > 0 and ≤ 1000 (got ${String(x.weight)})`));
    }
  }
  return problems;
}

/** A number in [0, 1) from sha256(enrollment_id ":" step): the first 48 bits over 2^48. */
export function variantPoint(enrollmentId: string, stepNumber: number): number {
  const h = createHash("sha256").update(`${enrollmentId}:${stepNumber}`).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The variant of this enrollment at this step: the hash point mapped onto the cumulative weights.
 * A promoted winner (still among the variants) is given to everyone. Null when the step has no
 * variants.
 */
export function assignVariant(
  enrollmentId: string,
  stepNumber: number,
  variants: readonly StepVariant[] | null | undefined,
  winner?: string | null,
): StepVariant | null {
  if (!variants || variants.length === 0) return null;
  if (winner) {
    const w = variants.find((v) => v.key === winner);
    if (w) return w;
  }
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const target = variantPoint(enrollmentId, stepNumber) * total;
  let acc = 0;
  for (const v of variants) {
    acc += v.weight;
    if (target < acc) return v;
  }
  return variants[variants.length - 1];
}
