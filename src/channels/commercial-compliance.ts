// What a commercial (non-transactional) email must carry before the ledger takes it
// (send-with-ledger.ts): the List-Unsubscribe headers of RFC 8058, and the footer with the sender's
// postal address and a visible unsubscribe link (issue 41, compliance-footer.ts). A message without
// them is refused, never sent.
import type { Config } from "../config/config.ts";
import type { OutboundEmail } from "./channel.ts";
import { footerHtml, footerText, type SenderIdentity, unsubscribeUrlOf } from "./compliance-footer.ts";
import { unsubscribeHeaders } from "./unsubscribe-token.ts";

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
}

/** RFC 8058: every non-transactional email carries List-Unsubscribe and List-Unsubscribe-Post. */
export function withUnsubscribeHeaders(
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  m: OutboundEmail,
): Record<string, string> | { refused: string } {
  const headers = { ...m.headers };
  if (m.transactional) return headers;
  if (!hasHeader(headers, "List-Unsubscribe")) {
    if (!m.contactId) {
      return {
        refused:
          "non-transactional email without List-Unsubscribe: pass contactId or unsubscribeHeaders(config, clientId, contactId)",
      };
    }
    Object.assign(headers, unsubscribeHeaders(config, m.clientId, m.contactId));
  }
  if (!hasHeader(headers, "List-Unsubscribe-Post"))
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  return headers;
}

/**
 * The footer of a commercial (non-transactional) email: the company, its postal address and the
 * header's unsubscribe page (compliance-footer.ts); null for transactional mail; refused without a
 * sender identity or an https unsubscribe page, never sent without them.
 */
export function commercialFooter(
  m: OutboundEmail,
  headers: Record<string, string>,
  identities: Map<string, SenderIdentity>,
): { text: string; html: string } | { refused: string } | null {
  if (m.transactional) return null;
  const id = identities.get(m.clientId);
  if (!id)
    return {
      refused:
        "SENDER_ADDRESS_MISSING: commercial email needs the sender's company and postal address in its footer (CAN-SPAM, CASL); set them on the Mailboxes page or PUT /api/v1/sender-identity, then retry",
    };
  const key = Object.keys(headers).find((k) => k.toLowerCase() === "list-unsubscribe");
  const url = unsubscribeUrlOf(key ? headers[key] : undefined);
  if (!url)
    return {
      refused: "commercial email without an http(s) List-Unsubscribe page for its footer's unsubscribe link",
    };
  return { text: footerText(id, url), html: footerHtml(id, url) };
}
