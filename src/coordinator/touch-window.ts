// The touch caps' rolling window, named once (issue 59 item 1; spec 001's touch caps): a contact's
// touches count against the weekly cap while they are in (now - 7 days, now]. Every TS reader of the
// window (the gates, their snapshots, the cap-warning flag, the benches) takes it from here; the
// SQL takes its start as a parameter (`since`), so no statement writes the interval itself.

/** The window's length in days (the weekly touch cap's "week"). */
export const TOUCH_WINDOW_DAYS = 7;

/** The window's length in milliseconds. */
export const TOUCH_WINDOW_MS = TOUCH_WINDOW_DAYS * 24 * 3600_000;

/** The window's start at `now` (exclusive): a touch at or before it no longer counts. */
export function touchWindowStart(now: Date): Date {
  return new Date(now.getTime() - TOUCH_WINDOW_MS);
}

/** When a touch made at `at` leaves the window (and frees a place under the cap). */
export function touchLeavesWindow(at: Date | number): Date {
  return new Date(new Date(at).getTime() + TOUCH_WINDOW_MS);
}
