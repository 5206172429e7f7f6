// The addresses a bounce cannot name as its failed recipient because they are ours (issue 56 item
// 5: "one AOL bounce named *our own* mailbox as the failed recipient"). Pure. A bounce travels back
// to the sending mailbox or its VERP return path, so whatever the bounce is addressed to, and
// whoever the enclosed original was from, is the tenant's; the caller adds the tenant's mailboxes
// it knows. A failed recipient that is one of these is skipped: the DSN's Original-Recipient and
// Final-Recipient are preferred, then the original's To, and none at all beats our own.
import type { InboundMessage } from "../parse-inbound.ts";

// a run starts where the previous character cannot be part of it: linear on hostile text
const EMAIL_G =
  /(?<![a-z0-9!#$%&'*+/=?^_`{|}~.-])[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+/gi;

/** Headers of a bounce that name where it was delivered: our mailbox or our return path. Not
 *  X-Original-To: DragonFly writes the failed recipient there. */
const DELIVERED_TO = ["to", "delivered-to"];

function addressesIn(v: string | null | undefined): string[] {
  return (v?.match(EMAIL_G) ?? []).map((a) => a.toLowerCase().replace(/\.$/, ""));
}

/**
 * Our own addresses for one bounce: those the caller knows (the tenant's mailboxes, the VERP
 * return path) and those the message itself proves (it was delivered to them, the original was
 * sent from them, the report names them as the sender).
 */
export function ownAddressesOf(m: InboundMessage, known: Iterable<string> = []): Set<string> {
  const own = new Set<string>();
  for (const a of known) if (a) own.add(a.trim().toLowerCase());
  const h = m.headers ?? new Map<string, string>();
  for (const name of DELIVERED_TO) for (const a of addressesIn(h.get(name))) own.add(a);
  if (m.enclosed?.from) own.add(m.enclosed.from);
  for (const a of m.dsn?.senders ?? []) own.add(a);
  return own;
}

/** Whether an address is ours: one of them, or a VERP form of one (local+tag@domain). */
export function isOwnAddress(address: string | null | undefined, own: Set<string>): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  if (own.has(a)) return true;
  const [local, domain] = a.split("@");
  const base = local?.split("+")[0];
  return Boolean(base && domain && base !== local && own.has(`${base}@${domain}`));
}
