// The simulation module's door (issue 70 item 2): outside src/simulation, code imports this file (or
// contract.ts) and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it. The CLI
// loads it on use (baton simulate), the demo's history runs its days.

export { runSimulation, type SimulationOptions } from "./simulate.ts";
export {
  type DayTouch,
  defaultReply,
  rng,
  type SimulatedContact,
  type SimulationProgress,
  simulateDays,
  terminalProgress,
} from "./simulate-days.ts";
export {
  type ClusterComparison,
  type ClusterRun,
  comparisonText,
  simulateClusterAgainstSingleNode,
} from "./simulate-on-cluster.ts";
