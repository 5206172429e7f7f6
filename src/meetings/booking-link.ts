// A sender's booking link as a merge field (issue 41 item 2): the sender's Calendly or Cal.com page,
// with a token that names the contact it was sent to, so a booking is matched to that contact even
// when the invitee books with another address. Calendly carries utm_content through to the
// invitee's `tracking`; Cal.com keeps `metadata[...]` query parameters in the booking's metadata.
// The token is an HMAC per tenant (as the VERP return path is): it cannot be forged or moved.
import crypto from "node:crypto";
import { BatonError } from "../errors/baton-error.ts";

const PREFIX = "bt1";
export const CALCOM_METADATA_KEY = "baton";

function mac(secret: string, clientId: string, contactId: string): string {
  return crypto
    .createHmac("sha256", secret)
    .update(`booking-link\u0000${clientId}\u0000${contactId}`)
    .digest("base64url")
    .slice(0, 16);
}

const hex = (id: string) => id.replace(/-/g, "");
const uuid = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

export function bookingToken(secret: string, clientId: string, contactId: string): string {
  return `${PREFIX}.${Buffer.from(hex(contactId), "hex").toString("base64url")}.${mac(secret, clientId, contactId)}`;
}

/** The contact a token names, or null when it is not one of this tenant's tokens. */
export function readBookingToken(
  secret: string,
  clientId: string,
  token: string | null | undefined,
): string | null {
  const m = /^bt1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{16})$/.exec(token?.trim() ?? "");
  if (!m) return null;
  const contactId = uuid(Buffer.from(m[1], "base64url").toString("hex"));
  const want = Buffer.from(mac(secret, clientId, contactId));
  const got = Buffer.from(m[2]);
  return want.length === got.length && crypto.timingSafeEqual(want, got) ? contactId : null;
}

/** Which tool a booking page belongs to, from its host. */
export function bookingProvider(url: string): "calendly" | "calcom" | null {
  const host = new URL(url).hostname;
  if (host === "calendly.com" || host.endsWith(".calendly.com")) return "calendly";
  if (host === "cal.com" || host.endsWith(".cal.com")) return "calcom";
  return null;
}

/** Refuses what is not an https scheduling page (BOOKING_URL_INVALID). */
export function validBookingUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new BatonError("BOOKING_URL_INVALID", { why: "not a URL" });
  }
  if (url.protocol !== "https:") throw new BatonError("BOOKING_URL_INVALID", { why: "it must be https" });
  if (url.username || url.password)
    throw new BatonError("BOOKING_URL_INVALID", { why: "it carries credentials" });
  if (url.href.length > 500)
    throw new BatonError("BOOKING_URL_INVALID", { why: "longer than 500 characters" });
  return url.href;
}

/**
 * The link a contact receives: the page, with the contact's token where the tool carries it back
 * (Calendly utm_content; Cal.com metadata[baton]; another self-hosted tool gets both).
 */
export function bookingLinkFor(
  bookingUrl: string,
  secret: string,
  clientId: string,
  contactId: string,
): string {
  const url = new URL(bookingUrl);
  const token = bookingToken(secret, clientId, contactId);
  const provider = bookingProvider(bookingUrl);
  if (provider !== "calcom") url.searchParams.set("utm_content", token);
  if (provider !== "calendly") url.searchParams.set(`metadata[${CALCOM_METADATA_KEY}]`, token);
  return url.href;
}

/**
 * `{{sender.booking_link}}` for one contact: null when the sender has no booking page or the engine
 * has no secret to sign with (the draft then shows [sender.booking_link] and waits for a person).
 */
export function senderBookingLink(
  bookingUrl: string | null | undefined,
  secret: string | undefined,
  clientId: string,
  contactId: string,
): string | null {
  return bookingUrl && secret ? bookingLinkFor(bookingUrl, secret, clientId, contactId) : null;
}
