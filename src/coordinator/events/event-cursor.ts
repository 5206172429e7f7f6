// Opaque keyset cursors over event_id (newest first: the next page holds ids below the cursor;
// the timeline, oldest first: ids above it). Opaque so that the key can change without breaking
// clients that only echo it.
import { BatonError } from "../../errors/baton-error.ts";

export function encodeCursor(eventId: number): string {
  return Buffer.from(`ev:${eventId}`).toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const m = /^ev:([1-9][0-9]{0,17})$/.exec(raw);
  const id = m ? Number(m[1]) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new BatonError("EVENT_CURSOR_INVALID", {});
  return id;
}
