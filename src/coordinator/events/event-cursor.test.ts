import fc from "fast-check";
import { expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./event-cursor.ts";

it("round-trips every event id", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      (id) => decodeCursor(encodeCursor(id)) === id,
    ),
  );
});

it("refuses cursors it did not make", () => {
  for (const bad of [
    "",
    "abc",
    Buffer.from("ev:0").toString("base64url"),
    Buffer.from("ev:-1").toString("base64url"),
    Buffer.from("ev:1;drop").toString("base64url"),
  ]) {
    expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: "EVENT_CURSOR_INVALID" }));
  }
});
