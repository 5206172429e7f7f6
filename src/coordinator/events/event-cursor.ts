// Opaque keyset cursors over event_id (newest first: the next page holds ids below the cursor),
// and over (occurred_at, event_id) for the timeline, oldest first by time. Opaque so that the key
// can change without breaking clients that only echo it.
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

/** The timeline's cursor: the last event's (occurred_at, event_id), oldest first by the time it happened. */
export function encodeTimeCursor(occurredAt: string, eventId: number): string {
  return Buffer.from(`tl:${occurredAt}|${eventId}`).toString("base64url");
}

export function decodeTimeCursor(cursor: string): { at: string; eventId: number } {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const m = /^tl:([0-9T:.Z-]{20,30})\|([1-9][0-9]{0,17})$/.exec(raw);
  const at = m ? new Date(m[1]) : null;
  const id = m ? Number(m[2]) : Number.NaN;
  if (!at || Number.isNaN(at.getTime()) || !Number.isSafeInteger(id))
    throw new BatonError("EVENT_CURSOR_INVALID", {});
  return { at: at.toISOString(), eventId: id };
}
