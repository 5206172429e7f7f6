// Wall clocks in IANA zones, with Intl only (no zone library): what a clock in a zone reads at an
// instant, and the first instant a clock reads a given wall time (DST gaps and overlaps included).
// "Wall ms" is a wall-clock reading expressed as if it were UTC: Date.UTC(y, m - 1, d, h, mi, s).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** An IANA zone name Intl knows ("Europe/Berlin", "UTC"); offsets such as "+05:00" are refused. */
export function isIanaTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone))
    return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What a clock in the zone reads at instant t (to the second), as wall ms. */
export function wallMs(t: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const x of formatter(timeZone).formatToParts(new Date(t)))
    if (x.type !== "literal") p[x.type] = Number(x.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

export interface WallDate {
  /** YYYY-MM-DD */
  date: string;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
  /** minutes since local midnight (wall clock) */
  minute: number;
}

/** The local date, weekday and minute of the day at instant t in the zone. */
export function wallDate(t: number, timeZone: string): WallDate {
  const w = wallMs(t, timeZone);
  const d = new Date(w);
  return {
    date: d.toISOString().slice(0, 10),
    weekday: d.getUTCDay(),
    minute: d.getUTCHours() * 60 + d.getUTCMinutes(),
  };
}

/** Wall ms of a local date (YYYY-MM-DD) plus minutes. */
export function wallOf(date: string, minute = 0): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) + minute * 60_000;
}

/** The instants at which the zone's clock reads exactly `target` (wall ms): one, or two in an overlap. */
function instantsAtWall(target: number, timeZone: string): { exact: number[]; cands: number[] } {
  const offsets = new Set<number>();
  for (const probe of [target - 2 * 86_400_000, target, target + 2 * 86_400_000])
    offsets.add(wallMs(probe, timeZone) - Math.floor(probe / 1000) * 1000);
  const cands = [...offsets].map((o) => target - o);
  return { exact: cands.filter((t) => wallMs(t, timeZone) === target), cands };
}

/** In a gap (the clock jumps over `target`): the instant of the jump, to the ms. */
function jumpOver(target: number, timeZone: string, cands: number[]): number {
  let lo = Math.min(...cands) - 3 * 3600_000;
  let hi = Math.max(...cands) + 3 * 3600_000;
  // invariant: wall(lo) < target <= wall(hi)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid, timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The first instant at which the zone's clock reads `target` (wall ms) or later, searching from
 * around it. In an overlap (the clock goes back) that is the earlier of the two readings; in a
 * gap (the clock jumps forward over it) it is the instant of the jump.
 */
export function firstInstantAtWall(target: number, timeZone: string): number {
  const { exact, cands } = instantsAtWall(target, timeZone);
  return exact.length > 0 ? Math.min(...exact) : jumpOver(target, timeZone, cands);
}

/** As firstInstantAtWall, but in an overlap the later of the two readings. */
export function lastInstantAtWall(target: number, timeZone: string): number {
  const { exact, cands } = instantsAtWall(target, timeZone);
  return exact.length > 0 ? Math.max(...exact) : jumpOver(target, timeZone, cands);
}

/** The instants in [from, to) at which the zone's clock goes back (the end of DST), to the ms. */
export function clockSetBacksBetween(from: number, to: number, timeZone: string): number[] {
  const offset = (t: number) => wallMs(t, timeZone) - Math.floor(t / 1000) * 1000;
  const found: number[] = [];
  // zones change offset at most a few times a year: probe every 6 hours, then bisect
  const step = 6 * 3600_000;
  let before = offset(from);
  for (let a = from; a < to; a += step) {
    const b = Math.min(a + step, to);
    const after = offset(b);
    if (after >= before) {
      before = after;
      continue;
    }
    let lo = a;
    let hi = b;
    before = after;
    // invariant: offset(lo) differs from offset(hi) = after
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offset(mid) === after) hi = mid;
      else lo = mid;
    }
    found.push(hi);
  }
  return found;
}
