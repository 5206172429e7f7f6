// What one raw inbound message is (pure), as `baton mail classify` prints it and ingestion acts on it:
// a person's reply, an automatic reply (RFC 3834 or words), a bounce (with or without an RFC 3464
// report), a spam complaint (ARF, RFC 5965), a delivery report that is not a failure, a
// challenge-response ("verify you are human"), or other.
// A bounce says whether it is hard (the address is dead), soft (try again later) or the sender's
// fault (policy, reputation, content: the address is kept, the sending mailbox gets a flag).
import { classifyInbound } from "./classify-inbound.ts";
import type { InboundMessage } from "./parse-inbound.ts";

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
  complaint?: ComplaintInfo;
  /** Message-ID ("<id>") of our original message, when a report (DSN, ARF) or quoted part carries it */
  originalMessageId: string | null;
  /** for auto_reply: which header or rule said so */
  autoBy?: string;
}

/** The classification of one parsed message. */
export function classifyMail(m: InboundMessage, receivedAt: Date): MailClass {
  const c = classifyInbound(m, receivedAt);
  const originalMessageId = m.dsn?.originalMessageId ?? null;
  switch (c.kind) {
    case "hard_bounce":
    case "soft_bounce":
      return {
        kind: "bounce",
        originalMessageId,
        bounce: {
          recipient: c.recipient.finalRecipient ?? c.recipient.originalRecipient,
          status: c.recipient.status,
          reason: c.kind === "hard_bounce" ? "userunknown" : "undefined",
          hard: c.kind === "hard_bounce",
          senderFault: false,
          diagnostic: c.recipient.diagnostic,
        },
      };
    case "auto_reply":
      return { kind: "auto_reply", originalMessageId, autoBy: c.by };
    case "reply":
      return { kind: "reply", originalMessageId };
    case "ignored":
      return { kind: "delivery_report", originalMessageId };
  }
}
