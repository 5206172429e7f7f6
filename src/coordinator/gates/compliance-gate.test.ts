import { describe, expect, it } from "vitest";
import { complianceGate } from "./compliance-gate.ts";
import { SEQUENCE_TYPES } from "./sides.ts";
import { snapshot } from "./snapshot-builder.ts";

describe("gate 1 compliance", () => {
  it("passes a lead with neither flag", () => {
    expect(complianceGate(snapshot())).toMatchObject({ gate: 1, outcome: "pass", reason: null });
  });
  for (const sequenceType of SEQUENCE_TYPES) {
    for (const flag of ["unsubscribeFlag", "optOutFlag"] as const) {
      it(`blocks ${sequenceType} when ${flag} is set (no type bypasses it)`, () => {
        const o = complianceGate(snapshot({ sequenceType, contact: { [flag]: true } }));
        expect(o).toMatchObject({ gate: 1, outcome: "block", reason: "compliance_block", until: null });
      });
    }
  }
});
