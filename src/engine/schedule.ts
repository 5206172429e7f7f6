// Day offsets (spec 002: next_send_at = enrolled_at + delay_days(step)). A day is 24 hours of
// elapsed time, so the step keeps its time of day in UTC.
const DAY_MS = 86_400_000;

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** Whole days between two instants (floor), for reports: "touch on day N". */
export function dayIndex(start: Date, at: Date): number {
  return Math.floor((at.getTime() - start.getTime()) / DAY_MS);
}
