// Stand-ins for Calendly and Cal.com as webhook senders (issue 41 item 2): each builds the delivery
// its documentation describes and signs it as the tool does.
//   Calendly (developer.calendly.com, "Webhook signatures"): Calendly-Webhook-Signature:
//     t=<unix seconds>,v1=<hex HMAC-SHA256(signing_key, "<t>.<body>")>; payloads invitee.created /
//     invitee.canceled with the invitee (uri, email, name, status, tracking, cancellation, rescheduled,
//     old_invitee) and its scheduled_event.
//   Cal.com (cal.com/docs, "Webhooks"): X-Cal-Signature-256: <hex HMAC-SHA256(secret, body)>;
//     triggerEvent BOOKING_CREATED / BOOKING_RESCHEDULED / BOOKING_CANCELLED with the booking
//     (uid, title, startTime, endTime, attendees, organizer, metadata, cancellationReason, rescheduleUid).
import crypto from "node:crypto";

export interface Delivery {
  headers: Record<string, string>;
  body: string;
}

export interface Booking {
  email: string;
  name?: string;
  title?: string;
  start: Date;
  /** the booking link's token (utm_content / metadata[baton]) */
  token?: string;
  id?: string;
}

const hmac = (key: string, data: string) => crypto.createHmac("sha256", key).update(data).digest("hex");

export function calendlyDelivery(
  key: string,
  event: "invitee.created" | "invitee.canceled",
  b: Booking & { rescheduled?: boolean; oldInvitee?: string; reason?: string },
  signedAt: Date = new Date(),
): Delivery {
  const ev = `https://api.calendly.com/scheduled_events/${crypto.randomUUID()}`;
  const body = JSON.stringify({
    created_at: signedAt.toISOString(),
    created_by: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
    event,
    payload: {
      uri: b.id ?? `${ev}/invitees/${crypto.randomUUID()}`,
      email: b.email,
      name: b.name ?? "Invitee",
      status: event === "invitee.created" ? "active" : "canceled",
      timezone: "Europe/Berlin",
      event: ev,
      created_at: signedAt.toISOString(),
      updated_at: signedAt.toISOString(),
      rescheduled: b.rescheduled ?? false,
      old_invitee: b.oldInvitee ?? null,
      new_invitee: null,
      questions_and_answers: [],
      tracking: {
        utm_campaign: null,
        utm_source: null,
        utm_medium: null,
        utm_content: b.token ?? null,
        utm_term: null,
        salesforce_uuid: null,
      },
      cancellation:
        event === "invitee.canceled"
          ? { canceled_by: b.name ?? "Invitee", reason: b.reason ?? null, canceler_type: "invitee" }
          : undefined,
      scheduled_event: {
        uri: ev,
        name: b.title ?? "30 Minute Meeting",
        status: event === "invitee.created" ? "active" : "canceled",
        start_time: b.start.toISOString(),
        end_time: new Date(b.start.getTime() + 30 * 60_000).toISOString(),
        event_type: "https://api.calendly.com/event_types/BBBBBBBBBBBBBBBB",
        event_memberships: [
          { user: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA", user_email: "rep@acme.example" },
        ],
      },
    },
  });
  const t = Math.floor(signedAt.getTime() / 1000);
  return {
    headers: {
      "content-type": "application/json",
      "calendly-webhook-signature": `t=${t},v1=${hmac(key, `${t}.${body}`)}`,
    },
    body,
  };
}

export function calcomDelivery(
  key: string,
  trigger: "BOOKING_CREATED" | "BOOKING_RESCHEDULED" | "BOOKING_CANCELLED",
  b: Booking & { rescheduleUid?: string; reason?: string },
): Delivery {
  const body = JSON.stringify({
    triggerEvent: trigger,
    createdAt: new Date().toISOString(),
    payload: {
      type: "30min",
      title: b.title ?? "30 Min Meeting between Rep and Invitee",
      description: "",
      startTime: b.start.toISOString(),
      endTime: new Date(b.start.getTime() + 30 * 60_000).toISOString(),
      organizer: {
        name: "Rep",
        email: "rep@acme.example",
        timeZone: "Europe/Berlin",
        language: { locale: "en" },
      },
      attendees: [
        { name: b.name ?? "Invitee", email: b.email, timeZone: "Europe/Berlin", language: { locale: "en" } },
      ],
      uid: b.id ?? crypto.randomUUID().replace(/-/g, "").slice(0, 22),
      bookingId: 4242,
      location: "integrations:daily",
      metadata: b.token ? { baton: b.token } : {},
      responses: { name: b.name ?? "Invitee", email: b.email },
      status: trigger === "BOOKING_CANCELLED" ? "CANCELLED" : "ACCEPTED",
      ...(trigger === "BOOKING_CANCELLED" ? { cancellationReason: b.reason ?? null } : {}),
      ...(trigger === "BOOKING_RESCHEDULED" ? { rescheduleUid: b.rescheduleUid } : {}),
    },
  });
  return { headers: { "content-type": "application/json", "x-cal-signature-256": hmac(key, body) }, body };
}
