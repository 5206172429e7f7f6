// What kind of mail arrived, before matching (pure), in the shape ingestion has acted on since
// issue 12: a thin adapter over classifyMail (classify-mail.ts). A bounce that leaves the address
// dead is a hard bounce; any other (soft, or the sender's fault) a soft bounce, which suppresses
// nothing. Complaints, challenges, delivery reports and read receipts are ignored here (ingestion
// acts on them through classifyMail). Whether the mail answers one of our touches is matching's
// question (match-inbound.ts): if not, "unmatched".
import { classifyMail, type MailClass } from "./classify-mail.ts";
import type { DsnRecipient } from "./delivery-status.ts";
import type { InboundMessage } from "./parse-inbound.ts";

export type InboundClass =
  | { kind: "hard_bounce" | "soft_bounce"; recipient: DsnRecipient }
  | { kind: "auto_reply"; by: string }
  | { kind: "reply" }
  | { kind: "ignored"; why: string };

/** The old shape of a MailClass. */
export function toInboundClass(c: MailClass): InboundClass {
  switch (c.kind) {
    case "bounce": {
      const b = c.bounce!;
      return {
        kind: b.hard ? "hard_bounce" : "soft_bounce",
        recipient: {
          finalRecipient: b.recipient,
          originalRecipient: null,
          action: b.action ?? null,
          status: b.status,
          diagnostic: b.diagnostic,
        },
      };
    }
    case "auto_reply":
      return { kind: "auto_reply", by: c.autoBy ?? "auto" };
    case "reply":
      return { kind: "reply" };
    case "complaint":
      return { kind: "ignored", why: "complaint" };
    case "challenge":
      return { kind: "ignored", why: "challenge-response" };
    case "delivery_report":
      return { kind: "ignored", why: "delivery status without a failure" };
    default:
      return { kind: "ignored", why: c.kind };
  }
}

export function classifyInbound(m: InboundMessage, receivedAt: Date): InboundClass {
  return toInboundClass(classifyMail(m, receivedAt));
}
