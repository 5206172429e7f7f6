// Builds gate snapshots with defaults that pass every gate (used by the gate tests and the
// simulation property tests; also handy to ask "what would the coordinator decide?").
import { DEFAULT_CAP_CONFIG, type GateSnapshot } from "./types.ts";

export type SnapshotPatch = Partial<Omit<GateSnapshot, "contact" | "config">> & {
  contact?: Partial<GateSnapshot["contact"]>;
  config?: Partial<GateSnapshot["config"]>;
};

export function snapshot(patch: SnapshotPatch = {}): GateSnapshot {
  const { contact, config, ...rest } = patch;
  return {
    sequenceType: "sales",
    account: { icpTier: "T2", abmActive: false },
    touches: [],
    concurrent: [],
    transition: {
      kind: "activation",
      existingStatus: null,
      campaignStatus: "active",
      stepCount: 3,
      alreadyEnrolled: false,
    },
    ...rest,
    contact: {
      unsubscribeFlag: false,
      optOutFlag: false,
      timeZone: "UTC",
      lastSalesSignalAt: null,
      lastMarketingSignalAt: null,
      ...contact,
    },
    config: { ...DEFAULT_CAP_CONFIG, ...config },
  };
}
