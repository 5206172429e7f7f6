// Mailgun's webhooks (issue 35 item 5): JSON { signature: {timestamp, token, signature},
// "event-data": {...} }. The signature is hex HMAC-SHA256 of timestamp + token under the domain's
// HTTP webhook signing key (Mailgun "Securing Webhooks"). A timestamp older than max_age_s is
// refused, and the caller refuses a token it has seen (a replay within the window).
// Events: "failed" (severity permanent | temporary, with a reason and delivery-status) and
// "complained". Everything else (delivered, opened, …) is not a bounce and is left alone.
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
  verdictOf,
} from "./mail-event.ts";

export interface MailgunSignature {
  timestamp: string;
  token: string;
}

export function signMailgun(signingKey: string, timestamp: string, token: string): string {
  return crypto
    .createHmac("sha256", signingKey)
    .update(timestamp + token)
    .digest("hex");
}

/** Throws WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE; returns the token to check for replays. */
export function verifyMailgun(
  body: unknown,
  signingKey: string,
  now: Date,
  maxAgeS: number,
): MailgunSignature {
  const s = obj(obj(body).signature);
  const timestamp = String(s.timestamp ?? "");
  const token = typeof s.token === "string" ? s.token : "";
  const signature = typeof s.signature === "string" ? s.signature : "";
  const refuse = (why: string) => new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider: "mailgun", why });
  if (!/^\d{1,12}$/.test(timestamp) || !token || token.length > 200 || !/^[0-9a-f]{64}$/i.test(signature))
    throw refuse("no signature (timestamp, token, signature)");
  const expected = Buffer.from(signMailgun(signingKey, timestamp, token), "hex");
  if (!crypto.timingSafeEqual(expected, Buffer.from(signature, "hex")))
    throw refuse("the HMAC does not match the signing key");
  const ageS = Math.round(now.getTime() / 1000 - Number(timestamp));
  if (Math.abs(ageS) > maxAgeS)
    throw new BatonError("WEBHOOK_TIMESTAMP_STALE", { provider: "mailgun", age_s: ageS, max_age_s: maxAgeS });
  return { timestamp, token };
}

function verdictOfFailure(
  reason: string,
  severity: string,
  status: string | null,
  words: string,
): BounceVerdict {
  let v: BounceVerdict;
  switch (reason) {
    case "suppress-bounce":
    case "suppress-complaint":
    case "suppress-unsubscribe":
      // Mailgun did not try: the address is on its suppression list (it bounced or complained before)
      v = HARD("suppressed");
      break;
    case "old":
      v = SOFT("expired");
      break;
    case "espblock":
      v = SENDER("blocked");
      break;
    default:
      v = verdictOf(status, words);
  }
  // a temporary failure is never the end of the address
  return severity === "temporary" && v.hard ? { ...v, hard: false } : v;
}

/** The bounces and complaints in one webhook body; `ignored` counts the other events. */
export function mailgunEvents(body: unknown): { events: MailEvent[]; ignored: number } {
  const e = obj(obj(body)["event-data"]);
  const event = typeof e.event === "string" ? e.event : "";
  const id = typeof e.id === "string" ? e.id : "";
  const recipient = lowerAddress(e.recipient);
  if (!event || !id)
    throw new BatonError("WEBHOOK_PAYLOAD_INVALID", {
      provider: "mailgun",
      why: "no event-data.event or id",
    });
  if ((event !== "failed" && event !== "complained") || !recipient) return { events: [], ignored: 1 };
  const headers = obj(obj(e.message).headers);
  const base = {
    provider: "mailgun" as const,
    providerEventId: id,
    recipient,
    originalMessageId: angleId(headers["message-id"]),
    providerMessageId: angleId(headers["message-id"]),
    at: dateOf(e.timestamp),
  };
  if (event === "complained") {
    return {
      events: [{ ...base, kind: "complaint", complaint: { recipient, feedbackType: "abuse" } }],
      ignored: 0,
    };
  }
  const ds = obj(e["delivery-status"]);
  const words = [ds.message, ds.description].filter((x) => typeof x === "string" && x).join(" ");
  const code = typeof ds.code === "number" || typeof ds.code === "string" ? String(ds.code) : "";
  const status =
    (typeof ds["enhanced-code"] === "string" && ds["enhanced-code"]) ||
    statusIn(words) ||
    (/^[45]\d\d$/.test(code) ? `${code[0]}.0.0` : null);
  const v = verdictOfFailure(String(e.reason ?? ""), String(e.severity ?? ""), status, words);
  return {
    events: [
      {
        ...base,
        kind: "bounce",
        bounce: {
          recipient,
          status,
          ...v,
          diagnostic: [code, words].filter(Boolean).join(" ").slice(0, 500) || null,
        },
      },
    ],
    ignored: 0,
  };
}
