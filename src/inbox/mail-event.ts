// One bounce or complaint as a provider reports it, in Baton's words (issue 35 item 5): what the
// provider's own types and subtypes mean, mapped to the reasons, hard flag and sender fault of
// BounceInfo (classify-mail.ts), so a webhook's bounce takes the same path as a DSN read by IMAP.
import type { BounceInfo, ComplaintInfo } from "./classify-mail.ts";
import type { WebhookProvider } from "./webhook-tables.ts";

interface MailEventBase {
  provider: WebhookProvider;
  /** the provider's id of this event (per recipient): a retry or replay of it changes nothing */
  providerEventId: string;
  /** the address the event is about (lower case) */
  recipient: string;
  /** the Message-ID header of our original message, as the provider reports it ("<id>") */
  originalMessageId: string | null;
  /** the provider's own id of the message */
  providerMessageId: string | null;
  /** when the provider says it happened */
  at: Date | null;
}

export type MailEvent =
  | (MailEventBase & { kind: "bounce"; bounce: BounceInfo })
  | (MailEventBase & { kind: "complaint"; complaint: ComplaintInfo });

export interface BounceVerdict {
  reason: string;
  hard: boolean;
  senderFault: boolean;
}

const HARD = (reason: string): BounceVerdict => ({ reason, hard: true, senderFault: false });
const SOFT = (reason: string): BounceVerdict => ({ reason, hard: false, senderFault: false });
const SENDER = (reason: string): BounceVerdict => ({ reason, hard: false, senderFault: true });

// Sender-side policy first: a 5.x.x "blocked for spam" says nothing about the recipient's address.
const RULES: [RegExp, BounceVerdict][] = [
  [/\b(dmarc|spf|dkim)\b|authenticat(ion|e) (fail|requir)|5\.7\.(2[3-7]|1[5-9])\b/i, SENDER("authfailure")],
  [/virus|malware|infected/i, SENDER("virusdetected")],
  [/\bspam\b|junk|bulk mail|unsolicited|5\.7\.1\b.*content/i, SENDER("spamdetected")],
  [
    /reputation|block ?list|black ?list|spamhaus|barracuda|\brbl\b|listed (at|on|in)|poor sender/i,
    SENDER("badreputation"),
  ],
  [/reverse dns|\bptr\b|rdns/i, SENDER("requireptr")],
  [
    /blocked|denied|refused by policy|policy (violation|reasons|rejection)|not authorized to send|access denied/i,
    SENDER("blocked"),
  ],
  [
    /too many (connections|messages|recipients)|rate limit|throttl|try again later|temporarily deferred|4\.7\.0\b/i,
    SOFT("ratelimited"),
  ],
  [
    /mailbox (is )?full|over ?quota|quota exceeded|insufficient (storage|space)|5\.2\.2\b|4\.2\.2\b/i,
    SOFT("mailboxfull"),
  ],
  [/disabled|suspended|inactive|deactivated|5\.2\.1\b/i, SOFT("suspend")],
  [
    /(user|recipient|mailbox|address|account)( name)? (unknown|not found|does not exist|doesn't exist|unavailable|invalid)|no such (user|mailbox|recipient)|unknown (user|recipient|mailbox)|invalid recipient|5\.1\.[1-3]\b|5\.1\.10\b/i,
    HARD("userunknown"),
  ],
  [
    /host (or domain )?(not found|unknown)|domain (not found|does not exist)|no mx|nxdomain|5\.1\.2\b|5\.4\.4\b/i,
    HARD("hostunknown"),
  ],
  [/has moved|no longer (with|at)|5\.1\.6\b/i, HARD("hasmoved")],
  [/message (is )?too (large|big)|size limit|5\.3\.4\b|5\.2\.3\b/i, SENDER("mesgtoobig")],
  [/timed? ?out|connection (refused|reset|lost)|network|4\.4\.\d\b/i, SOFT("networkerror")],
  [/expired|too long|retry timeout|4\.4\.7\b/i, SOFT("expired")],
];

/** What a bounce's status code and diagnostic words say, when the provider's own type does not. */
export function verdictFromText(status: string | null, diagnostic: string | null): BounceVerdict | null {
  const text = `${status ?? ""} ${diagnostic ?? ""}`;
  for (const [re, v] of RULES) if (re.test(text)) return v;
  return null;
}

/** The verdict from words, else from the status class: 5.x.x hard ("rejected"), anything else soft. */
export function verdictOf(status: string | null, diagnostic: string | null): BounceVerdict {
  return (
    verdictFromText(status, diagnostic) ?? (status?.startsWith("5") ? HARD("rejected") : SOFT("undefined"))
  );
}

export { HARD, SENDER, SOFT };

/** "<id>" whatever form the provider gives it in; null for nothing. */
export function angleId(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const bare = id.trim().replace(/^<|>$/g, "");
  return bare ? `<${bare}>` : null;
}

/** An RFC 3463 status inside a text ("smtp; 550 5.1.1 user unknown" → "5.1.1"). */
export function statusIn(text: unknown): string | null {
  if (typeof text !== "string") return null;
  return /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null;
}

export function dateOf(v: unknown): Date | null {
  if (typeof v === "number" && Number.isFinite(v)) return new Date(v * 1000);
  if (typeof v !== "string") return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function lowerAddress(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(v) ?? /(?<![^\s<>"])([^\s<>"]+@[^\s<>"]+)/.exec(v);
  return m ? m[1]!.toLowerCase() : null;
}

/** A JSON value as an object (a provider's payload field), or {} when it is none. */
export const objectOf = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
