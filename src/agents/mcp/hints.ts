// Parameter descriptions several tools share.
export const GOAL_HINT = "Optional spec 002 goal: awareness | pipeline | credibility | marketing_relief";
export const EVENT_TYPE_HINT =
  "Only this event type: activated, held, queued, suppressed, rejected, step_allowed, send_allowed, reply, paused, exit, ...";
