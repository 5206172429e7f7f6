// Enrollment (spec 001 "sequence") states: an as-const table, a transition map and predicates
// (STYLE.md, after pg-boss JOB_STATES). Gate 5 and every writer of campaign_contacts.status use it.
import type { EnrollmentStatus } from "../../db/core-tables.ts";

export const ENROLLMENT_STATES = {
  queued: { live: true, description: "waiting for its activation (held or queued by a gate)" },
  active: { live: true, description: "running; its steps are due at next_send_at" },
  paused: { live: true, description: "paused (e.g. a reply); resumes to active" },
  converted: { live: false, description: "finished: converted" },
  rejected: { live: false, description: "finished: the prospect said no" },
  timed_out: { live: false, description: "finished: no response within the sequence" },
  exited: { live: false, description: "finished: ran out of steps or exited by rule" },
  opted_out: { live: false, description: "terminated by opt-out propagation (spec 001 gate 1)" },
  cancelled: { live: false, description: "terminated by a gate block or by hand" },
} as const satisfies Record<EnrollmentStatus, { live: boolean; description: string }>;

const TERMINAL = [] as const;

export const ENROLLMENT_TRANSITIONS = {
  queued: ["active", "queued", "cancelled", "opted_out", "exited"],
  active: ["active", "paused", "converted", "rejected", "timed_out", "exited", "opted_out", "cancelled"],
  paused: ["active", "converted", "rejected", "timed_out", "exited", "opted_out", "cancelled"],
  converted: TERMINAL,
  rejected: TERMINAL,
  timed_out: TERMINAL,
  exited: TERMINAL,
  opted_out: TERMINAL,
  cancelled: TERMINAL,
} as const satisfies Record<EnrollmentStatus, readonly EnrollmentStatus[]>;

export const LIVE_STATUSES = (Object.keys(ENROLLMENT_STATES) as EnrollmentStatus[]).filter(
  (s) => ENROLLMENT_STATES[s].live,
);

export function isLive(s: EnrollmentStatus): boolean {
  return ENROLLMENT_STATES[s].live;
}

export function canTransition(from: EnrollmentStatus | null, to: EnrollmentStatus): boolean {
  // A new enrollment ("none") may only start active or queued.
  if (from === null) return to === "active" || to === "queued";
  return (ENROLLMENT_TRANSITIONS[from] as readonly EnrollmentStatus[]).includes(to);
}
