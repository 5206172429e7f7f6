// Postmark's bounce and spam complaint webhooks (issue 35 item 5). Postmark signs nothing: the
// request proves itself with what the URL carries, as Postmark documents ("Protecting your webhook
// endpoint": Basic credentials in the URL, https://user:password@host/…), and/or a secret last
// path segment. The endpoint keeps either or both (sealed); when both are set, both must match.
// Records: RecordType "Bounce" (Type HardBounce, SoftBounce, Transient, DnsError, SpamNotification,
// Blocked, DMARCPolicy, …) and "SpamComplaint". Delivery, Open, Click, … are left alone.
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
} from "./mail-event.ts";
import type { WebhookSecrets, WebhookSettings } from "./webhook-tables.ts";

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** Throws WEBHOOK_SIGNATURE_INVALID unless the Basic credentials and/or the path token match. */
export function verifyPostmark(
  settings: WebhookSettings,
  secrets: WebhookSecrets,
  authorization: string | undefined,
  pathToken: string | undefined,
): void {
  const refuse = (why: string) => new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider: "postmark", why });
  if (!settings.basic_user && !secrets.path_token) throw refuse("the endpoint has no credentials");
  if (settings.basic_user) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? "");
    const given = m ? Buffer.from(m[1]!, "base64").toString("utf8") : "";
    if (!sameSecret(given, `${settings.basic_user}:${secrets.basic_password ?? ""}`))
      throw refuse("the Basic credentials do not match");
  }
  if (secrets.path_token && !sameSecret(pathToken ?? "", secrets.path_token))
    throw refuse("the URL's path token does not match");
}

const soft = (v: BounceVerdict) => (v.hard ? { ...v, hard: false } : v);

/** Postmark's bounce types (API reference, "Bounce types") in Baton's words; null: not a bounce. */
export function postmarkVerdict(type: string, status: string | null, details: string): BounceVerdict | null {
  const words = verdictFromText(status, details);
  switch (type) {
    case "HardBounce":
      return words?.hard ? words : HARD("userunknown");
    case "BadEmailAddress":
      return HARD("syntaxerror");
    case "AddressChange":
      return HARD("hasmoved");
    case "ManuallyDeactivated":
      return HARD("suppressed");
    case "SoftBounce":
    case "Unknown":
      return soft(words ?? SOFT("undefined"));
    case "Transient":
      return soft(words ?? SOFT("expired"));
    case "DnsError":
      return SOFT("networkerror");
    case "SpamNotification":
      return SENDER("spamdetected");
    case "VirusNotification":
      return SENDER("virusdetected");
    case "Blocked":
      return SENDER("blocked");
    case "DMARCPolicy":
      return SENDER("authfailure");
    case "SMTPApiError":
    case "TemplateRenderingFailed":
      return SENDER("mailererror");
    default:
      // AutoResponder, Subscribe, Unsubscribe, ChallengeVerification, OpenRelayTest, InboundError, …
      return null;
  }
}

/**
 * The original message's Message-ID: from the message's metadata (X-PM-Metadata-baton-message-id),
 * else the last Message-ID header in the bounce's raw Content (the returned original's headers come
 * after the bounce's own), when the webhook includes it.
 */
export function postmarkOriginalId(p: Record<string, unknown>): string | null {
  const meta = obj(p.Metadata);
  const fromMeta = angleId(meta["baton-message-id"] ?? meta.baton_message_id);
  if (fromMeta) return fromMeta;
  if (typeof p.Content !== "string") return null;
  const all = [...p.Content.matchAll(/^Message-ID:\s*(<[^>\s]+>)/gim)];
  return all.length > 0 ? angleId(all[all.length - 1]![1]) : null;
}

export function postmarkEvents(body: unknown): { events: MailEvent[]; ignored: number } {
  const p = obj(body);
  const recordType = String(p.RecordType ?? "");
  const type = String(p.Type ?? "");
  const recipient = lowerAddress(p.Email);
  if (!recordType || p.ID === undefined)
    throw new BatonError("WEBHOOK_PAYLOAD_INVALID", { provider: "postmark", why: "no RecordType or ID" });
  if ((recordType !== "Bounce" && recordType !== "SpamComplaint") || !recipient)
    return { events: [], ignored: 1 };
  const base = {
    provider: "postmark" as const,
    providerEventId: `${recordType}:${String(p.ID)}`,
    recipient,
    originalMessageId: postmarkOriginalId(p),
    providerMessageId: typeof p.MessageID === "string" ? p.MessageID : null,
    at: dateOf(p.BouncedAt),
  };
  if (recordType === "SpamComplaint" || type === "SpamComplaint")
    return {
      events: [{ ...base, kind: "complaint", complaint: { recipient, feedbackType: "abuse" } }],
      ignored: 0,
    };
  const details = [p.Description, p.Details]
    .filter((x) => typeof x === "string" && x)
    .join(" ")
    .slice(0, 1000);
  const status = statusIn(p.Details) ?? statusIn(details);
  const v = postmarkVerdict(type, status, details);
  if (!v) return { events: [], ignored: 1 };
  return {
    events: [{ ...base, kind: "bounce", bounce: { recipient, status, ...v, diagnostic: details || null } }],
    ignored: 0,
  };
}
