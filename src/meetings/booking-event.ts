// What Calendly and Cal.com post (issue 41 item 2), proved and read into one shape. Both sign with
// HMAC-SHA256 and the endpoint's key:
//   Calendly  Calendly-Webhook-Signature: t=<unix s>,v1=<hex of HMAC(key, "<t>.<raw body>")>; a
//             delivery older than the endpoint's max_age_s is refused (a replay).
//   Cal.com   X-Cal-Signature-256: <hex of HMAC(key, raw body)>; no timestamp is signed, so a replay
//             is caught by the booking's id instead (one row per booking, meetings' unique key).
// Payloads: Calendly's invitee.created / invitee.canceled (payload: uri, email, name, scheduled_event,
// cancellation, tracking.utm_content, rescheduled); Cal.com's BOOKING_CREATED / BOOKING_RESCHEDULED /
// BOOKING_CANCELLED (payload: uid, title, startTime, endTime, attendees[], metadata, cancellationReason,
// rescheduleUid). Anything else is ignored, never guessed at.
import crypto from "node:crypto";
import { BatonError } from "../errors/baton-error.ts";
import { CALCOM_METADATA_KEY } from "./booking-link.ts";
import type { MeetingProvider } from "./tables.ts";

export const CALENDLY_SIGNATURE_HEADER = "calendly-webhook-signature";
export const CALCOM_SIGNATURE_HEADER = "x-cal-signature-256";

export interface BookingEvent {
  provider: MeetingProvider;
  kind: "booked" | "cancelled";
  /** the provider's id of the booking: Calendly's invitee URI, Cal.com's booking uid */
  bookingId: string;
  /** a reschedule: the booking this one replaces (cancelled as `rescheduled`, not reported) */
  replaces: string | null;
  /** a cancellation that is half of a reschedule (Calendly posts canceled, then created) */
  rescheduled: boolean;
  inviteeEmail: string;
  inviteeName: string | null;
  title: string | null;
  startAt: Date | null;
  endAt: Date | null;
  /** the token of the contact's booking link, if the booking carried one */
  token: string | null;
  cancelReason: string | null;
  occurredAt: Date | null;
}

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function hmacHex(key: string, data: Buffer): Buffer {
  return crypto.createHmac("sha256", key).update(data).digest();
}

function sameHex(expected: Buffer, hexGiven: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hexGiven)) return false;
  return crypto.timingSafeEqual(expected, Buffer.from(hexGiven, "hex"));
}

const refuse = (provider: MeetingProvider, why: string): never => {
  throw new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider, why });
};

/** Throws WEBHOOK_SIGNATURE_INVALID or WEBHOOK_TIMESTAMP_STALE unless the delivery is the provider's. */
export function verifyBookingSignature(
  provider: MeetingProvider,
  key: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  now: Date,
  maxAgeS: number,
): void {
  if (provider === "calcom") {
    const sig = header(headers, CALCOM_SIGNATURE_HEADER);
    if (!sig) refuse(provider, `no ${CALCOM_SIGNATURE_HEADER} header`);
    if (!sameHex(hmacHex(key, rawBody), sig!.trim())) refuse(provider, "the HMAC does not match the body");
    return;
  }
  const sig = header(headers, CALENDLY_SIGNATURE_HEADER);
  if (!sig) refuse(provider, `no ${CALENDLY_SIGNATURE_HEADER} header`);
  const parts = new Map(
    sig!.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = parts.get("t");
  const v1 = parts.get("v1");
  if (!t || !/^\d{1,12}$/.test(t) || !v1) refuse(provider, "the header lacks t= or v1=");
  const signed = Buffer.concat([Buffer.from(`${t}.`), rawBody]);
  if (!sameHex(hmacHex(key, signed), v1!)) refuse(provider, "the HMAC does not match the body");
  const ageS = Math.round(now.getTime() / 1000 - Number(t));
  if (Math.abs(ageS) > maxAgeS)
    throw new BatonError("WEBHOOK_TIMESTAMP_STALE", { provider, age_s: ageS, max_age_s: maxAgeS });
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj | null =>
  typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Obj) : null;
const str = (x: unknown): string | null => (typeof x === "string" && x.length > 0 ? x : null);
const date = (x: unknown): Date | null => {
  const s = str(x);
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};
const invalid = (provider: MeetingProvider, why: string): never => {
  throw new BatonError("MEETING_PAYLOAD_INVALID", { provider, why });
};

/** The booking a verified delivery reports; null for an event kind Baton does not act on. */
export function readBookingEvent(provider: MeetingProvider, rawBody: Buffer): BookingEvent | null {
  let body: Obj | null;
  try {
    body = obj(JSON.parse(rawBody.toString("utf8")));
  } catch {
    return invalid(provider, "the body is not JSON");
  }
  if (!body) return invalid(provider, "the body is not a JSON object");
  const p = obj(body.payload);
  if (!p) return invalid(provider, "no payload object");
  if (provider === "calendly") {
    const kind =
      body.event === "invitee.created" ? "booked" : body.event === "invitee.canceled" ? "cancelled" : null;
    if (!kind) return null;
    const uri = str(p.uri);
    const email = str(p.email);
    if (!uri || !email) return invalid(provider, "the invitee has no uri or email");
    const ev = obj(p.scheduled_event);
    return {
      provider,
      kind,
      bookingId: uri,
      replaces: kind === "booked" ? str(p.old_invitee) : null,
      rescheduled: kind === "cancelled" && p.rescheduled === true,
      inviteeEmail: email,
      inviteeName: str(p.name),
      title: str(ev?.name),
      startAt: date(ev?.start_time),
      endAt: date(ev?.end_time),
      token: str(obj(p.tracking)?.utm_content),
      cancelReason: str(obj(p.cancellation)?.reason),
      occurredAt: date(body.created_at),
    };
  }
  const trigger = str(body.triggerEvent);
  const kind =
    trigger === "BOOKING_CREATED" || trigger === "BOOKING_RESCHEDULED"
      ? "booked"
      : trigger === "BOOKING_CANCELLED"
        ? "cancelled"
        : null;
  if (!kind) return null;
  const uid = str(p.uid);
  const attendee = Array.isArray(p.attendees) ? obj(p.attendees[0]) : null;
  const email = str(attendee?.email);
  if (!uid || !email) return invalid(provider, "the booking has no uid or attendee email");
  return {
    provider,
    kind,
    bookingId: uid,
    replaces: trigger === "BOOKING_RESCHEDULED" ? str(p.rescheduleUid) : null,
    rescheduled: false,
    inviteeEmail: email,
    inviteeName: str(attendee?.name),
    title: str(p.title),
    startAt: date(p.startTime),
    endAt: date(p.endTime),
    token: str(obj(p.metadata)?.[CALCOM_METADATA_KEY]),
    cancelReason: str(p.cancellationReason),
    occurredAt: date(body.createdAt),
  };
}
