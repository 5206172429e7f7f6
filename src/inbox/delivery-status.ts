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
  const all = v.match(/[^\s<>"'(),;:@|]+@[^\s<>"'(),;:@|]+/g);
  return all ? all[all.length - 1]!.replace(/\.$/, "").toLowerCase() : null;
}

/** Message-ID of a header block, normalised to "<id>". */
function messageIdOf(headers: Map<string, string>): string | null {
  const v = headers.get("message-id");
  if (!v) return null;
  const m = /<[^>]+>/.exec(v);
  return m ? m[0] : `<${v.trim()}>`;
}

/** Reads the fields of a message/delivery-status part: one block per recipient after the
 *  per-message block, separated by blank lines. Null when it names no recipient. */
export function readDeliveryStatus(
  statusText: string | null,
  originalMessageId: string | null,
): DeliveryStatusReport | null {
  if (!statusText) return null;
  const blocks = statusText.split(/\r?\n[ \t]*\r?\n/).map(parseHeaderBlock);
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
  return { recipients, originalMessageId };
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
