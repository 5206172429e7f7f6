// The simulation module's door (issue 70 item 2): outside src/simulation, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export {
  type DayTouch,
  defaultReply,
  rng,
  type SimulatedContact,
  type SimulationProgress,
  simulateDays,
} from "./simulate-days.ts";
