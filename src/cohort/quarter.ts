// Calendar quarters by UTC dates: 2026-Q4 = [2026-10-01T00:00Z, 2027-01-01T00:00Z).
import { BatonError } from "../errors/baton-error.ts";

export interface Quarter {
  label: string;
  start: Date;
  end: Date;
}

export function parseQuarter(label: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!m) throw new BatonError("COHORT_QUARTER_INVALID", { quarter: label });
  const year = Number(m[1]);
  const q = Number(m[2]);
  return { label, start: new Date(Date.UTC(year, (q - 1) * 3, 1)), end: new Date(Date.UTC(year, q * 3, 1)) };
}

export function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
