// The shared cursor codec (issue 58): what it makes it reads back, and it reads nothing else.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePageCursor, encodePageCursor, pageSize, takePage } from "./page-cursor.ts";

const refused = expect.objectContaining({ code: "VALIDATION_FAILED" });
const UUID = "0b8f9a6e-2f3c-4d5e-8a9b-1c2d3e4f5a6b";

describe("page cursors", () => {
  it("round-trips every key of the kinds a list uses", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.uuid(),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.string({ maxLength: 200 }),
        (d, micro, id, n, text) => {
          const at = d.toISOString().replace("Z", `${String(micro).padStart(3, "0")}Z`);
          const key = [at, id, n, text] as const;
          const c = encodePageCursor("l", "t", key);
          return (
            JSON.stringify(decodePageCursor("l", "t", c, ["time", "uuid", "int", "text"])) ===
            JSON.stringify(key)
          );
        },
      ),
    );
  });

  it("refuses a cursor altered, made up, or from another list or tenant", () => {
    const real = encodePageCursor("flags", "t1", ["2026-11-27T12:00:00.123456Z", UUID]);
    const [body, check] = real.split(".");
    const other = Buffer.from(JSON.stringify(["2026-11-27T12:00:00Z", UUID])).toString("base64url");
    for (const bad of [
      "",
      "x",
      `${body}.`,
      `.${check}`,
      `${other}.${check}`,
      `${body}.${check}x`,
      `${real}.x`,
    ])
      expect(() => decodePageCursor("flags", "t1", bad, ["time", "uuid"]), bad).toThrow(refused);
    expect(() => decodePageCursor("flags", "t2", real, ["time", "uuid"])).toThrow(refused);
    expect(() => decodePageCursor("drafts", "t1", real, ["time", "uuid"])).toThrow(refused);
    // the right check over a key of the wrong shape: refused by shape, before any SQL
    for (const key of [
      ["yesterday", UUID],
      ["2026-11-27T12:00:00Z", "1; drop table x"],
      [1, UUID],
    ]) {
      const forged = encodePageCursor("flags", "t1", key as never);
      expect(() => decodePageCursor("flags", "t1", forged, ["time", "uuid"])).toThrow(refused);
    }
    expect(() => decodePageCursor("flags", "t1", "a".repeat(5000), ["time", "uuid"])).toThrow(refused);
  });

  it("gives a next cursor only when there was one more row, and bounds the page size", () => {
    const cursorOf = (n: number) => String(n);
    expect(takePage([1, 2, 3], 3, cursorOf)).toEqual({ items: [1, 2, 3], next_cursor: null });
    expect(takePage([1, 2, 3, 4], 3, cursorOf)).toEqual({ items: [1, 2, 3], next_cursor: "3" });
    expect([pageSize(undefined), pageSize(0), pageSize(9999), pageSize(7, 100)]).toEqual([50, 1, 500, 7]);
  });
});
