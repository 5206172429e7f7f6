// TIMESTAMPTZ text → Date without regular expressions (issue 39 item 5, Node's share of a step).
// pg's parser (postgres-date) runs three regular expressions and parseFloat on every value; an
// engine step reads a few dozen timestamps (enrollments, items, drafts, touches), and the profile of
// a worker put the parser near the top of its own time. The server's text form is fixed
// (DateStyle ISO): `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM]`; anything else (infinity, BC, years
// before 100 or past 9999, an offset with seconds) goes to pg's own parser, which this one must
// equal wherever both apply (test/foundation/timestamptz.test.ts).

const digits = (s: string, at: number, n: number): number => {
  let v = 0;
  for (let k = at; k < at + n; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
};

/** The value as a Date, or undefined when it is not in the common form (the caller falls back). */
export function parseCommonTimestamptz(s: string): Date | undefined {
  if (s.length < 22 || s.charCodeAt(4) !== 45 || s.charCodeAt(10) !== 32) return undefined;
  const year = digits(s, 0, 4);
  if (!(year >= 100)) return undefined;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // milliseconds: the first three digits (pg's parser truncates the rest too)
    i++;
    let n = 0;
    while (i < s.length) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (n < 3) ms = ms * 10 + d;
      n++;
      i++;
    }
    if (n === 0) return undefined;
    for (let k = n; k < 3; k++) ms *= 10;
  }
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return undefined;
  const oh = digits(s, i + 1, 2);
  let om = 0;
  i += 3;
  if (s.charCodeAt(i) === 58) {
    om = digits(s, i + 1, 2);
    i += 3;
  }
  if (i !== s.length) return undefined;
  const t =
    Date.UTC(
      year,
      digits(s, 5, 2) - 1,
      digits(s, 8, 2),
      digits(s, 11, 2),
      digits(s, 14, 2),
      digits(s, 17, 2),
      ms,
    ) -
    (sign === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** A TIMESTAMPTZ parser: the common form here, the rest by `fallback` (pg's own). */
export function timestamptzParser(fallback: (s: string) => unknown): (s: string) => unknown {
  return (s) => parseCommonTimestamptz(s) ?? fallback(s);
}

type TypeParsers = {
  getTypeParser(oid: number): (s: string) => unknown;
  setTypeParser(oid: number, parse: (s: string) => unknown): void;
};

let pgOwn: ((s: string) => unknown) | undefined;

/** Installs the parser for TIMESTAMPTZ (oid 1184) in pg's type registry, once. */
export function installTimestamptzParser(types: TypeParsers): void {
  if (pgOwn) return;
  pgOwn = types.getTypeParser(1184);
  types.setTypeParser(1184, timestamptzParser(pgOwn));
}

/** pg's own parser, as it was before installTimestamptzParser (the tests compare against it). */
export function pgOwnTimestamptzParser(): ((s: string) => unknown) | undefined {
  return pgOwn;
}
