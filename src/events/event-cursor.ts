// The event log's cursors over the shared codec (db/page-cursor.ts, issue 58): keyset over event_id
// for the log (newest first: the next page holds ids below the cursor), and over (occurred_at,
// event_id) for a contact's timeline, oldest first by the time it happened. Bound to the tenant
// (and the timeline to its contact); a cursor these lists did not make is EVENT_CURSOR_INVALID, the
// code the event-log queries have always answered.

import { decodePageCursor, encodePageCursor, type KeyPart, type KeyValues } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";

/** decodePageCursor, refusing with EVENT_CURSOR_INVALID (the event log's and notifications' code). */
export function decodeEventListCursor<const P extends readonly KeyPart[]>(
  list: string,
  tenant: string,
  cursor: string,
  parts: P,
): KeyValues<P> {
  try {
    return decodePageCursor(list, tenant, cursor, parts) as KeyValues<P>;
  } catch {
    throw new BatonError("EVENT_CURSOR_INVALID", {});
  }
}

export function encodeCursor(tenant: string, eventId: number): string {
  return encodePageCursor("events", tenant, [eventId]);
}

export function decodeCursor(tenant: string, cursor: string): number {
  const [id] = decodeEventListCursor("events", tenant, cursor, ["int"]);
  if (id < 1) throw new BatonError("EVENT_CURSOR_INVALID", {});
  return id;
}

/** The timeline's cursor: the last event's occurred_at (with its microseconds, cursorTime) and event_id. */
export function encodeTimeCursor(
  tenant: string,
  contactId: string,
  occurredAt: string,
  eventId: number,
): string {
  return encodePageCursor(`timeline:${contactId}`, tenant, [occurredAt, eventId]);
}

export function decodeTimeCursor(
  tenant: string,
  contactId: string,
  cursor: string,
): { at: string; eventId: number } {
  const [at, eventId] = decodeEventListCursor(`timeline:${contactId}`, tenant, cursor, ["time", "int"]);
  return { at, eventId };
}
