import fc from "fast-check";
import { expect, it } from "vitest";
import { decodeCursor, decodeTimeCursor, encodeCursor, encodeTimeCursor } from "./event-cursor.ts";

it("round-trips every event id", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      (id) => decodeCursor("t1", encodeCursor("t1", id)) === id,
    ),
  );
});

it("refuses cursors it did not make, and another tenant's or list's", () => {
  const real = encodeCursor("t1", 42);
  for (const bad of [
    "",
    "abc",
    Buffer.from("ev:1").toString("base64url"),
    `${Buffer.from("[0]").toString("base64url")}.${real.split(".")[1]}`,
    encodeTimeCursor("t1", "c1", "2026-11-27T12:00:00.123456Z", 42),
  ]) {
    expect(() => decodeCursor("t1", bad)).toThrow(expect.objectContaining({ code: "EVENT_CURSOR_INVALID" }));
  }
  expect(() => decodeCursor("t2", real)).toThrow(expect.objectContaining({ code: "EVENT_CURSOR_INVALID" }));
  const timeline = encodeTimeCursor("t1", "c1", "2026-11-27T12:00:00.123456Z", 7);
  expect(decodeTimeCursor("t1", "c1", timeline)).toEqual({ at: "2026-11-27T12:00:00.123456Z", eventId: 7 });
  expect(() => decodeTimeCursor("t1", "c2", timeline)).toThrow(
    expect.objectContaining({ code: "EVENT_CURSOR_INVALID" }),
  );
});
