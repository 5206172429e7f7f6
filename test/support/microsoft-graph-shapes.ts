// Graph's message resource (learn.microsoft.com/graph/api/resources/message) from a stored message,
// the MIME a JSON sendMail message makes, and the $filter clauses the Microsoft stand-in understands
// (microsoft-stand-in.ts). A clause it does not know is refused (null), as Graph refuses an invalid
// filter, rather than silently matching everything.
import { bodyOf, headerValues, headMime, type StandInMessage } from "./mail-store.ts";

const recipient = (a: string) => ({ emailAddress: { name: a, address: a } });

export function graphMessage(
  m: StandInMessage,
  parentFolderId: string,
  select?: string[],
): Record<string, unknown> {
  const mime = headMime(m.raw);
  const at = new Date(m.internalDate).toISOString().replace(/\.\d{3}Z$/, "Z");
  const dateHeader = headerValues(m.raw, "Date")[0];
  const sent =
    dateHeader && !Number.isNaN(Date.parse(dateHeader))
      ? new Date(dateHeader).toISOString().replace(/\.\d{3}Z$/, "Z")
      : at;
  const body = bodyOf(m.raw);
  const full: Record<string, unknown> = {
    "@odata.etag": `W/"CQAAABYAAAD${m.changeSeq}"`,
    id: m.id,
    createdDateTime: at,
    lastModifiedDateTime: at,
    changeKey: `CQAAABYAAAD${m.changeSeq}`,
    categories: [],
    receivedDateTime: at,
    sentDateTime: sent,
    hasAttachments: false,
    internetMessageId: m.messageId,
    subject: m.subject,
    bodyPreview: body.replace(/\s+/g, " ").trim().slice(0, 255),
    importance: "normal",
    parentFolderId,
    conversationId: m.threadId,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: !m.labels.has("UNREAD"),
    isDraft: false,
    inferenceClassification: "focused",
    body: {
      contentType: /text\/html/i.test(headerValues(m.raw, "Content-Type")[0] ?? "") ? "html" : "text",
      content: body,
    },
    sender: recipient(m.from),
    from: recipient(m.from),
    toRecipients: mime.to.map(recipient),
    ccRecipients: mime.cc.map(recipient),
    bccRecipients: mime.bcc.map(recipient),
    replyTo: [],
    flag: { flagStatus: "notFlagged" },
  };
  if (!select) return full;
  const wanted = new Set(select.map((s) => s.trim().toLowerCase()));
  return Object.fromEntries(
    Object.entries(full).filter(([k]) => k === "@odata.etag" || k === "id" || wanted.has(k.toLowerCase())),
  );
}

const fmt = (r: any) => {
  const a = String(r?.emailAddress?.address ?? "");
  const n = r?.emailAddress?.name;
  return n && n !== a ? `"${String(n).replace(/"/g, "")}" <${a}>` : a;
};

/** The RFC 822 text Exchange makes of a JSON message (user-sendmail, Example 1 and 3). */
export function mimeFromJson(msg: any, email: string, messageId: string, date: Date): string {
  const list = (v: any) => (Array.isArray(v) ? v.map(fmt).filter(Boolean).join(", ") : "");
  const html = String(msg.body?.contentType ?? "text").toLowerCase() === "html";
  const lines = [
    `From: ${msg.from ? fmt(msg.from) : email}`,
    ...(list(msg.toRecipients) ? [`To: ${list(msg.toRecipients)}`] : []),
    ...(list(msg.ccRecipients) ? [`Cc: ${list(msg.ccRecipients)}`] : []),
    ...(list(msg.bccRecipients) ? [`Bcc: ${list(msg.bccRecipients)}`] : []),
    `Subject: ${String(msg.subject ?? "").replace(/[\r\n]+/g, " ")}`,
    `Message-ID: ${typeof msg.internetMessageId === "string" && msg.internetMessageId ? msg.internetMessageId : messageId}`,
    `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
    "MIME-Version: 1.0",
    `Content-Type: ${html ? "text/html" : "text/plain"}; charset="utf-8"`,
    ...(msg.internetMessageHeaders ?? []).map(
      (h: any) => `${h.name}: ${String(h.value ?? "").replace(/[\r\n]+/g, " ")}`,
    ),
  ];
  return `${lines.join("\r\n")}\r\n\r\n${String(msg.body?.content ?? "")}`;
}

type Pred = (m: StandInMessage, folder: string) => boolean;

/** A predicate for an OData $filter the stand-in knows, or null (Graph answers 400). */
export function parseFilter(filter: string): Pred | null {
  const preds: Pred[] = [];
  let rest = filter.trim();
  const clause = /^\(?\s*(\w+)\s+(eq|ne|ge|gt|le|lt)\s+('(?:[^']|'')*'|[^\s)]+)\s*\)?\s*/i;
  while (rest) {
    const c = clause.exec(rest);
    if (!c) return null;
    const [, prop, op, rawValue] = c;
    const quoted = rawValue.startsWith("'");
    const value = quoted ? rawValue.slice(1, -1).replace(/''/g, "'") : rawValue;
    const cmp = (a: number, b: number) =>
      ({ eq: a === b, ne: a !== b, ge: a >= b, gt: a > b, le: a <= b, lt: a < b })[op.toLowerCase()]!;
    const p = prop.toLowerCase();
    if (["internetmessageid", "conversationid", "subject"].includes(p)) {
      if (!quoted || !["eq", "ne"].includes(op.toLowerCase())) return null;
      const get = (m: StandInMessage) =>
        p === "internetmessageid" ? m.messageId : p === "conversationid" ? m.threadId : m.subject;
      preds.push((m) => (get(m) === value) === (op.toLowerCase() === "eq"));
    } else if (p === "isread") {
      if (quoted || !["true", "false"].includes(value) || op.toLowerCase() !== "eq") return null;
      preds.push((m) => !m.labels.has("UNREAD") === (value === "true"));
    } else if (p === "receiveddatetime") {
      const at = Date.parse(value);
      if (quoted || Number.isNaN(at)) return null;
      preds.push((m) => cmp(m.internalDate, at));
    } else return null;
    rest = rest.slice(c[0].length);
    if (!rest) break;
    const and = /^and\s+/i.exec(rest);
    if (!and) return null;
    rest = rest.slice(and[0].length);
  }
  return (m, f) => preds.every((p) => p(m, f));
}
