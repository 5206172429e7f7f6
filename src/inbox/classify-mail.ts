// What one raw inbound message is (pure), as `baton mail classify` prints it and ingestion acts on it:
// a person's reply, an automatic reply (RFC 3834 or words), a bounce (with or without an RFC 3464
// report), a spam complaint (ARF, RFC 5965), a delivery report that is not a failure, a
// challenge-response ("verify you are human"), or other (a read receipt).
// A bounce says whether it is hard (the address is dead), soft (try again later) or the sender's
// fault (policy, reputation, content: the address is kept, the sending mailbox gets a flag).
// The order matters: reports first (a bounce often carries Auto-Submitted), then complaints,
// challenges (before plain-text bounces, whose words they share), plain-text bounces, automatic
// replies (headers, then words); the rest is a reply.
import { classifyReply, decidesAlone, detectLanguage, REPLY_READ_LIMIT } from "../replies/index.ts";
import { judgeBounce } from "./bounce/bounce-reasons.ts";
import { isOwnAddress, ownAddressesOf } from "./bounce/own-addresses.ts";
import { readFeedback } from "./bounce/read-feedback.ts";
import { readSesNotification } from "./bounce/read-ses-notification.ts";
import {
  diagnosticFrom,
  isDaemonSender,
  readTextBounce,
  reportPart,
  statusOf,
} from "./bounce/read-text-bounce.ts";
import type { DsnRecipient } from "./delivery-status.ts";
import type { InboundMessage } from "./parse-inbound.ts";
import { autoReplyByHeaders, autoReplyWords, isChallenge } from "./read-auto-reply.ts";

export const MAIL_KINDS = [
  "reply",
  "auto_reply",
  "bounce",
  "complaint",
  "delivery_report",
  "challenge",
  "other",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface BounceInfo {
  /** the address that bounced (lower case), when the message names it */
  recipient: string | null;
  /** RFC 3463 enhanced status, e.g. "5.1.1"; null when none could be read */
  status: string | null;
  /** why, in Sisimai's vocabulary: userunknown, hostunknown, mailboxfull, blocked, policyviolation, … */
  reason: string;
  /** the address is dead: suppress it at once */
  hard: boolean;
  /** the fault is the sender's (blocked, DMARC/SPF, reputation, spam, content, virus, PTR): keep the
   *  address, flag the sending mailbox with the reason */
  senderFault: boolean;
  diagnostic: string | null;
  /** the DSN's Action (failed, delayed) when the bounce came as a report */
  action?: string | null;
}

export interface ComplaintInfo {
  /** the complainant's address (the original recipient), lower case */
  recipient: string | null;
  /** ARF Feedback-Type: abuse, fraud, virus, other, not-spam … */
  feedbackType: string;
}

export interface MailClass {
  kind: MailKind;
  bounce?: BounceInfo;
  /** every failed recipient the bounce names (the first is `bounce`) */
  bounces?: BounceInfo[];
  complaint?: ComplaintInfo;
  /** Message-ID ("<id>") of our original message, when a report (DSN, ARF) or quoted part carries it */
  originalMessageId: string | null;
  /** for auto_reply: which header or rule said so */
  autoBy?: string;
}

const DONE_ACTIONS = new Set(["delivered", "relayed", "expanded", "deliverable"]);

function bounceOf(
  r: { recipient: string | null; status: string | null; diagnostic: string | null; action?: string | null },
  context: string | null,
): BounceInfo {
  const status = r.status ?? statusOf(r.diagnostic);
  const v = judgeBounce({ status, diagnostic: r.diagnostic, context, action: r.action ?? null });
  return {
    recipient: r.recipient,
    status,
    reason: v.reason,
    hard: v.hard,
    senderFault: v.senderFault,
    diagnostic: r.diagnostic,
    action: r.action ?? null,
  };
}

function bounceClass(list: BounceInfo[], originalMessageId: string | null): MailClass {
  return { kind: "bounce", bounce: list[0], bounces: list, originalMessageId };
}

/** A DSN's failed (or delayed) recipients, the failed first. */
function failedRecipients(rs: DsnRecipient[]): DsnRecipient[] {
  const bad = rs.filter(
    (r) =>
      r.action === "failed" ||
      r.action === "delayed" ||
      (!DONE_ACTIONS.has(r.action ?? "") &&
        !/^2\./.test(r.status ?? "") &&
        (/^[45]\./.test(r.status ?? "") || !!r.diagnostic)),
  );
  return [...bad.filter((r) => r.action !== "delayed"), ...bad.filter((r) => r.action === "delayed")];
}

export interface ClassifyOptions {
  /** the tenant's own addresses (its mailboxes, the VERP return path): never a failed recipient */
  ownAddresses?: Iterable<string>;
  /**
   * Whether the tenant's team opened the out_of_office class of this language (issue 72 item 1):
   * a person's words read as out of office are automatic mail only there. Absent: the reading alone
   * decides (the CLI's look at a message, which acts on nothing).
   */
  outOfOfficeOpen?: (language: string | null) => boolean;
}

/** The classification of one parsed message. */
export function classifyMail(
  whole: InboundMessage,
  receivedAt: Date,
  options: ClassifyOptions = {},
): MailClass {
  // a message is stored whole, but its text is read up to the replies' limit (read-limits.ts: a
  // bounce's report and a person's words stand at the top; issue 73 item 4), apart from an SES
  // notification, which is JSON and read whole
  const m = { ...whole, text: (whole.text ?? "").slice(0, REPLY_READ_LIMIT) };
  const text = m.text;
  const own = ownAddressesOf(m, options.ownAddresses);
  const notOwn = (a: string | null | undefined) => (a && !isOwnAddress(a, own) ? a : null);
  const enclosedId = m.enclosed?.messageId ?? null;
  const originalMessageId = m.dsn?.originalMessageId ?? enclosedId;

  // Amazon SES notifications mailed by SNS: JSON in the body
  if (/"notificationType"|\\"notificationType\\"|"eventType"/.test(text)) {
    const n = readSesNotification(whole.text ?? "");
    if (n?.kind === "bounce" && n.recipients.length > 0) {
      const permanent = n.bounceType === "Permanent";
      const list = n.recipients.map((r) => {
        const b = bounceOf({ ...r, recipient: notOwn(r.recipient) }, null);
        // SES's own verdicts where the text says nothing more precise
        if (n.bounceSubType === "Suppressed" || n.bounceSubType === "OnAccountSuppressionList")
          return { ...b, reason: "suppressed", hard: false, senderFault: false };
        if (b.reason === "undefined" || b.reason === "onhold")
          return { ...b, reason: permanent ? "userunknown" : "undefined", hard: permanent };
        return b;
      });
      return bounceClass(list, n.originalMessageId ?? originalMessageId);
    }
    if (n?.kind === "complaint")
      return {
        kind: "complaint",
        complaint: { recipient: n.recipient, feedbackType: n.feedbackType },
        originalMessageId: n.originalMessageId ?? originalMessageId,
      };
    if (n?.kind === "delivery") return { kind: "delivery_report", originalMessageId: n.originalMessageId };
  }

  const feedback = readFeedback(m);
  if (feedback) return { kind: "complaint", complaint: feedback, originalMessageId: enclosedId };

  if (m.dsn && m.dsn.recipients.length > 0) {
    // a recipient the report names by one of our own addresses is not one that failed (issue 56),
    // unless the report names nobody else (then the bounce stands, naming no one)
    const all = failedRecipients(m.dsn.recipients);
    const others = all.filter(
      (r) =>
        !isOwnAddress(r.originalRecipient ?? r.finalRecipient, own) && !isOwnAddress(r.finalRecipient, own),
    );
    const failed = others.length > 0 ? others : all;
    const context = reportPart(text);
    if (failed.length > 0) {
      // a report without a diagnostic: the text part often names the reason (Gmail, Exchange)
      const addresses = failed.map((r) => r.originalRecipient ?? r.finalRecipient ?? "").filter(Boolean);
      const list = failed.map((r) => {
        // Original-Recipient is the address as we gave it (RFC 3461 ORCPT); Final-Recipient may be
        // an alias or a forward. A pipe or a file (Exim's "save to /mail/…") names no address: the
        // enclosed To, when it is the only recipient. Never one of our own addresses (issue 56)
        const recipient =
          notOwn(r.originalRecipient) ??
          notOwn(r.finalRecipient) ??
          (failed.length === 1 ? notOwn(m.enclosed?.to) : null);
        let { diagnostic, status } = r;
        // no Diagnostic-Code (OpenSMTPD, some gateways): the text part's lines about this recipient
        if (!diagnostic && recipient) {
          const at = context.toLowerCase().indexOf(recipient);
          if (at >= 0)
            diagnostic = diagnosticFrom(
              context,
              at,
              addresses.filter((a) => a !== recipient),
            );
        }
        // a generic x.0.0 gives way to the precise code the diagnostic quotes
        const quoted = statusOf(diagnostic);
        if (
          (!status || /^\d\.0\.0$/.test(status)) &&
          quoted &&
          quoted[0] === (status ?? quoted)[0] &&
          !/\.0\.0$/.test(quoted)
        )
          status = quoted;
        return bounceOf({ recipient, status, diagnostic: diagnostic || null, action: r.action }, context);
      });
      return bounceClass(list, originalMessageId);
    }
    if (m.dsn.recipients.every((r) => DONE_ACTIONS.has(r.action ?? "") || /^2\./.test(r.status ?? "")))
      return { kind: "delivery_report", originalMessageId };
  }

  if (m.reportType === "disposition-notification") return { kind: "other", originalMessageId: enclosedId };

  // a challenge before a plain-text bounce ("your message is held until you verify" reads as a
  // failed delivery otherwise), unless a mailer daemon sent it: a real bounce may say "sender
  // verification required"
  const challenge = isChallenge(m.subject, text, m.headers);
  if (challenge && !m.headers?.has("x-failed-recipients") && !isDaemonSender(m))
    return { kind: "challenge", originalMessageId: null };

  const tb = readTextBounce(m, own);
  if (tb) {
    const list = tb.recipients.map((r) =>
      bounceOf({ ...r, action: tb.delayed && !/^5/.test(r.status ?? "") ? "delayed" : "failed" }, tb.report),
    );
    return bounceClass(list, originalMessageId);
  }

  if (challenge) return { kind: "challenge", originalMessageId: null };
  if (m.autoHeader) return { kind: "auto_reply", originalMessageId: null, autoBy: m.autoHeader };
  const byHeader = autoReplyByHeaders(m.headers, m);
  if (byHeader) return { kind: "auto_reply", originalMessageId: null, autoBy: byHeader };
  // the reply classifier's out_of_office only when it is sure enough to act alone (a return date,
  // replies/automation.ts): it also reads "I was out of office last week, yes let's talk" as one
  // (less sure), and a person's reply taken for an automatic one keeps the sequence mailing
  // (and only where the team opened the class, issue 72 item 1: else a person reads it in triage)
  const reading = classifyReply(text, receivedAt);
  if (
    reading.intent === "out_of_office" &&
    decidesAlone(reading) &&
    (options.outOfOfficeOpen?.(detectLanguage(text)) ?? true)
  )
    return { kind: "auto_reply", originalMessageId: null, autoBy: "classifier" };
  // the words of an automatic reply, in seven languages
  const words = autoReplyWords(m.subject, text);
  if (words) return { kind: "auto_reply", originalMessageId: null, autoBy: words };
  return { kind: "reply", originalMessageId: null };
}
