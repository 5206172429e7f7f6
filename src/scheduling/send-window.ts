// When a touch may go (DESIGN.md "The edges to the world"): ONE pure function of the contact's
// time zone and country, the campaign's send window, `now` and a jitter seed. The engine uses it to
// schedule a step's next_send_at and the coordinator uses it to hold a step or a send (gate 3,
// reason 'outside_send_window'); there is no second copy of this rule.
//
// - A window is local wall-clock hours on some weekdays in the contact's zone, e.g. Tue-Thu
//   09:00-11:30 (end exclusive). Public holidays of the contact's country are skipped.
// - Jitter: each touch has its own earliest minute in the window, start + offset, with the offset
//   in [0, spread) taken from a hash of the seed (the send item's idempotency key), so a thousand
//   steps due at 09:00 leave spread over the window, and every retry computes the same offset.
// - DST: times are wall-clock readings. On a day the clock skips the window's start, the window
//   opens at the jump; a window entirely inside a skipped hour does not exist that day. On a day
//   the clock repeats an hour, the repeated readings count as the clock shows them: a window that
//   ended in the first reading opens again when the clock goes back inside it.
import { createHash } from "node:crypto";
import { isPublicHoliday } from "./public-holidays.ts";
import {
  clockSetBacksBetween,
  firstInstantAtWall,
  isIanaTimeZone,
  lastInstantAtWall,
  wallDate,
  wallMs,
  wallOf,
} from "./zoned-time.ts";

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A campaign's send window, as stored in campaigns.send_window. */
export interface SendWindow {
  /** Local weekdays on which touches may go. */
  days: Weekday[];
  /** Local wall clock "HH:MM", start inclusive, end exclusive, start < end. */
  start: string;
  end: string;
  /** Zone for contacts with no zone of their own nor their account's (else UTC). */
  time_zone?: string;
  /** Skip public holidays of the contact's (else its account's) country. Default true. */
  skip_holidays?: boolean;
  /** Jitter: touches are spread over the first N minutes of the window. Default: all of it. */
  spread_minutes?: number;
}

export interface SendWindowInput {
  /** The contact's zone, else its account's; null: the window's time_zone, else UTC. */
  timeZone: string | null;
  /** ISO 3166-1 alpha-2 of the contact (else its account); null: no holidays skipped. */
  country: string | null;
  /** null: no window, the touch may go at any time. */
  window: SendWindow | null;
  now: Date;
  /** The send item's idempotency key (enrollmentId:step), so the step and its send agree. */
  seed: string;
}

/** How far ahead we look for an open day (a window that never opens is refused by validation). */
const HORIZON_DAYS = 400;

/** "HH:MM" → minutes since midnight, or null. */
export function parseClock(s: unknown): number | null {
  if (typeof s !== "string") return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The zone a window is read in: the contact's, its account's, the window's default, else UTC. */
export function windowTimeZone(input: Pick<SendWindowInput, "timeZone" | "window">): string {
  return input.timeZone ?? input.window?.time_zone ?? "UTC";
}

/** The touch's own offset into the window, in ms, in [0, spread) (deterministic per seed). */
export function jitterOffsetMs(window: SendWindow, seed: string): number {
  const start = parseClock(window.start) ?? 0;
  const end = parseClock(window.end) ?? start;
  const length = end - start;
  // keep at least one minute after the latest offset, so every touch's slot is a real interval
  const spread = Math.max(0, Math.min(window.spread_minutes ?? length, length - 1));
  const h = createHash("sha256").update(seed).digest();
  const unit = h.readUIntBE(0, 6) / 2 ** 48; // [0, 1)
  return Math.floor(unit * spread * 60) * 1000; // whole seconds
}

function addDaysToDate(date: string, days: number): string {
  return new Date(wallOf(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** True when touches may go on this local date (allowed weekday, not a public holiday). */
export function isSendingDay(window: SendWindow, country: string | null, date: string): boolean {
  const weekday = WEEKDAYS[new Date(wallOf(date)).getUTCDay()];
  if (!window.days.includes(weekday)) return false;
  return !(window.skip_holidays !== false && isPublicHoliday(country, date));
}

/**
 * When the touch may go: null = now; otherwise the release time, the first instant at or after
 * `now` at which the contact's clock is inside the window on a sending day, at or after this
 * touch's jittered start.
 */
export function sendWindowRelease(input: SendWindowInput): Date | null {
  const { window, now, country } = input;
  if (!window) return null;
  const zone = windowTimeZone(input);
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  if (start === null || end === null || end <= start || window.days.length === 0) return null;
  const offset = jitterOffsetMs(window, input.seed);
  // inside the window: the clock reads a time in [start + offset, end) on a sending day
  const inside = (at: number): boolean => {
    const { date } = wallDate(at, zone);
    const ms = wallMs(at, zone) - wallOf(date);
    return ms >= start * 60_000 + offset && ms < end * 60_000 && isSendingDay(window, country, date);
  };
  const t = now.getTime();
  if (inside(t)) return null;
  const today = wallDate(t, zone).date;
  // A day's set-back may land on the next day's clock, so once one day yields an entry, the day
  // after it is looked at too and the earlier entry wins.
  let best: number | undefined;
  let bestDay = 0;
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    if (best !== undefined && i > bestDay + 1) break;
    const date = addDaysToDate(today, i);
    if (!isSendingDay(window, country, date)) continue;
    // The clock enters the window either by reaching its opening reading (once, or twice when
    // that hour repeats) or by being set back into it at the end of DST.
    const openWall = wallOf(date, start) + offset;
    const entries = [firstInstantAtWall(openWall, zone), lastInstantAtWall(openWall, zone)];
    const dayFrom = firstInstantAtWall(wallOf(date), zone);
    entries.push(...clockSetBacksBetween(dayFrom, dayFrom + 26 * 3600_000, zone));
    const next = entries.filter((at) => at > t && inside(at)).sort((x, y) => x - y)[0];
    if (next === undefined) continue;
    if (best === undefined) bestDay = i;
    if (best === undefined || next < best) best = next;
  }
  if (best !== undefined) return new Date(best);
  // unreachable for a validated window (some weekday is always open within a year)
  return new Date(t + HORIZON_DAYS * 86_400_000);
}

/** The time a touch due at `at` should be scheduled for: `at` itself, or its release time. */
export function scheduleInWindow(input: SendWindowInput): Date {
  return sendWindowRelease(input) ?? input.now;
}

/** Problems with a send window as given in a campaign definition (empty = valid). */
export function sendWindowProblems(w: unknown): { path: string; message: string }[] {
  if (w === null || w === undefined) return [];
  if (typeof w !== "object" || Array.isArray(w))
    return [{ path: "", message: "must be an object {days, start, end, time_zone?, skip_holidays?}" }];
  const o = w as Record<string, unknown>;
  const out: { path: string; message: string }[] = [];
  const known = new Set(["days", "start", "end", "time_zone", "skip_holidays", "spread_minutes"]);
  for (const k of Object.keys(o))
    if (!known.has(k)) out.push({ path: `/${k}`, message: "is not a send window field" });
  if (
    !Array.isArray(o.days) ||
    o.days.length === 0 ||
    o.days.some((d) => !(WEEKDAYS as readonly unknown[]).includes(d)) ||
    new Set(o.days).size !== o.days.length
  )
    out.push({
      path: "/days",
      message: `a non-empty list of distinct weekdays from ${WEEKDAYS.join(", ")}`,
    });
  const start = parseClock(o.start);
  const end = parseClock(o.end);
  if (start === null) out.push({ path: "/start", message: 'local time "HH:MM" (00:00-23:59)' });
  if (end === null) out.push({ path: "/end", message: 'local time "HH:MM" (00:00-23:59), after start' });
  if (start !== null && end !== null && end - start < 15)
    out.push({
      path: "/end",
      message: "must be at least 15 minutes after start (the window is one day's hours)",
    });
  if (o.time_zone !== undefined && !isIanaTimeZone(o.time_zone))
    out.push({ path: "/time_zone", message: `'${String(o.time_zone)}' is not an IANA time zone name` });
  if (o.skip_holidays !== undefined && typeof o.skip_holidays !== "boolean")
    out.push({ path: "/skip_holidays", message: "true or false" });
  if (
    o.spread_minutes !== undefined &&
    (!Number.isInteger(o.spread_minutes) || (o.spread_minutes as number) < 0)
  )
    out.push({ path: "/spread_minutes", message: "a whole number of minutes ≥ 0" });
  return out;
}

/** A stored window (jsonb) as a SendWindow, or null when absent or not valid. */
export function asSendWindow(v: unknown): SendWindow | null {
  if (v === null || v === undefined) return null;
  const w = typeof v === "string" ? JSON.parse(v) : v;
  return sendWindowProblems(w).length === 0 ? (w as SendWindow) : null;
}
