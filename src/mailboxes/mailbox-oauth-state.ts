// The state and the PKCE code verifier of a mailbox's consent (issue 67 item 1), as the CRM grant's
// (src/crm/crm-oauth-state.ts; RFC 6749 §10.12, RFC 7636, RFC 9700 §2.1.1 and §4.7): random, kept on
// the server (mailbox_oauth_grants, 0500: the state's SHA-256 hash, the verifier sealed under
// BATON_SECRET), bound to the person and, when the consent was started from a browser, to that
// sign-in session, with the address the consenting account must be; valid 10 minutes and taken once.
// The callback looks for the grant in the workspace of the browser's sign-in session only, so a
// state of another workspace, another person or another browser session is refused before any
// code is spent, and a refused grant stays for its own holder.
import type { Kysely } from "kysely";
import * as oidc from "openid-client";
import { openSecret, sealSecret } from "../auth/oidc/seal-secret.ts";
import { hashOpaqueId } from "../auth/sessions/opaque-id.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { MAILBOX_SEAL } from "./mailbox-tokens.ts";
import type { OAuthMailboxProvider } from "./tables.ts";

export const MAILBOX_STATE_TTL_MS = 10 * 60_000;

/** Who started, or completes, a consent: the person and the sign-in session (null: an API token). */
export interface MailboxGrantHolder {
  clientId: string;
  principalId: string;
  sessionId: string | null;
}

/**
 * Why a state is refused, as a word the callback's redirect carries to My mailbox (which says it
 * in a sentence): used (or never issued here), expired, another provider's, another browser
 * session's, another person's, or no Baton sign-in in this browser.
 */
export type StateRefusal =
  | "used"
  | "expired"
  | "other_provider"
  | "other_session"
  | "other_person"
  | "no_session";

export function stateInvalid(provider: OAuthMailboxProvider, reason: StateRefusal, why: string): BatonError {
  return new BatonError("MAILBOX_OAUTH_STATE_INVALID", { provider, reason, why });
}

/** A new consent in flight: its state and the S256 challenge of its verifier, for the authorize URL. */
export async function openMailboxGrant(
  db: Kysely<DB>,
  secret: string,
  holder: MailboxGrantHolder,
  provider: OAuthMailboxProvider,
  mailbox: string,
  now: Date,
): Promise<{ state: string; codeChallenge: string }> {
  const state = oidc.randomState();
  const verifier = oidc.randomPKCECodeVerifier();
  // the workspace's expired consents are worth nothing
  await db
    .deleteFrom("mailbox_oauth_grants")
    .where("client_id", "=", holder.clientId)
    .where("expires_at", "<=", now)
    .execute();
  await db
    .insertInto("mailbox_oauth_grants")
    .values({
      client_id: holder.clientId,
      provider,
      mailbox: mailbox.toLowerCase(),
      state_hash: hashOpaqueId(state),
      started_by: holder.principalId,
      session_id: holder.sessionId,
      code_verifier_sealed: sealSecret(verifier, secret, MAILBOX_SEAL),
      created_at: now,
      expires_at: new Date(now.getTime() + MAILBOX_STATE_TTL_MS),
    })
    .execute();
  return { state, codeChallenge: await oidc.calculatePKCECodeChallenge(verifier) };
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
  const hash = hashOpaqueId(state);
  const row = await db
    .deleteFrom("mailbox_oauth_grants")
    .where("client_id", "=", holder.clientId)
    .where("state_hash", "=", hash)
    .where("provider", "=", provider)
    .where("started_by", "=", holder.principalId)
    .where((eb) =>
      holder.sessionId === null
        ? eb("session_id", "is", null)
        : eb.or([eb("session_id", "is", null), eb("session_id", "=", holder.sessionId)]),
    )
    .returning(["grant_id", "mailbox", "code_verifier_sealed", "expires_at"])
    .executeTakeFirst();
  if (!row) {
    const other = await db
      .selectFrom("mailbox_oauth_grants")
      .select(["provider", "started_by"])
      .where("client_id", "=", holder.clientId)
      .where("state_hash", "=", hash)
      .executeTakeFirst();
    if (!other)
      throw stateInvalid(
        provider,
        "used",
        "no consent of this workspace has this state: it was used already, expired, or was started in another workspace",
      );
    if (other.provider !== provider)
      throw stateInvalid(provider, "other_provider", `the state was issued for ${other.provider}`);
    if (other.started_by === holder.principalId)
      throw stateInvalid(
        provider,
        "other_session",
        "the consent was started in another browser session; finish it there, or start again here",
      );
    throw stateInvalid(provider, "other_person", "the consent was started by another person");
  }
  if (new Date(row.expires_at) <= now)
    throw stateInvalid(provider, "expired", "the consent has expired (10 minutes)");
  return {
    grantId: row.grant_id,
    mailbox: row.mailbox,
    verifier: openSecret(row.code_verifier_sealed, secret, MAILBOX_SEAL),
  };
}
