// One inbound message as the ingester sees it: its ids, who sent it, its text, whether it is an
// automatic reply (RFC 3834), and the parts a report carries: a delivery status notification
// (RFC 3464), a feedback report (ARF, RFC 5965), the original message a bounce encloses.
// The message is parsed once (mailparser with keepDeliveryStatus, so the message/delivery-status
// part stays a part instead of being folded into the text).
import type { AddressObject, Attachment } from "mailparser";
import { type DeliveryStatusReport, parseHeaderBlock, readDeliveryStatus } from "./delivery-status.ts";

/** The headers of the message a report encloses (message/rfc822, text/rfc822-headers, or inline). */
export interface EnclosedMessage {
  messageId: string | null;
  /** first address of its To, lower case */
  to: string | null;
  from: string | null;
}

export interface InboundMessage {
  /** "<id>"; null when the message has none */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: string | null;
  subject: string;
  date: Date | null;
  text: string;
  /** Which RFC 3834 (or de-facto) header marked it automatic; null for a person's mail. */
  autoHeader: string | null;
  dsn: DeliveryStatusReport | null;
  /** the display name of From (a bounce's "Mail Delivery Subsystem"), when there is one */
  fromName?: string | null;
  /** top-level header fields: lower-cased name → first value, unfolded */
  headers?: Map<string, string>;
  /** multipart/report's report-type (delivery-status, feedback-report, disposition-notification…) */
  reportType?: string | null;
  /** the message/feedback-report part (ARF), as its header fields */
  feedback?: Map<string, string> | null;
  /** the headers of the original message a report or bounce carries */
  enclosed?: EnclosedMessage | null;
}

const ID = /<[^<>\s]+>/g;

function ids(v: string | string[] | undefined): string[] {
  if (!v) return [];
  const all = (Array.isArray(v) ? v.join(" ") : v).match(ID);
  if (all) return all;
  return (Array.isArray(v) ? v : v.split(/\s+/)).filter(Boolean).map((x) => `<${x.replace(/[<>]/g, "")}>`);
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): string | null {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const o of list) for (const v of o.value) if (v.address) return v.address.toLowerCase();
  return null;
}

function firstName(a: AddressObject | AddressObject[] | undefined): string | null {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const o of list) for (const v of o.value) if (v.name) return v.name;
  return null;
}

/**
 * RFC 3834: Auto-Submitted other than "no"; the de-facto X-Autoreply / X-Autorespond and
 * Precedence: auto_reply (and bulk/junk/list: not a person writing back).
 */
export function autoReplyHeader(get: (name: string) => string | undefined): string | null {
  const auto = get("auto-submitted");
  if (auto && auto.trim().toLowerCase() !== "no") return `Auto-Submitted: ${auto.trim()}`;
  for (const h of ["x-autoreply", "x-autorespond"]) {
    const v = get(h);
    if (v !== undefined && v.trim().toLowerCase() !== "no") return `${h}: ${v.trim()}`;
  }
  const precedence = get("precedence")?.trim().toLowerCase();
  if (precedence === "auto_reply") return "Precedence: auto_reply";
  if (
    get("x-auto-response-suppress") !== undefined &&
    /automatic reply|out of office/i.test(get("subject") ?? "")
  )
    return "X-Auto-Response-Suppress";
  return null;
}

// a run starts where the previous character cannot be part of it: linear on hostile text
const EMAIL = /(?<![^\s<>"'(),;:[\]])[^\s<>"'(),;:[\]]+@[a-z0-9.-]+\.[a-z]{2,}/i;

/** The first address of a header value ("Name <a@b>", "a@b"), lower case. */
export function addressIn(v: string | undefined | null): string | null {
  if (!v) return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(v) ?? EMAIL.exec(v);
  return m ? (m[1] ?? m[0]).toLowerCase() : null;
}

function enclosedFromHeaders(h: Map<string, string>): EnclosedMessage | null {
  const mid = h.get("message-id");
  const messageId = mid ? (ids(mid)[0] ?? null) : null;
  const to = addressIn(h.get("to"));
  const from = addressIn(h.get("from"));
  return messageId || to || from ? { messageId, to, from } : null;
}

/** The top-level header fields, first value of each, from the raw source (unfolded). */
function topHeaders(source: string): Map<string, string> {
  const end = /\r?\n\r?\n/.exec(source);
  const head = end ? source.slice(0, end.index) : source;
  const out = new Map<string, string>();
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0 || /\s/.test(line.slice(0, i))) continue;
    const name = line.slice(0, i).toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

const ENCLOSED_TYPES = /^(message\/(rfc822|global|global-headers)|text\/(rfc822-headers|rfc822))$/;
const STATUS_TYPES = /^message\/(global-)?delivery-status$/;

/** The header block that starts a body part ("Received: …" up to the first blank line). */
function headerBlockOf(body: string): Map<string, string> {
  const m = /\r?\n\r?\n/.exec(body);
  return parseHeaderBlock(m ? body.slice(0, m.index) : body);
}

/**
 * Headers of an original message quoted inline in a plain-text bounce: the first header block in
 * the text that has a Message-ID, read from the block's start (a line after a blank line or a
 * separator) to its end.
 */
export function inlineEnclosed(text: string): EnclosedMessage | null {
  // no line that could start with a Message-ID: nothing to read, and no array of every line made
  // (one pass of a pattern that cannot cross a line; 50,000 blank lines read 37x for 10x under load)
  if (!/^[^\S\n]*message-id[^\S\n]*:/im.test(text)) return null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*message-id\s*:/i.test(lines[i]!)) continue;
    let start = i;
    while (start > 0 && /^([\w-]+:|[ \t]+\S)/.test(lines[start - 1]!)) start--;
    let end = i;
    // one blank before the \S, not `[ \t]+` after `\s*` (every split of a blank run was tried)
    while (end + 1 < lines.length && /^\s*([\w-]+:|[ \t]\S)/.test(lines[end + 1]!)) end++;
    const block = lines
      .slice(start, end + 1)
      .map((l) => l.replace(/^\s+(?=[\w-]+:)/, ""))
      .join("\n");
    const e = enclosedFromHeaders(parseHeaderBlock(block));
    if (e) return e;
    // the next Message-ID line of this block reads the same block: on from its end (each one read
    // the whole block again: 47 s on 120 kB of empty Message-ID lines, issue 73 item 4)
    i = end;
  }
  return null;
}

const DSN_FIELD =
  /^(reporting-mta|received-from-mta|arrival-date|final-recipient|original-recipient|action|status|remote-mta|diagnostic-code|last-attempt-date|will-retry-until|original-envelope-id|dsn-gateway|final-log-id|x-[\w-]+):/i;

/** Delivery-status fields written into a text body (a report whose parts were flattened, or an
 *  MTA that writes them inline): from the first Reporting-MTA/Final-Recipient line to the last
 *  field of the blocks that follow. */
export function inlineStatusFields(text: string): string | null {
  const start = /^(reporting-mta|final-recipient|original-recipient):/im.exec(text);
  if (!start) return null;
  const lines = text.slice(start.index).split(/\r?\n/);
  const kept: string[] = [];
  for (const l of lines) {
    if (l.trim() === "" || DSN_FIELD.test(l) || (/^[ \t]+\S/.test(l) && kept.length > 0)) kept.push(l);
    else break;
  }
  const block = kept.join("\n");
  return /^final-recipient:|^original-recipient:/im.test(block) ? block : null;
}

/** The body of a raw message after its header, for a message mailparser found no text in. */
function rawBody(source: string): string {
  const m = /\r?\n\r?\n/.exec(source);
  return m ? source.slice(m.index + m[0].length, m.index + m[0].length + 100_000).trim() : "";
}

/** The enclosed message of a raw source whose message/rfc822 part mailparser folded into the text
 *  (an inline disposition): the header block after the part's own headers. */
function rawEnclosed(source: string): EnclosedMessage | null {
  const part =
    /^content-type:[ \t]*(message\/(rfc822|global)|text\/rfc822-headers)\b[^\n]*\n((?:[ \t][^\n]*\n|[\w-]+:[^\n]*\n)*)\r?\n/im.exec(
      source,
    );
  if (!part) return null;
  const rest = source.slice(part.index + part[0].length);
  const e = enclosedFromHeaders(headerBlockOf(rest.replace(/^\s*\n/, "")));
  // Microsoft's JMRP names the complainant in its own header of the enclosed message
  const hm = /^X-HmXmrOriginalRecipient:\s*(\S+)/im.exec(rest.slice(0, 20_000));
  if (e && hm && !e.to) e.to = addressIn(hm[1]);
  return e;
}

function contentOf(a: Attachment): string {
  return Buffer.isBuffer(a.content) ? a.content.toString("utf8") : String(a.content ?? "");
}

/**
 * Loads the modules that reading mail needs (mailparser; mailauth for the trust checks) ahead of the
 * first message: a mailbox session calls it as it connects, so the first reply after a start is not
 * the one that waits ~0.7 s for them (issue 12: a reply is picked up within 2 s). Never throws.
 */
export function preloadMailModules(): Promise<void> {
  return Promise.all([
    import("mailparser"),
    import("mailauth/lib/tools.js"),
    import("mailauth/lib/dkim/verify.js"),
  ]).then(
    () => undefined,
    () => undefined,
  );
}

export async function parseInbound(raw: Buffer | string): Promise<InboundMessage> {
  const source = typeof raw === "string" ? raw : raw.toString("utf8");
  // loaded on first use: mailparser costs ~0.3 s of a start that reads no mailbox
  const { simpleParser } = await import("mailparser");
  const p = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, keepDeliveryStatus: true });
  const headers = topHeaders(source);
  const header = (name: string): string | undefined => {
    const v = p.headers.get(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "object" && "value" in (v as object)) return String((v as { value: unknown }).value);
    return String(v);
  };
  const messageId = p.messageId ? (ids(p.messageId)[0] ?? null) : null;
  const ct = p.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  const reportType =
    ct && typeof ct === "object" && /^multipart\/report$/i.test(ct.value ?? "")
      ? (ct.params?.["report-type"]?.toLowerCase() ?? null)
      : null;

  const typeOf = (a: Attachment) => (a.contentType ?? "").toLowerCase();
  let text = (p.text ?? "").trim();
  let statusText: string | null = null;
  let feedback: Map<string, string> | null = null;
  let enclosed: EnclosedMessage | null = null;
  let nested: string | null = null;
  for (const a of p.attachments) {
    const type = typeOf(a);
    if (STATUS_TYPES.test(type) && statusText === null) statusText = contentOf(a);
    else if (type === "message/feedback-report" && !feedback) feedback = parseHeaderBlock(contentOf(a));
    else if (ENCLOSED_TYPES.test(type) && !enclosed) {
      const content = contentOf(a);
      const h = headerBlockOf(content);
      // a bounce that encloses the report it forwards (a gateway relaying a DSN as message/rfc822)
      if (type === "message/rfc822" && /^multipart\/report/i.test(h.get("content-type") ?? "") && !nested)
        nested = content;
      else enclosed = enclosedFromHeaders(h);
    } else if (type === "text/plain" && !text) text = contentOf(a).trim();
  }
  // a message mailparser found no text in (a boundary that never appears): read its body as text;
  // not one that is all attachments (an image, a calendar invitation)
  if (!text && (reportType !== null || p.attachments.length === 0)) text = rawBody(source);
  if (!enclosed) enclosed = rawEnclosed(source) ?? inlineEnclosed(text);
  // a report whose status part came as text (a broken multipart/report, or fields written inline)
  let dsn =
    readDeliveryStatus(statusText, enclosed?.messageId ?? null) ??
    readDeliveryStatus(inlineStatusFields(text), enclosed?.messageId ?? null);
  if (!dsn && nested) {
    const inner = await parseInbound(nested);
    if (inner.dsn) {
      dsn = inner.dsn;
      text = `${text}\n\n${inner.text}`.trim();
      enclosed = inner.enclosed ?? enclosed;
    }
  }

  return {
    messageId,
    inReplyTo: ids(p.inReplyTo)[0] ?? null,
    references: ids(p.references),
    from: firstAddress(p.from) ?? addressIn(headers.get("from")),
    fromName: firstName(p.from),
    subject: p.subject ?? "",
    date: p.date ?? null,
    text,
    autoHeader: autoReplyHeader((n) => (n === "subject" ? (p.subject ?? undefined) : header(n))),
    dsn,
    headers,
    reportType,
    feedback,
    enclosed,
  };
}
