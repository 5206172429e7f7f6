// ARF feedback-loop reports (RFC 5965): multipart/report; report-type=feedback-report, with a
// message/feedback-report part (Feedback-Type, Original-Rcpt-To, …) and the original message (or
// its headers). Pure: the raw message in, the complainant, the feedback type and the original
// Message-ID out. Used by ingestion until classifyMail reads ARF itself (issue 35 item 3).
import { parseHeaderBlock } from "./delivery-status.ts";

export interface FeedbackReport {
  feedbackType: string;
  /** the complainant: Original-Rcpt-To, else the original message's To (lower case) */
  recipient: string | null;
  /** the reported message's Message-ID, "<id>" */
  originalMessageId: string | null;
  /** the reported message's envelope sender (Original-Mail-From), e.g. our VERP return path */
  originalMailFrom: string | null;
}

function splitHead(text: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  return m
    ? { head: text.slice(0, m.index), body: text.slice(m.index + m[0].length) }
    : { head: text, body: "" };
}

function param(contentType: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function bareAddress(v: string | undefined): string | null {
  if (!v) return null;
  const inner = /<([^<>]+)>/.exec(v)?.[1] ?? v.replace(/^[a-z0-9-]+;/i, "");
  const a = inner.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(a) ? a : null;
}

function decode(body: string, encoding: string | undefined): string {
  return (encoding ?? "").toLowerCase() === "base64"
    ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
    : body;
}

export function parseFeedbackReport(raw: Buffer | string): FeedbackReport | null {
  const text = typeof raw === "string" ? raw : raw.toString("utf8");
  const { head, body } = splitHead(text);
  const ct = parseHeaderBlock(head).get("content-type") ?? "";
  if (!/^multipart\/report/i.test(ct) || !/^feedback-report$/i.test(param(ct, "report-type") ?? ""))
    return null;
  const boundary = param(ct, "boundary");
  if (!boundary) return null;
  let report: Map<string, string> | null = null;
  let original: Map<string, string> | null = null;
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith("--")) break;
    const part = splitHead(chunk.replace(/^[ \t]*\r?\n/, ""));
    const h = parseHeaderBlock(part.head);
    const type = (h.get("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase();
    const content = decode(part.body, h.get("content-transfer-encoding"));
    if (type === "message/feedback-report") report = parseHeaderBlock(content);
    else if (type === "message/rfc822" || type === "text/rfc822-headers")
      original = parseHeaderBlock(splitHead(content).head);
  }
  if (!report) return null;
  const id = original?.get("message-id");
  return {
    feedbackType: (report.get("feedback-type") ?? "other").trim().toLowerCase(),
    recipient: bareAddress(report.get("original-rcpt-to")) ?? bareAddress(original?.get("to")),
    originalMessageId: id ? (/<[^<>\s]+>/.exec(id)?.[0] ?? `<${id.trim()}>`) : null,
    originalMailFrom: bareAddress(report.get("original-mail-from")),
  };
}
