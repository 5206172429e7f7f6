// RFC 3464 delivery status notifications (multipart/report; report-type=delivery-status), as
// Postfix, Exim, Gmail and Exchange send them. Pure: takes the raw message, returns the per-
// recipient fields and the original Message-ID (from the message/rfc822 or text/rfc822-headers
// part). parseInbound hands readDeliveryStatus the part mailparser keeps (keepDeliveryStatus);
// parseDeliveryStatus splits a raw top-level report itself (its parts are flat by RFC 3462).

export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  action: string | null;
  /** RFC 3463 enhanced status, e.g. "5.1.1" */
  status: string | null;
  diagnostic: string | null;
}

export interface DeliveryStatusReport {
  recipients: DsnRecipient[];
  /** Message-ID of the message that bounced, with angle brackets, when the report includes it */
  originalMessageId: string | null;
  /** addresses the per-message fields name as the *sender* (X-Postfix-Sender, AOL's
   *  X-Outbound-Mail-Relay-Sender, …): our own mailbox, never a failed recipient (issue 56) */
  senders?: string[];
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

/** Unfolds and splits a header block (RFC 5322 2.2.3) into lower-cased names → last value. */
export function parseHeaderBlock(block: string): Map<string, string> {
  const out = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

function splitHead(text: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text, body: "" };
  return { head: text.slice(0, m.index), body: text.slice(m.index + m[0].length) };
}

function param(contentType: string, name: string): string | null {
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i");
  const m = re.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function decode(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? "").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    return body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  }
  return body;
}

function splitParts(body: string, boundary: string): Part[] {
  const delim = `--${boundary}`;
  const parts: Part[] = [];
  const chunks = body.split(delim);
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith("--")) break; // the closing delimiter
    const { head, body: partBody } = splitHead(chunk.replace(/^[ \t]*\r?\n/, ""));
    const headers = parseHeaderBlock(head);
    parts.push({ headers, body: decode(partBody, headers.get("content-transfer-encoding")) });
  }
  return parts;
}

/** The address of a recipient field: "rfc822; <a@b>" → "a@b" (lower case). A source route
 *  ("@relay:a@b") keeps its last address; a pipe or file delivery ("|/bin/x a@b") the address in it;
 *  a field with no address at all (a file path, "@host") is null. */
function address(field: string | undefined): string | null {
  if (!field) return null;
  const v = field.includes(";") ? field.slice(field.indexOf(";") + 1) : field;
  const all = v.match(/(?<![^\s<>"'(),;:@|])[^\s<>"'(),;:@|]+@[^\s<>"'(),;:@|]+/g);
  return all ? all[all.length - 1]!.replace(/\.$/, "").toLowerCase() : null;
}

/** Message-ID of a header block, normalised to "<id>". */
function messageIdOf(headers: Map<string, string>): string | null {
  const v = headers.get("message-id");
  if (!v) return null;
  const m = /<[^<>]+>/.exec(v);
  return m ? m[0] : `<${v.trim()}>`;
}

/** Per-message fields that name the envelope sender, i.e. the mailbox that sent the original. */
const SENDER_FIELDS = ["x-postfix-sender", "x-outbound-mail-relay-sender", "x-sender", "x-original-sender"];

/**
 * The field blocks of a delivery-status part: blank lines separate them (RFC 3464 2.1), but some
 * reporters (AOL's outbound relay, issue 56) write every recipient's fields in one run; a new
 * recipient then starts where a recipient field (Final- or Original-Recipient) comes again. Only a
 * repeated field splits: a recipient's fields come in any order (Facebook writes Status before
 * Final-Recipient, Amazon SES Action first).
 */
function fieldBlocks(statusText: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  for (const block of statusText.split(/\r?\n[ \t]*\r?\n/)) {
    const lines = block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/);
    let current: string[] = [];
    let seen = new Set<string>();
    for (const line of lines) {
      const name = /^([^:\s]+)\s*:/.exec(line)?.[1]?.toLowerCase() ?? "";
      const recipientField = name === "final-recipient" || name === "original-recipient";
      if (recipientField && seen.has(name)) {
        out.push(parseHeaderBlock(current.join("\n")));
        current = [];
        seen = new Set();
      }
      seen.add(name);
      current.push(line);
    }
    out.push(parseHeaderBlock(current.join("\n")));
  }
  return out;
}

/** Reads the fields of a message/delivery-status part: one block per recipient after the
 *  per-message block. Null when it names no recipient. */
export function readDeliveryStatus(
  statusText: string | null,
  originalMessageId: string | null,
): DeliveryStatusReport | null {
  if (!statusText) return null;
  const blocks = fieldBlocks(statusText);
  const recipients: DsnRecipient[] = blocks
    .filter((b) => b.has("final-recipient") || b.has("original-recipient"))
    .map((b) => ({
      finalRecipient: address(b.get("final-recipient")),
      originalRecipient: address(b.get("original-recipient")),
      action: b.get("action")?.toLowerCase().trim() ?? null,
      status: /\d\.\d{1,3}\.\d{1,3}/.exec(b.get("status") ?? "")?.[0] ?? null,
      // "smtp; 550 …" loses its type; another type (x-unix, x-postfix) stays, it says who failed
      diagnostic: b.get("diagnostic-code")?.replace(/^smtp;\s*/i, "") || null,
    }));
  if (recipients.length === 0) return null;
  const senders = [
    ...new Set(
      blocks.flatMap((b) => SENDER_FIELDS.map((f) => address(b.get(f))).filter((a): a is string => !!a)),
    ),
  ];
  return { recipients, originalMessageId, ...(senders.length > 0 ? { senders } : {}) };
}

/** The report of a raw message, or null when it is not a multipart/report delivery-status. */
export function parseDeliveryStatus(raw: string): DeliveryStatusReport | null {
  const { head, body } = splitHead(raw);
  const top = parseHeaderBlock(head);
  const ct = top.get("content-type") ?? "";
  if (!/^multipart\/report/i.test(ct)) return null;
  const reportType = param(ct, "report-type");
  if (reportType && !/^delivery-status$/i.test(reportType)) return null;
  const boundary = param(ct, "boundary");
  if (!boundary) return null;
  const parts = splitParts(body, boundary);
  const typeOf = (p: Part) =>
    (p.headers.get("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase();
  const status = parts.find((p) => /^message\/(global-)?delivery-status$/.test(typeOf(p)));
  if (!status) return null;
  const original = parts.find((p) => /^(message\/(global|rfc822)|text\/rfc822-headers)/.test(typeOf(p)));
  const originalMessageId = original ? messageIdOf(parseHeaderBlock(splitHead(original.body).head)) : null;
  return readDeliveryStatus(status.body, originalMessageId) ?? { recipients: [], originalMessageId };
}
