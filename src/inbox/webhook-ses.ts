// Amazon SES bounce and complaint notifications, delivered by Amazon SNS over HTTPS (issue 35
// item 5). SNS signs every message (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) with the key
// of the X.509 certificate at SigningCertURL; the string signed is the message's fields as
// "Name\nvalue\n" in the order AWS documents ("Verifying the signatures of Amazon SNS messages").
// Anyone can create an SNS topic, so a valid signature proves only that SNS sent it: the topic must
// also be one the endpoint names (topic_arns). Before anything is fetched:
//   - the topic is checked, and the certificate's URL must be https on sns.<region>.amazonaws.com
//     (the topic's region) and end in .pem; the certificate is cached by URL;
//   - a SubscriptionConfirmation's SubscribeURL is called only when its signature verifies and the
//     URL's host is that same SNS host.
// The transport (which URLs may be fetched, and how) is injectable so tests sign with a stand-in.
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

export interface SnsTransport {
  /** may this URL (a SigningCertURL or a SubscribeURL) be fetched for a topic in this region */
  allowed(url: URL, region: string): boolean;
  get(url: string): Promise<{ status: number; body: string }>;
}

export const defaultSnsTransport: SnsTransport = {
  allowed(url, region) {
    const host = region.startsWith("cn-") ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`;
    return url.protocol === "https:" && url.hostname === host && url.port === "" && url.username === "";
  },
  async get(url) {
    const r = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(10_000) });
    return { status: r.status, body: await r.text() };
  },
};

export interface SnsMessage {
  Type: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  SubscribeURL?: string;
  Token?: string;
}

const FIELDS = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: [
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
  ],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
} as const;

/** The bytes SNS signs: each present field as "Name\nvalue\n", in AWS's order. */
export function snsStringToSign(m: SnsMessage): string {
  let s = "";
  for (const f of FIELDS[m.Type]) {
    const v = (m as unknown as Record<string, unknown>)[f];
    if (v === undefined || v === null) continue;
    s += `${f}\n${String(v)}\n`;
  }
  return s;
}

const refuse = (why: string) => new BatonError("WEBHOOK_SOURCE_REFUSED", { why });
const invalidSig = (why: string) => new BatonError("WEBHOOK_SIGNATURE_INVALID", { provider: "ses", why });

/** Shape check of the SNS envelope; throws WEBHOOK_PAYLOAD_INVALID. */
export function snsMessageOf(body: unknown): SnsMessage {
  const m = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const str = (k: string) => typeof m[k] === "string";
  const ok =
    (m.Type === "Notification" ||
      m.Type === "SubscriptionConfirmation" ||
      m.Type === "UnsubscribeConfirmation") &&
    [
      "MessageId",
      "TopicArn",
      "Message",
      "Timestamp",
      "SignatureVersion",
      "Signature",
      "SigningCertURL",
    ].every(str) &&
    (m.Type === "Notification" || (str("SubscribeURL") && str("Token")));
  if (!ok) throw new BatonError("WEBHOOK_PAYLOAD_INVALID", { provider: "ses", why: "not an SNS message" });
  return m as unknown as SnsMessage;
}

export function regionOf(topicArn: string): string {
  return topicArn.split(":")[3] ?? "";
}

const CERT_TTL_MS = 24 * 3_600_000;
const certs = new Map<string, { key: crypto.KeyObject; until: number }>();

async function signingKey(transport: SnsTransport, url: string, nowMs: number): Promise<crypto.KeyObject> {
  const hit = certs.get(url);
  if (hit && hit.until > nowMs) return hit.key;
  let r: { status: number; body: string };
  try {
    r = await transport.get(url);
  } catch {
    throw invalidSig("the signing certificate could not be fetched");
  }
  if (r.status !== 200) throw invalidSig(`the signing certificate answered ${r.status}`);
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(r.body);
  } catch {
    throw invalidSig("the signing certificate is not a certificate");
  }
  if (certs.size >= 100) certs.delete(certs.keys().next().value as string);
  certs.set(url, { key, until: nowMs + CERT_TTL_MS });
  return key;
}

/**
 * Throws unless the message comes from a configured topic and its signature verifies against a
 * certificate from that topic's SNS host.
 */
export async function verifySns(
  m: SnsMessage,
  topicArns: readonly string[],
  transport: SnsTransport,
  now: Date,
): Promise<void> {
  if (!topicArns.includes(m.TopicArn)) throw refuse(`topic ${m.TopicArn.slice(0, 200)} is not configured`);
  const region = regionOf(m.TopicArn);
  let certUrl: URL;
  try {
    certUrl = new URL(m.SigningCertURL);
  } catch {
    throw refuse("SigningCertURL is not a URL");
  }
  if (!transport.allowed(certUrl, region) || !certUrl.pathname.endsWith(".pem"))
    throw refuse(`the signing certificate is not an https .pem from sns.${region}.amazonaws.com`);
  const algorithm = m.SignatureVersion === "1" ? "sha1" : m.SignatureVersion === "2" ? "sha256" : null;
  if (!algorithm)
    throw invalidSig(`SignatureVersion ${String(m.SignatureVersion).slice(0, 8)} is not 1 or 2`);
  const key = await signingKey(transport, certUrl.href, now.getTime());
  const ok = crypto.verify(
    algorithm,
    Buffer.from(snsStringToSign(m), "utf8"),
    key,
    Buffer.from(m.Signature, "base64"),
  );
  if (!ok) throw invalidSig("the SNS signature does not verify");
}

/** Calls a verified SubscriptionConfirmation's SubscribeURL (on the topic's SNS host only). */
export async function confirmSubscription(m: SnsMessage, transport: SnsTransport): Promise<void> {
  let url: URL;
  try {
    url = new URL(m.SubscribeURL ?? "");
  } catch {
    throw refuse("SubscribeURL is not a URL");
  }
  if (!transport.allowed(url, regionOf(m.TopicArn)))
    throw refuse(`SubscribeURL is not on sns.${regionOf(m.TopicArn)}.amazonaws.com`);
  const r = await transport.get(url.href).catch(() => ({ status: 0, body: "" }));
  if (r.status !== 200) throw new BatonError("WEBHOOK_SUBSCRIBE_FAILED", { status: r.status || "no answer" });
}

/** SES bounce types and subtypes (SES Developer Guide, "Bounce types") in Baton's words. */
export function sesVerdict(
  type: string,
  subType: string,
  status: string | null,
  diagnostic: string | null,
): BounceVerdict {
  const words = verdictFromText(status, diagnostic);
  const soft = (v: BounceVerdict) => (v.hard ? { ...v, hard: false } : v);
  if (type === "Permanent") {
    switch (subType) {
      case "NoEmail":
        return HARD("userunknown");
      case "Suppressed":
      case "OnAccountSuppressionList":
        return HARD("suppressed");
      default:
        // "remove the recipient's address", unless the words say the fault is the sender's
        return words?.senderFault ? words : HARD(words?.hard ? words.reason : "userunknown");
    }
  }
  if (type === "Transient") {
    switch (subType) {
      case "MailboxFull":
        return SOFT("mailboxfull");
      case "MessageTooLarge":
        return SENDER("mesgtoobig");
      case "ContentRejected":
      case "AttachmentRejected":
        return SENDER("contenterror");
      default:
        return soft(words ?? SOFT("undefined"));
    }
  }
  return soft(words ?? SOFT("undefined")); // Undetermined
}

/** The bounces and complaints in a verified SNS Notification's SES message. */
export function sesEvents(m: SnsMessage): { events: MailEvent[]; ignored: number } {
  let n: Record<string, unknown>;
  try {
    n = obj(JSON.parse(m.Message));
  } catch {
    return { events: [], ignored: 1 };
  }
  const type = String(n.notificationType ?? n.eventType ?? "");
  const mail = obj(n.mail);
  const headers = Array.isArray(mail.headers) ? (mail.headers as { name?: unknown; value?: unknown }[]) : [];
  const fromHeaders = headers.find(
    (h) => typeof h.name === "string" && h.name.toLowerCase() === "message-id",
  )?.value;
  const originalMessageId = angleId(obj(mail.commonHeaders).messageId) ?? angleId(fromHeaders);
  const providerMessageId = typeof mail.messageId === "string" ? mail.messageId : null;
  const events: MailEvent[] = [];
  if (type === "Bounce") {
    const b = obj(n.bounce);
    const id = typeof b.feedbackId === "string" ? b.feedbackId : m.MessageId;
    for (const r of Array.isArray(b.bouncedRecipients) ? b.bouncedRecipients : []) {
      const rr = obj(r);
      const recipient = lowerAddress(rr.emailAddress);
      if (!recipient) continue;
      const diagnostic = typeof rr.diagnosticCode === "string" ? rr.diagnosticCode.slice(0, 1000) : null;
      const status = (typeof rr.status === "string" && statusIn(rr.status)) || statusIn(diagnostic);
      const v = sesVerdict(String(b.bounceType ?? ""), String(b.bounceSubType ?? ""), status, diagnostic);
      events.push({
        provider: "ses",
        providerEventId: `${id}:${recipient}`,
        recipient,
        originalMessageId,
        providerMessageId,
        at: dateOf(b.timestamp),
        kind: "bounce",
        bounce: { recipient, status, ...v, diagnostic },
      });
    }
    return { events, ignored: 0 };
  }
  if (type === "Complaint") {
    const c = obj(n.complaint);
    const id = typeof c.feedbackId === "string" ? c.feedbackId : m.MessageId;
    const feedbackType = typeof c.complaintFeedbackType === "string" ? c.complaintFeedbackType : "abuse";
    for (const r of Array.isArray(c.complainedRecipients) ? c.complainedRecipients : []) {
      const recipient = lowerAddress(obj(r).emailAddress);
      if (!recipient) continue;
      events.push({
        provider: "ses",
        providerEventId: `${id}:${recipient}`,
        recipient,
        originalMessageId,
        providerMessageId,
        at: dateOf(c.timestamp),
        kind: "complaint",
        complaint: { recipient, feedbackType },
      });
    }
    return { events, ignored: 0 };
  }
  return { events: [], ignored: 1 }; // Delivery, Send, Open, …: not a bounce
}
