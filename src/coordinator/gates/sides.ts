// Which side of the conflict matrix a sequence type is on (spec 001 matrix: "sales cadence" vs
// "marketing"). ABM is an account-based SALES motion; nurture is marketing (spec 001 wire 3 calls
// AGT-304 "Marketing Nurture"). Transactional sequences are on no side: they never conflict.
import type { SequenceType } from "../../db/core-tables.ts";

export type Side = "sales" | "marketing";

export const SEQUENCE_SIDE = {
  sales: "sales",
  abm: "sales",
  marketing: "marketing",
  nurture: "marketing",
  transactional: null,
} as const satisfies Record<SequenceType, Side | null>;

export const SEQUENCE_TYPES = Object.keys(SEQUENCE_SIDE) as SequenceType[];

export function isSequenceType(v: string): v is SequenceType {
  return Object.hasOwn(SEQUENCE_SIDE, v);
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
