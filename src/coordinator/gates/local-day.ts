// "A day" for the daily cap (spec 002: 1 touch per contact per day) is the CONTACT's local calendar
// day in contacts.time_zone: [the first instant its wall clock reads date D, the first instant it
// reads D+1). DST days are therefore 23 or 25 hours long. Pure functions, no dependencies.

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

/** True when the zone is a valid IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function formatWall(t: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return parts as unknown as Wall;
}

// formatToParts costs ~10 µs a call, and the gates ask for the same minutes again and again (now,
// the local midnights around it). A zone's offset from UTC is a whole number of minutes and changes
// only at a whole minute for every instant since 1972, so the wall clock of an instant is its
// minute's wall clock plus its seconds. The minute's clock is cached per zone; a minute whose clock
// does not start at second 0 (an offset with seconds, before 1972) is never cached.
const minuteWalls = new Map<string, Map<number, Wall>>();
const MINUTES_KEPT = 20_000;

function wallClock(t: number, timeZone: string): Wall {
  const minute = Math.floor(t / 60_000);
  let walls = minuteWalls.get(timeZone);
  if (!walls) {
    walls = new Map();
    minuteWalls.set(timeZone, walls);
  }
  let w = walls.get(minute);
  if (!w) {
    w = formatWall(minute * 60_000, timeZone);
    if (w.second !== 0) return formatWall(t, timeZone);
    if (walls.size >= MINUTES_KEPT) walls.clear();
    walls.set(minute, w);
  }
  const second = Math.floor((t - minute * 60_000) / 1000);
  return second === 0 ? w : { ...w, second };
}

/** The local calendar date ('YYYY-MM-DD') of an instant in a zone. */
export function localDate(t: Date, timeZone: string): string {
  const w = wallClock(t.getTime(), timeZone);
  return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

/** The zone's offset from UTC at instant t, in ms (wall clock minus UTC). */
function offsetAt(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The first instant of the local day after the one containing t (handles DST gaps at midnight). */
export function startOfNextLocalDay(t: Date, timeZone: string): Date {
  const today = localDate(t, timeZone);
  const [y, m, d] = today.split("-").map(Number);
  const wallMidnight = Date.UTC(y, m - 1, d + 1); // next local midnight, read as if UTC
  let guess = wallMidnight - offsetAt(wallMidnight, timeZone);
  guess = wallMidnight - offsetAt(guess, timeZone);
  if (
    localDate(new Date(guess), timeZone) !== today &&
    localDate(new Date(guess - 1000), timeZone) === today
  ) {
    return new Date(guess);
  }
  // Midnight does not exist (DST gap) or the guess is off: search for the first instant of D+1,
  // between t and t + 50 h (a local day is at most 25 h long), to the millisecond.
  let lo = t.getTime();
  let hi = t.getTime() + 50 * 3600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(new Date(mid), timeZone) === today) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}
