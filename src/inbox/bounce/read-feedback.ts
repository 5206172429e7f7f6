// Spam complaints (pure): ARF feedback-loop reports (RFC 5965, multipart/report;
// report-type=feedback-report, and the ones that put the same fields in a text part), Microsoft's
// JMRP reports (the complained-of message enclosed, its X-HmXmrOriginalRecipient), and Apple
// Mail's one-click unsubscribe mail (X-Apple-Unsubscribe). The complainant is the original
// recipient: Original-Rcpt-To, else Removal-Recipient, else the To of the enclosed message.
import { parseHeaderBlock } from "../delivery-status.ts";
import { addressIn, type InboundMessage } from "../parse-inbound.ts";

export interface Feedback {
  recipient: string | null;
  feedbackType: string;
}

/** ARF fields written into a text body instead of a message/feedback-report part. */
function inlineFields(text: string): Map<string, string> | null {
  const m = /^Feedback-Type:[^\n]*(\n[\w-]+:[^\n]*|\n[ \t]+[^\n]*)*/im.exec(text);
  if (!m) return null;
  // the block may start a few lines above Feedback-Type ("Version: 1", "User-Agent: …")
  const start = text.lastIndexOf("\n\n", m.index) + 1;
  return parseHeaderBlock(text.slice(start, m.index + m[0].length));
}

export function readFeedback(m: InboundMessage): Feedback | null {
  const headers = m.headers ?? new Map<string, string>();
  const fields =
    m.feedback ??
    (m.reportType === "feedback-report" || /^Feedback-Type:/im.test(m.text) ? inlineFields(m.text) : null);
  if (fields?.has("feedback-type") || (m.reportType === "feedback-report" && fields)) {
    const recipient =
      addressIn(fields.get("original-rcpt-to")) ??
      addressIn(fields.get("removal-recipient")) ??
      m.enclosed?.to ??
      null;
    return { recipient, feedbackType: (fields.get("feedback-type") ?? "abuse").trim().toLowerCase() };
  }
  if (m.reportType === "feedback-report") return { recipient: m.enclosed?.to ?? null, feedbackType: "abuse" };
  // Microsoft JMRP: "complaint about message from <ip>", the message enclosed
  if (/^complaint about message from\b/i.test(m.subject.trim()))
    return { recipient: m.enclosed?.to ?? null, feedbackType: "abuse" };
  // Apple Mail's unsubscribe: a mail from the person to the List-Unsubscribe mailto address
  if ((headers.get("x-apple-unsubscribe") ?? "").trim().toLowerCase() === "true")
    return { recipient: m.from, feedbackType: "opt-out" };
  return null;
}
