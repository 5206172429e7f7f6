import { describe, expect, it } from "vitest";
import { abmGate } from "./abm-gate.ts";
import { SEQUENCE_TYPES } from "./sides.ts";
import { snapshot } from "./snapshot-builder.ts";

describe("gate 2 ABM backstop", () => {
  it("blocks nurture on an ABM-active account and asks to notify the originating agent", () => {
    const o = abmGate(snapshot({ sequenceType: "nurture", account: { icpTier: "T1", abmActive: true } }));
    expect(o).toMatchObject({ gate: 2, outcome: "block", reason: "abm_active_suppression" });
    expect(o.effects).toEqual([{ kind: "notify_originating_agent", reason: "abm_active_suppression" }]);
  });
  for (const sequenceType of SEQUENCE_TYPES.filter((t) => t !== "nurture")) {
    it(`does not apply to ${sequenceType} (ABM only modifies nurture)`, () => {
      expect(abmGate(snapshot({ sequenceType, account: { icpTier: "T1", abmActive: true } })).outcome).toBe(
        "pass",
      );
    });
  }
  it("passes nurture on a non-ABM account and on a contact without account", () => {
    expect(abmGate(snapshot({ sequenceType: "nurture" })).outcome).toBe("pass");
    expect(abmGate(snapshot({ sequenceType: "nurture", account: null })).outcome).toBe("pass");
  });
});
