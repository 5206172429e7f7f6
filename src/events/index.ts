// The events module's door (issue 70 item 2): outside src/events, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { contactTimeline } from "./contact-timeline.ts";
export { decodeEventListCursor } from "./event-cursor.ts";
export { queryEvents } from "./query-events.ts";
export type { HoldRelease, ReplyStory, TouchMessage } from "./timeline-story.ts";
