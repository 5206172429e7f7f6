// The state and the PKCE code verifier of an OAuth2 grant Baton asks a provider for on a person's
// behalf: a CRM's grant (src/crm/crm-oauth-state.ts, crm_oauth_grants, 0355) and a mailbox's consent
// (src/mailboxes/mailbox-oauth-state.ts, mailbox_oauth_grants, 0500). RFC 6749 §10.12, RFC 7636,
// RFC 9700 §2.1.1 and §4.7: random, kept on the server (the state's SHA-256 hash, the verifier sealed
// under BATON_SECRET), bound to the person and, when the grant was started from a browser, to that
// sign-in session; valid 10 minutes and taken once. The callback looks for the grant in the workspace
// of the browser's sign-in session only, so a state of another workspace, another person or another
// browser session is refused before any code is spent, and a refused grant stays for its own holder.
import type { Kysely, Selectable } from "kysely";
import * as oidc from "openid-client";
import type { DB } from "../../db/database.ts";
import { openSecret, type SealPurpose, sealSecret } from "../oidc/seal-secret.ts";
import { hashOpaqueId } from "../sessions/opaque-id.ts";

export const OAUTH_GRANT_TTL_MS = 10 * 60_000;

/** The tables that hold grants in flight; they share the columns this module reads and writes. */
export type GrantTable = "crm_oauth_grants" | "mailbox_oauth_grants";

/** The providers a table's grants are for (hubspot, salesforce; google, microsoft). */
export type GrantProvider<T extends GrantTable> = DB[T]["provider"];

/** Who started, or completes, a grant: the person and the sign-in session (null: an API token). */
export interface GrantHolder {
  clientId: string;
  principalId: string;
  sessionId: string | null;
}

/** Why a state is refused: used (or never issued here), expired, another provider's, session's, person's. */
export type GrantRefusal = "used" | "expired" | "other_provider" | "other_session" | "other_person";

/** What tells one kind of grant from the other: its table, its seal, its word and its error. */
export interface GrantKind<T extends GrantTable> {
  table: T;
  seal: SealPurpose;
  /** the word the refusals say: the CRM's "grant", the mailbox's "consent" */
  noun: "grant" | "consent";
  /** the caller's error for a refusal, with the sentence that says why */
  refuse: (provider: GrantProvider<T>, reason: GrantRefusal, why: string) => Error;
}

/** A column only the caller's table has (keyof a union of tables is the columns they share). */
type OwnColumn<T extends GrantTable> = Exclude<keyof DB[T], keyof DB[GrantTable]>;

/**
 * The queries below run on either table: kysely types a union of table names by the columns the two
 * share, so `grants` widens the caller's table to that union, and takeGrant casts the row it deletes
 * back to the caller's own table (the mailbox's address, the CRM's parked columns).
 */
const grants = <T extends GrantTable>(kind: GrantKind<T>): GrantTable => kind.table;

/**
 * A new grant in flight: its state and the S256 challenge of its verifier, for the authorize URL.
 * `columns` are the caller's own (the mailbox's address).
 */
export async function openGrant<T extends GrantTable>(
  db: Kysely<DB>,
  kind: GrantKind<T>,
  secret: string,
  holder: GrantHolder,
  provider: GrantProvider<T>,
  now: Date,
  columns: Partial<Record<OwnColumn<T>, string>> = {},
): Promise<{ state: string; codeChallenge: string }> {
  const state = oidc.randomState();
  const verifier = oidc.randomPKCECodeVerifier();
  // the workspace's expired grants (the CRM's parked ones included) are worth nothing
  await db
    .deleteFrom(grants(kind))
    .where("client_id", "=", holder.clientId)
    .where("expires_at", "<=", now)
    .execute();
  await db
    .insertInto(grants(kind))
    .values({
      ...columns,
      client_id: holder.clientId,
      provider,
      state_hash: hashOpaqueId(state),
      started_by: holder.principalId,
      session_id: holder.sessionId,
      code_verifier_sealed: sealSecret(verifier, secret, kind.seal),
      created_at: now,
      expires_at: new Date(now.getTime() + OAUTH_GRANT_TTL_MS),
    })
    .execute();
  return { state, codeChallenge: await oidc.calculatePKCECodeChallenge(verifier) };
}

/**
 * Takes (deletes) the grant the callback's state names, when the browser's sign-in session may
 * complete it: the same workspace, the same person, the same session when one started it, the same
 * provider, within 10 minutes. The caller's refusal otherwise, saying why; a grant refused for its
 * holder stays for its own holder. The row comes back whole, with its verifier unsealed.
 */
export async function takeGrant<T extends GrantTable>(
  db: Kysely<DB>,
  kind: GrantKind<T>,
  secret: string,
  holder: GrantHolder,
  provider: GrantProvider<T>,
  state: string,
  now: Date,
): Promise<{ row: Selectable<DB[T]>; verifier: string }> {
  const refuse = (reason: GrantRefusal, why: string) => kind.refuse(provider, reason, why);
  const hash = hashOpaqueId(state);
  const row = await deleteHeld(db, kind, holder, provider, hash);
  if (!row) throw await diagnose(db, kind, holder, provider, hash);
  if (new Date(row.expires_at) <= now) throw refuse("expired", `the ${kind.noun} has expired (10 minutes)`);
  // the CRM's column may be null (a parked grant keeps none); a mailbox's never is
  if (!row.code_verifier_sealed) throw refuse("used", `the ${kind.noun} has no code verifier`);
  return {
    row: row as unknown as Selectable<DB[T]>, // back from the union of the two tables to the caller's own
    verifier: openSecret(row.code_verifier_sealed, secret, kind.seal),
  };
}

/** The grant of this state, deleted, if this holder may complete it; expiry is checked after. */
function deleteHeld<T extends GrantTable>(
  db: Kysely<DB>,
  kind: GrantKind<T>,
  holder: GrantHolder,
  provider: GrantProvider<T>,
  hash: string,
) {
  return db
    .deleteFrom(grants(kind))
    .where("client_id", "=", holder.clientId)
    .where("state_hash", "=", hash)
    .where("provider", "=", provider)
    .where("started_by", "=", holder.principalId)
    .where((eb) =>
      holder.sessionId === null
        ? eb("session_id", "is", null)
        : eb.or([eb("session_id", "is", null), eb("session_id", "=", holder.sessionId)]),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Why no grant was taken: the workspace's grant of this state, if any, says whose it is. */
async function diagnose<T extends GrantTable>(
  db: Kysely<DB>,
  kind: GrantKind<T>,
  holder: GrantHolder,
  provider: GrantProvider<T>,
  hash: string,
): Promise<Error> {
  const refuse = (reason: GrantRefusal, why: string) => kind.refuse(provider, reason, why);
  const other = await db
    .selectFrom(grants(kind))
    .select(["provider", "started_by"])
    .where("client_id", "=", holder.clientId)
    .where("state_hash", "=", hash)
    .executeTakeFirst();
  const noun = kind.noun;
  if (!other)
    return refuse(
      "used",
      `no ${noun} of this workspace has this state: it was used already, expired, or was started in another workspace`,
    );
  if (other.provider !== provider)
    return refuse("other_provider", `the state was issued for ${other.provider}`);
  if (other.started_by === holder.principalId)
    return refuse(
      "other_session",
      `the ${noun} was started in another browser session; finish it there, or start again here`,
    );
  return refuse("other_person", `the ${noun} was started by another person`);
}
