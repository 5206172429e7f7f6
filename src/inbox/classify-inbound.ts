// What kind of mail arrived, before matching (pure): a delivery status notification with a 5.x.x
// status is a hard bounce and 4.x.x soft (RFC 3463); an RFC 3834 automatic reply, or one the reply
// classifier reads as out of office, is an auto-reply; anything else is a person's reply. Whether
// it answers one of our touches is matching's question (match-inbound.ts): if not, "unmatched".
import { classifyReply } from "../replies/rule-classifier.ts";
import type { DsnRecipient } from "./delivery-status.ts";
import type { InboundMessage } from "./parse-inbound.ts";

export type InboundClass =
  | { kind: "hard_bounce" | "soft_bounce"; recipient: DsnRecipient }
  | { kind: "auto_reply"; by: string }
  | { kind: "reply" }
  | { kind: "ignored"; why: string };

/** The recipient a DSN is about: the first failed (or delayed) one with a status. */
function bouncedRecipient(m: InboundMessage): DsnRecipient | null {
  const rs = m.dsn?.recipients ?? [];
  return (
    rs.find((r) => r.action === "failed" && r.status) ??
    rs.find((r) => r.action === "delayed" && r.status) ??
    rs.find((r) => r.status && /^[45]\./.test(r.status)) ??
    null
  );
}

export function classifyInbound(m: InboundMessage, receivedAt: Date): InboundClass {
  if (m.dsn) {
    const r = bouncedRecipient(m);
    // a DSN that reports delivered/relayed/expanded is news, not a bounce
    if (!r?.status) return { kind: "ignored", why: "delivery status without a failure" };
    return { kind: r.status.startsWith("5.") ? "hard_bounce" : "soft_bounce", recipient: r };
  }
  if (m.autoHeader) return { kind: "auto_reply", by: m.autoHeader };
  if (classifyReply(m.text, receivedAt).intent === "out_of_office")
    return { kind: "auto_reply", by: "classifier" };
  return { kind: "reply" };
}
