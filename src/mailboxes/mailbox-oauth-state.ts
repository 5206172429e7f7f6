// The state and the PKCE code verifier of a mailbox's consent (issue 67 item 1), as the CRM grant's
// (src/auth/oauth-grant/oauth-grant-state.ts; RFC 6749 §10.12, RFC 7636, RFC 9700): kept in
// mailbox_oauth_grants (0500) with the address the consenting account must be, bound to the person
// and the sign-in session, valid 10 minutes and taken once; a refused grant stays for its own holder.
import type { Kysely } from "kysely";
import {
  type GrantHolder,
  type GrantKind,
  type GrantRefusal,
  OAUTH_GRANT_TTL_MS,
  openGrant,
  takeGrant,
} from "../auth/oauth-grant/oauth-grant-state.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { MAILBOX_SEAL } from "./mailbox-tokens.ts";
import type { OAuthMailboxProvider } from "./tables.ts";

export const MAILBOX_STATE_TTL_MS = OAUTH_GRANT_TTL_MS;

/** Who started, or completes, a consent: the person and the sign-in session (null: an API token). */
export type MailboxGrantHolder = GrantHolder;

/**
 * Why a state is refused, as a word the callback's redirect carries to My mailbox (which says it
 * in a sentence): used (or never issued here), expired, another provider's, another browser
 * session's, another person's, or no Baton sign-in in this browser.
 */
export type StateRefusal = GrantRefusal | "no_session";

export function stateInvalid(provider: OAuthMailboxProvider, reason: StateRefusal, why: string): BatonError {
  return new BatonError("MAILBOX_OAUTH_STATE_INVALID", { provider, reason, why });
}

const MAILBOX_GRANT: GrantKind<"mailbox_oauth_grants"> = {
  table: "mailbox_oauth_grants",
  seal: MAILBOX_SEAL,
  noun: "consent",
  refuse: stateInvalid,
};

/** A new consent in flight: its state and the S256 challenge of its verifier, for the authorize URL. */
export function openMailboxGrant(
  db: Kysely<DB>,
  secret: string,
  holder: MailboxGrantHolder,
  provider: OAuthMailboxProvider,
  mailbox: string,
  now: Date,
): Promise<{ state: string; codeChallenge: string }> {
  return openGrant(db, MAILBOX_GRANT, secret, holder, provider, now, { mailbox: mailbox.toLowerCase() });
}

export interface TakenMailboxGrant {
  grantId: string;
  mailbox: string;
  verifier: string;
}

/**
 * Takes (deletes) the grant the callback's state names, when the browser's sign-in session may
 * complete it: the same workspace, the same person, the same session when one started it, the same
 * provider, within 10 minutes. MAILBOX_OAUTH_STATE_INVALID otherwise, saying why.
 */
export async function takeMailboxGrant(
  db: Kysely<DB>,
  secret: string,
  holder: MailboxGrantHolder,
  provider: OAuthMailboxProvider,
  state: string,
  now: Date,
): Promise<TakenMailboxGrant> {
  const { row, verifier } = await takeGrant(db, MAILBOX_GRANT, secret, holder, provider, state, now);
  return { grantId: row.grant_id, mailbox: row.mailbox, verifier };
}
