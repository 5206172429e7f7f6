// The event-log module's door (issue 70 item 2): outside src/event-log, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { advanceEventCursors } from "./advance-cursors.ts";
export {
  appendEvents,
  type EventRow,
  eventRow,
  insertEventRows,
  LINEAGE_PROPOSAL,
  type Lineage,
  type LineagedEvent,
  lineageJoins,
  lineageOf,
  type NewEvent,
  NO_LINEAGE,
} from "./append-events.ts";
