// The TIMESTAMPTZ parser (src/db/timestamptz.ts) equals pg's own wherever both apply, falls back to
// it for every other form, and reads what the server itself writes, on PGlite and PostgreSQL.
import fc from "fast-check";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import {
  parseCommonTimestamptz,
  pgOwnTimestamptzParser,
  timestamptzParser,
} from "../../src/db/timestamptz.ts";
import { testDatabase } from "../support/db.ts";

// pg's parser as it was before Baton's (connect.ts installs Baton's when it loads)
const pgParse = pgOwnTimestamptzParser()!;

const pad = (n: number, w: number) => String(Math.abs(n)).padStart(w, "0");

describe("TIMESTAMPTZ text → Date", () => {
  it("equals pg's parser on the server's common form, any fraction and offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.option(fc.stringMatching(/^[0-9]{1,6}$/)),
        fc.integer({ min: -15, max: 15 }),
        fc.constantFrom(0, 30, 45),
        (y, mo, d, h, mi, s, frac, oh, om) => {
          const offset = `${oh < 0 ? "-" : "+"}${pad(oh, 2)}${om ? `:${pad(om, 2)}` : ""}`;
          const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)} ${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac ? `.${frac}` : ""}${offset}`;
          const mine = parseCommonTimestamptz(text);
          expect(mine).toBeInstanceOf(Date);
          // pg's parser computes the milliseconds as 1000 × parseFloat('.fff…'), which a binary
          // fraction can leave a hair under the integer it means: its value is then 1 ms earlier
          const theirs = (pgParse(text) as Date).getTime();
          expect([theirs, theirs + 1]).toContain(mine!.getTime());
          const exact = Date.parse(
            `${text.slice(0, 10)}T${text.slice(11, 19)}.${(frac ?? "").padEnd(3, "0").slice(0, 3)}${oh < 0 ? "-" : "+"}${pad(oh, 2)}:${pad(om, 2)}`,
          );
          if (y >= 1000) expect(mine!.getTime()).toBe(exact);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("leaves every other form to pg's parser", () => {
    const parse = timestamptzParser(pgParse);
    for (const text of [
      "infinity",
      "-infinity",
      "0044-03-15 12:00:00+00 BC",
      "0099-01-01 00:00:00+00",
      "12345-01-01 00:00:00+00",
      "2026-11-26 00:00:00+05:53:28",
      "2026-11-26",
    ]) {
      expect(parseCommonTimestamptz(text)).toBeUndefined();
      expect(parse(text)).toEqual(pgParse(text));
    }
  });
});

describe("what the server writes", () => {
  let t: Database;
  beforeAll(async () => {
    t = await testDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reads back the instant it wrote, in every session time zone", async () => {
    for (const zone of ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"]) {
      const r = await t.db.transaction().execute(async (tx) => {
        await sql`select set_config('TimeZone', ${zone}, true)`.execute(tx);
        return sql<{ a: Date; b: Date; c: Date }>`
          select '2026-11-26 00:27:38.123456+00'::timestamptz as a, '1999-12-31 23:59:59+00'::timestamptz as b,
                 'infinity'::timestamptz as c`.execute(tx);
      });
      expect(r.rows[0].a.toISOString()).toBe("2026-11-26T00:27:38.123Z");
      expect(r.rows[0].b.toISOString()).toBe("1999-12-31T23:59:59.000Z");
      expect(r.rows[0].c).toBe(Number.POSITIVE_INFINITY);
    }
    expect(pg.types.getTypeParser(1184)).not.toBe(pgParse);
  });
});
