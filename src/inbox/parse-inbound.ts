// One inbound message as the ingester sees it: its ids, who sent it, its text, whether it is an
// automatic reply (RFC 3834) and, for a delivery status notification (RFC 3464), its report.
import type { AddressObject } from "mailparser";
import { type DeliveryStatusReport, parseDeliveryStatus } from "./delivery-status.ts";

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

export async function parseInbound(raw: Buffer | string): Promise<InboundMessage> {
  const source = typeof raw === "string" ? raw : raw.toString("utf8");
  // loaded on first use: mailparser costs ~0.3 s of a start that reads no mailbox
  const { simpleParser } = await import("mailparser");
  const p = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const header = (name: string): string | undefined => {
    const v = p.headers.get(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "object" && "value" in (v as object)) return String((v as { value: unknown }).value);
    return String(v);
  };
  const messageId = p.messageId ? (ids(p.messageId)[0] ?? null) : null;
  return {
    messageId,
    inReplyTo: ids(p.inReplyTo)[0] ?? null,
    references: ids(p.references),
    from: firstAddress(p.from),
    subject: p.subject ?? "",
    date: p.date ?? null,
    text: (p.text ?? "").trim(),
    autoHeader: autoReplyHeader((n) => (n === "subject" ? (p.subject ?? undefined) : header(n))),
    dsn: parseDeliveryStatus(source),
  };
}
