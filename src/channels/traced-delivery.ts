// A delivery as a span when tracing is on (issue 71 item 4; docs/operations.md "Traces"): one
// message through SMTP or a provider's API (the Gmail API, Graph, a mailbox's own SMTP server), or
// a batch through the dev outbox. A CLIENT span with the transport, the tenant, the send item when
// the engine sent it, the attempt, and the outcome: sent (the server accepted it: SMTP's 250, the
// API's 2xx) or failed with the error's code and SMTP's reply code, never its text (a 550 quotes
// the recipient's address), nor the sender's or the recipient's address, nor the subject.
import { errorType, inSpan } from "../tracing/index.ts";
import type { PreparedEmail } from "./ledger-types.ts";
import type { DeliveryTransport } from "./tables.ts";

export function tracedDelivery<T>(
  transport: { readonly name: DeliveryTransport },
  emails: readonly PreparedEmail[],
  deliver: () => Promise<T>,
): Promise<T> {
  const one = emails.length === 1 ? emails[0] : undefined;
  const attributes = {
    "baton.transport": transport.name,
    "baton.tenant_id": emails[0]?.clientId,
    "baton.count": emails.length,
    "baton.send_item_id": one ? sendItemOf(one) : undefined,
  };
  return inSpan(
    "baton.email.deliver",
    attributes,
    async (span) => {
      try {
        const out = await deliver();
        span.set({ "baton.outcome": "sent" });
        return out;
      } catch (e) {
        const code = (e as { responseCode?: unknown } | null)?.responseCode;
        span.set({
          "baton.outcome": "failed",
          "baton.smtp.response_code": typeof code === "number" ? code : undefined,
          "error.type": errorType(e),
        });
        throw e;
      }
    },
    "client",
  );
}

/** The engine's send item (its X-Baton-Send-Item header, a uuid), when the message is one. */
function sendItemOf(e: PreparedEmail): string | undefined {
  const v = e.headers["X-Baton-Send-Item"];
  return typeof v === "string" && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined;
}
