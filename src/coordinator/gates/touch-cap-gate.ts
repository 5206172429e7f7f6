// spec 001 gate 3 + spec 002 daily cap, counting NON-transactional touches only.
//
// Window semantics (docs/coordinator.md):
// - weekly: the rolling window at instant t is (t - 7 days, t] — open at the old end, closed at
//   now. A touch exactly 7 days old has left it. At `weeklyTouchCap` touches the step is HELD until
//   the instant enough of the oldest ones have left: t_(n-cap+1) + 7 days (ascending order).
// - daily: the contact's local calendar day in contacts.time_zone (local-day.ts). At
//   `dailyTouchCap` touches today the step is held until the next local day starts.
// Both must pass; `until` is the earliest instant at which both do (with no new touches).
// Transactional sequences skip the caps (spec 001: "non-transactional cadences only").
// Send windows (issue 12): a campaign's window (src/scheduling/send-window.ts, the one rule) holds
// every touch, transactional ones too, until the window opens in the contact's zone; the release
// is the first instant at which the caps AND the window let it go ('outside_send_window' when only
// the window held it).
// Campaign cap (issue 59 item 6): a campaign's own weekly cap counts the contact's touches of that
// campaign in the same rolling window, and holds the same way as the contact's weekly cap (reason
// 'touch_cap_exceeded', resolution 'campaign_weekly_cap'); transactional sequences skip it too.
// Account cap (issue 61 item 5): an account's weekly cap (its own, else its segment's) counts the
// touches to all its contacts in the same window and holds the same way, with its own reason
// 'account_cap_exceeded' (resolution 'account_weekly_cap') when no contact or campaign cap holds
// too; transactional sequences skip it too.
import { sendWindowRelease } from "../../scheduling/index.ts";
import { TOUCH_WINDOW_MS, touchLeavesWindow, touchWindowStart } from "../touch-window.ts";
import { localDate, startOfNextLocalDay } from "./local-day.ts";
import { type GateOutcome, type GateSnapshot, pass } from "./types.ts";

/** Touches in the rolling window (t - 7d, t]. */
export function touchesInWindow(touches: Date[], t: Date): number {
  const lo = touchWindowStart(t).getTime();
  const hi = t.getTime();
  let n = 0;
  for (const x of touches) if (x.getTime() > lo && x.getTime() <= hi) n++;
  return n;
}

// a local day is at most 25 h long (local-day.ts), so a touch further back than this is on an
// earlier day, and its local date is not worth formatting (most of a 7-day window's touches)
const SAME_DAY_SPAN_MS = 50 * 3600_000;

export function touchesOnLocalDay(touches: Date[], t: Date, timeZone: string): number {
  const day = localDate(t, timeZone);
  const hi = t.getTime();
  let n = 0;
  for (const x of touches) {
    const at = x.getTime();
    if (at <= hi && hi - at < SAME_DAY_SPAN_MS && localDate(x, timeZone) === day) n++;
  }
  return n;
}

/** When the weekly window at t next has room, or null if it has room now. */
function weeklyRelease(touches: Date[], t: Date, cap: number): Date | null {
  const inWindow = touches
    .filter((x) => x.getTime() > t.getTime() - TOUCH_WINDOW_MS && x.getTime() <= t.getTime())
    .map((x) => x.getTime())
    .sort((a, b) => a - b);
  if (inWindow.length < cap) return null;
  return touchLeavesWindow(inWindow[inWindow.length - cap]);
}

/** When the send window lets the touch go at t: null = at t. */
function windowRelease(s: GateSnapshot, t: Date): Date | null {
  const w = s.sendWindow;
  return w?.window ? sendWindowRelease({ ...w, window: w.window, now: t }) : null;
}

/** When the campaign's own weekly cap has room at t: null = at t (or no campaign cap). */
function campaignRelease(s: GateSnapshot, t: Date): Date | null {
  const c = s.sendWindow?.campaignCap;
  return c ? weeklyRelease(c.touches, t, c.cap) : null;
}

/** When the account's weekly cap has room at t: null = at t (or no account cap). */
function accountRelease(s: GateSnapshot, t: Date): Date | null {
  const c = s.sendWindow?.accountCap;
  return c ? weeklyRelease(c.touches, t, c.cap) : null;
}

/**
 * The earliest instant >= now at which every cap have room and the send window is open, assuming
 * no new touches.
 */
export function releaseTime(s: GateSnapshot, now: Date): Date | null {
  const { weeklyTouchCap, dailyTouchCap } = s.config;
  const capped = s.sequenceType !== "transactional";
  let t = now;
  for (let i = 0; i < 64; i++) {
    const w = capped
      ? (weeklyRelease(s.touches, t, weeklyTouchCap) ?? campaignRelease(s, t) ?? accountRelease(s, t))
      : null;
    if (w) {
      t = w;
      continue;
    }
    if (capped && touchesOnLocalDay(s.touches, t, s.contact.timeZone) >= dailyTouchCap) {
      t = startOfNextLocalDay(t, s.contact.timeZone);
      continue;
    }
    const open = windowRelease(s, t);
    if (open) {
      t = open;
      continue;
    }
    return t.getTime() === now.getTime() ? null : t;
  }
  return t;
}

export function touchCapGate(s: GateSnapshot, now: Date): GateOutcome {
  const transactional = s.sequenceType === "transactional";
  const until = releaseTime(s, now);
  if (!until) return pass(3, transactional ? { resolution: "transactional_exempt" } : {});
  const weekly = !transactional && touchesInWindow(s.touches, now) >= s.config.weeklyTouchCap;
  const daily =
    !transactional && touchesOnLocalDay(s.touches, now, s.contact.timeZone) >= s.config.dailyTouchCap;
  const campaign = !transactional && campaignRelease(s, now) !== null;
  const account = !transactional && accountRelease(s, now) !== null;
  if (!weekly && !daily && !campaign && !account) {
    // only the window held it: its own reason, and the release is the window's (maybe after caps)
    return { gate: 3, outcome: "hold", reason: "outside_send_window", until, resolution: "send_window" };
  }
  // the account's cap has its own reason (issue 61 item 5) when it alone decides: a contact's or
  // campaign's cap that also holds names the hold, as before. The resolution stays
  // 'account_weekly_cap', as it was before the reason was its own.
  if (!weekly && !daily && !campaign)
    return {
      gate: 3,
      outcome: "hold",
      reason: "account_cap_exceeded",
      until,
      resolution: "account_weekly_cap",
    };
  return {
    gate: 3,
    outcome: "hold",
    reason: "touch_cap_exceeded",
    until,
    resolution: weekly ? "weekly_cap" : daily ? "daily_cap" : "campaign_weekly_cap",
  };
}
