// Step 3 of the at-most-once ledger (send-with-ledger.ts, spec 002): a chunk of keys already
// written 'sending' goes to its transports, and each delivery's outcome comes back as a value (sent,
// failed transient or not, or deferred by a provider's pause), never an exception. The ledger
// records the failures; success writes nothing here.
import type { EmailTransport } from "./email-transport.ts";
import type { Claim } from "./ledger-types.ts";
import { classifySmtpError } from "./smtp-error.ts";
import { tracedDelivery } from "./traced-delivery.ts";
import { isTransportFailure } from "./transport-failure.ts";

export type Delivered =
  | { status: "sent"; messageId: string }
  | { status: "failed"; transient: boolean; error: string }
  | { status: "deferred"; retryAt: Date; error: string };

function failed(e: unknown): Delivered {
  if (isTransportFailure(e))
    return e.retryAt
      ? { status: "deferred", retryAt: e.retryAt, error: e.message }
      : { status: "failed", transient: e.transient, error: e.message };
  const failure = classifySmtpError(e);
  return { status: "failed", transient: failure.transient, error: failure.error };
}

/**
 * The chunk's deliveries: a transport that records many at once (the dev outbox) in one call; a
 * provider's API one message at a time per mailbox (a mailbox's messages in order, so a pause or a
 * refused grant met by one is met by the next without another call: Graph allows 4 concurrent
 * requests a mailbox, MailboxConcurrency), mailboxes side by side; SMTP all at once (its pool).
 */
export async function deliverChunk(
  transportOf: Map<number, EmailTransport>,
  claims: Claim[],
  now: Date,
): Promise<Delivered[]> {
  if (claims.length === 0) return [];
  const out: Delivered[] = new Array(claims.length);
  const groups = new Map<EmailTransport, number[]>();
  claims.forEach((c, j) => {
    const t = transportOf.get(c.i) as EmailTransport;
    groups.set(t, [...(groups.get(t) ?? []), j]);
  });
  const one = (t: EmailTransport, j: number) =>
    tracedDelivery(t, [claims[j].email], () => t.deliver(claims[j].email, now, claims[j].attempts)).then(
      (messageId): Delivered => ({ status: "sent", messageId }),
      (e): Delivered => failed(e),
    );
  await Promise.all(
    [...groups].map(async ([t, js]) => {
      if (t.deliverMany) {
        try {
          const emails = js.map((j) => claims[j].email);
          const ids = await tracedDelivery(t, emails, () => t.deliverMany!(emails, now));
          js.forEach((j, k) => {
            out[j] = { status: "sent", messageId: ids[k] };
          });
        } catch (e) {
          for (const j of js) out[j] = failed(e);
        }
        return;
      }
      if (t.name === "smtp" || t.name === "dev") {
        await Promise.all(js.map(async (j) => (out[j] = await one(t, j))));
        return;
      }
      const byMailbox = new Map<string, number[]>();
      for (const j of js)
        byMailbox.set(claims[j].email.from, [...(byMailbox.get(claims[j].email.from) ?? []), j]);
      await Promise.all(
        [...byMailbox.values()].map(async (mine) => {
          let stop: Delivered | null = null;
          for (const j of mine) {
            out[j] = stop ?? (await one(t, j));
            // a deferral (a pause, a refused grant) holds the mailbox's next messages too
            if (out[j].status === "deferred") stop = out[j];
          }
        }),
      );
    }),
  );
  return out;
}
