// Which domains a tenant sends from, and their deliverability checks (issue 41 item 3): every
// domain of a mailbox it sends, reads or limits, of a DKIM key it holds, and of the configured
// From address. Read by the Mailboxes page (GET /api/v1/sending-domains) and `baton doctor`.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { domainOf } from "./dkim-keys.ts";
import {
  checkSendingDomain,
  type DomainCheck,
  type DomainToCheck,
  type TxtResolver,
} from "./sending-domain-checks.ts";

/** The same readers as the mailbox state (src/inbox/manage-inboxes.ts INBOX_READER_ROLES). */
const SENDING_DOMAIN_READERS = ["admin", "revops", "slm", "exec"] as const;

/** A tenant's sending domains (null tenant: every tenant's, for the operator's `baton doctor`), each with Baton's DKIM key if it has one. */
export async function sendingDomains(
  db: Kysely<DB>,
  clientId: string | null,
  fromAddress: string | null,
): Promise<DomainToCheck[]> {
  const tenant = clientId === null ? sql`true` : sql`client_id = ${clientId}`;
  const boxes = await sql<{ mailbox: string }>`
    select mailbox from mailbox_inboxes where ${tenant}
    union select mailbox from campaign_mailboxes where ${tenant}
    union select mailbox from mailbox_limits where ${tenant}`.execute(db);
  const keys = await sql<{ domain: string; selector: string; public_key_b64: string }>`
    select domain, selector, public_key_b64 from dkim_keys where ${tenant} order by domain, created_at`.execute(
    db,
  );
  const domains = new Set<string>();
  for (const b of boxes.rows) if (b.mailbox.includes("@")) domains.add(domainOf(b.mailbox));
  for (const k of keys.rows) domains.add(k.domain.toLowerCase());
  if (fromAddress?.includes("@")) domains.add(domainOf(fromAddress));
  // a domain no resolver can answer for (the dev default baton@localhost) has nothing to check
  domains.delete("localhost");
  return [...domains].sort().map((domain) => {
    // the key Baton signs with: the newest for the domain (src/channels/dkim-keys.ts dkimKeyFor)
    const key = keys.rows.filter((k) => k.domain.toLowerCase() === domain).at(-1);
    return { domain, dkim: key ? { selector: key.selector, public_key_b64: key.public_key_b64 } : null };
  });
}

export async function checkSendingDomains(
  db: Kysely<DB>,
  actor: Principal,
  resolver: TxtResolver,
  fromAddress: string | null,
): Promise<DomainCheck[]> {
  requireRole(actor, "read the sending domains' DNS checks", ...SENDING_DOMAIN_READERS);
  const targets = await sendingDomains(db, actor.clientId, fromAddress);
  return Promise.all(targets.map((t) => checkSendingDomain(resolver, t)));
}
