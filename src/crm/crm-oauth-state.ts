// The state and the PKCE code verifier of a CRM's OAuth2 grant (issue 58, Deliver 2; RFC 6749
// §10.12, RFC 7636, RFC 9700 §2.1.1 and §4.7): random, kept on the server (crm_oauth_grants, 0355:
// the state's SHA-256 hash, the verifier sealed under BATON_SECRET), bound to the person and, when
// the grant was started from a browser, to that sign-in session; valid 10 minutes and taken once.
// The callback finds the grant in the workspace of the browser's sign-in session only, so a state of
// another workspace, another person or another browser session is refused before any code is spent.
import type { Kysely } from "kysely";
import * as oidc from "openid-client";
import { openSecret, sealSecret } from "../auth/oidc/seal-secret.ts";
import { hashOpaqueId } from "../auth/sessions/opaque-id.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CrmProviderName } from "./tables.ts";

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
const SEAL = "crm-oauth-token" as const;

/** Who started, or completes, a grant: the person and the sign-in session (null: an API token). */
export interface GrantHolder {
  clientId: string;
  principalId: string;
  sessionId: string | null;
}

/** A new grant in flight: its state and the S256 challenge of its verifier, for the authorize URL. */
export async function openCrmGrant(
  db: Kysely<DB>,
  secret: string,
  holder: GrantHolder,
  provider: CrmProviderName,
  now: Date,
): Promise<{ state: string; codeChallenge: string }> {
  const state = oidc.randomState();
  const verifier = oidc.randomPKCECodeVerifier();
  // the workspace's expired grants (parked ones included) are worth nothing
  await db
    .deleteFrom("crm_oauth_grants")
    .where("client_id", "=", holder.clientId)
    .where("expires_at", "<=", now)
    .execute();
  await db
    .insertInto("crm_oauth_grants")
    .values({
      client_id: holder.clientId,
      provider,
      state_hash: hashOpaqueId(state),
      started_by: holder.principalId,
      session_id: holder.sessionId,
      code_verifier_sealed: sealSecret(verifier, secret, SEAL),
      created_at: now,
      expires_at: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
    })
    .execute();
  return { state, codeChallenge: await oidc.calculatePKCECodeChallenge(verifier) };
}

export interface TakenGrant {
  grantId: string;
  startedBy: string;
  verifier: string;
}

/**
 * Takes (deletes) the grant the callback's state names, when the browser's sign-in session may
 * complete it: the same workspace, the same person, the same session when one started it, within
 * 10 minutes. CRM_OAUTH_STATE_INVALID otherwise, saying why; a grant refused for its holder stays
 * for its own holder.
 */
export async function takeCrmGrant(
  db: Kysely<DB>,
  secret: string,
  holder: GrantHolder,
  provider: CrmProviderName,
  state: string,
  now: Date,
): Promise<TakenGrant> {
  const refuse = (why: string) => new BatonError("CRM_OAUTH_STATE_INVALID", { provider, why });
  const hash = hashOpaqueId(state);
  const row = await db
    .deleteFrom("crm_oauth_grants")
    .where("client_id", "=", holder.clientId)
    .where("state_hash", "=", hash)
    .where("provider", "=", provider)
    .where("started_by", "=", holder.principalId)
    .where((eb) =>
      holder.sessionId === null
        ? eb("session_id", "is", null)
        : eb.or([eb("session_id", "is", null), eb("session_id", "=", holder.sessionId)]),
    )
    .returning(["grant_id", "started_by", "code_verifier_sealed", "expires_at"])
    .executeTakeFirst();
  if (!row) {
    const other = await db
      .selectFrom("crm_oauth_grants")
      .select(["provider", "started_by"])
      .where("client_id", "=", holder.clientId)
      .where("state_hash", "=", hash)
      .executeTakeFirst();
    if (!other)
      throw refuse(
        "no grant of this workspace has this state: it was used already, expired, or was started in another workspace",
      );
    if (other.provider !== provider) throw refuse(`the state was issued for ${other.provider}`);
    throw refuse(
      other.started_by === holder.principalId
        ? "the grant was started in another browser session; finish it there, or start again here"
        : "the grant was started by another person",
    );
  }
  if (new Date(row.expires_at) <= now) throw refuse("the grant has expired (10 minutes)");
  if (!row.code_verifier_sealed) throw refuse("the grant has no code verifier");
  return {
    grantId: row.grant_id,
    startedBy: row.started_by,
    verifier: openSecret(row.code_verifier_sealed, secret, SEAL),
  };
}
