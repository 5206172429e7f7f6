// The compliance footer of commercial email (issue 41 item 4): CAN-SPAM and CASL ask every
// commercial message to carry the sender's valid postal address and a clear, visible way to
// unsubscribe. The footer names the company and its address, and links the same signed one-click
// page as the List-Unsubscribe header (RFC 8058), in the text part and the HTML part. Transactional
// mail (receipts, password resets) carries none. Values are escaped in HTML: the footer is the only
// markup Baton adds to a draft's words (render-html.ts).
import { escapeHtml } from "./render-html.ts";

export interface SenderIdentity {
  company_name: string;
  postal_address: string;
}

/** The https unsubscribe page a List-Unsubscribe header names (its first https URL), or null. */
export function unsubscribeUrlOf(listUnsubscribe: string | undefined): string | null {
  const m =
    /<(https:\/\/[^>\s]+)>/.exec(listUnsubscribe ?? "") ?? /<(http:\/\/[^>\s]+)>/.exec(listUnsubscribe ?? "");
  return m ? m[1] : null;
}

/** One line: the address's lines joined with commas. */
const oneLine = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(", ");

export function footerText(id: SenderIdentity, unsubscribeUrl: string): string {
  return `\n\n--\n${id.company_name.trim()}, ${oneLine(id.postal_address)}\nTo stop receiving these emails: ${unsubscribeUrl}\n`;
}

export function footerHtml(id: SenderIdentity, unsubscribeUrl: string): string {
  return `<p style="margin-top: 2em; color: #666; font-size: 12px;">${escapeHtml(id.company_name.trim())}, ${escapeHtml(oneLine(id.postal_address))}<br>
<a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a> from these emails.</p>`;
}
