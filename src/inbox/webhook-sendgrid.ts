// SendGrid's signed Event Webhook (issue 35 item 5): a JSON array of events, signed with ECDSA
// P-256 / SHA-256 over the timestamp header followed by the raw body, the signature (base64 DER) in
// X-Twilio-Email-Event-Webhook-Signature and the timestamp in X-Twilio-Email-Event-Webhook-Timestamp
// (SendGrid "Event Webhook Security Features"). The endpoint keeps the verification key SendGrid
// shows; a timestamp older than max_age_s is refused.
// Events: bounce (type bounce | blocked, with bounce_classification), dropped (reason) and
// spamreport. Others (processed, delivered, deferred, open, click, …) are left alone.
import crypto from "node:crypto";
import { BatonError } from "../errors/baton-error.ts";
import {
  angleId,
  type BounceVerdict,
  dateOf,
  HARD,
  lowerAddress,
  type MailEvent,
  objectOf as obj,
  SENDER,
  SOFT,
  statusIn,
  verdictFromText,
  verdictOf,
} from "./mail-event.ts";
import { parseVerificationKey } from "./manage-webhooks.ts";

export const SENDGRID_SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const SENDGRID_TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

/** Throws WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE. */
export function verifySendgrid(
  verificationKey: string,
  signature: string | undefined,
  timestamp: string | undefined,
  rawBody: Buffer,
  now: Date,
  maxAgeS: number,
): void {
  const refuse = (why: string) => new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider: "sendgrid", why });
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp))
    throw refuse("no X-Twilio-Email-Event-Webhook-Signature / -Timestamp");
  let ok = false;
  try {
    ok = crypto.verify(
      "sha256",
      Buffer.concat([Buffer.from(timestamp, "utf8"), rawBody]),
      { key: parseVerificationKey(verificationKey), dsaEncoding: "der" },
      Buffer.from(signature, "base64"),
    );
  } catch {
    ok = false;
  }
  if (!ok) throw refuse("the ECDSA signature does not verify with the endpoint's verification key");
  const ageS = Math.round(now.getTime() / 1000 - Number(timestamp));
  if (Math.abs(ageS) > maxAgeS)
    throw new BatonError("WEBHOOK_TIMESTAMP_STALE", {
      provider: "sendgrid",
      age_s: ageS,
      max_age_s: maxAgeS,
    });
}

const soft = (v: BounceVerdict) => (v.hard ? { ...v, hard: false } : v);

/** SendGrid's bounce classification (Event Webhook reference) in Baton's words. */
export function sendgridVerdict(
  event: string,
  type: string,
  classification: string,
  status: string | null,
  reason: string,
): BounceVerdict {
  const words = verdictFromText(status, reason);
  if (event === "dropped") {
    if (/bounced address|spam reporting address|unsubscribed address/i.test(reason))
      return HARD("suppressed");
    if (/^invalid$/i.test(reason.trim())) return HARD("syntaxerror");
    if (/spam content/i.test(reason)) return SENDER("spamdetected");
    return SENDER("mailererror");
  }
  if (type === "blocked") return words?.senderFault ? words : SENDER("blocked");
  switch (classification) {
    case "Invalid Address":
      return words?.hard ? words : HARD("userunknown");
    case "Mailbox Unavailable":
      return soft(words && !words.senderFault ? words : SOFT("suspend"));
    case "Technical":
      return soft(words ?? SOFT("systemerror"));
    case "Content":
      return SENDER("contenterror");
    case "Reputation":
      return SENDER("badreputation");
    case "Frequency or Volume":
      return SOFT("ratelimited");
    default:
      return verdictOf(status, reason);
  }
}

export function sendgridEvents(body: unknown): { events: MailEvent[]; ignored: number } {
  if (!Array.isArray(body))
    throw new BatonError("WEBHOOK_PAYLOAD_INVALID", { provider: "sendgrid", why: "not an array of events" });
  const events: MailEvent[] = [];
  let ignored = 0;
  for (const raw of body) {
    const e = obj(raw);
    const event = String(e.event ?? "");
    const recipient = lowerAddress(e.email);
    if (!["bounce", "dropped", "spamreport"].includes(event) || !recipient) {
      ignored++;
      continue;
    }
    const id =
      typeof e.sg_event_id === "string" && e.sg_event_id
        ? e.sg_event_id
        : crypto.createHash("sha256").update(JSON.stringify(e)).digest("base64url");
    const base = {
      provider: "sendgrid" as const,
      providerEventId: id,
      recipient,
      originalMessageId: angleId(e["smtp-id"]),
      providerMessageId: typeof e.sg_message_id === "string" ? e.sg_message_id : null,
      at: dateOf(e.timestamp),
    };
    if (event === "spamreport") {
      events.push({ ...base, kind: "complaint", complaint: { recipient, feedbackType: "abuse" } });
      continue;
    }
    const reason = typeof e.reason === "string" ? e.reason.slice(0, 1000) : "";
    const status = statusIn(e.status) ?? statusIn(reason);
    const v = sendgridVerdict(
      event,
      String(e.type ?? "bounce"),
      String(e.bounce_classification ?? ""),
      status,
      reason,
    );
    events.push({
      ...base,
      kind: "bounce",
      bounce: { recipient, status, ...v, diagnostic: reason || null },
    });
  }
  return { events, ignored };
}
