// The state and the PKCE code verifier of a CRM's OAuth2 grant (issue 58, Deliver 2): kept in
// crm_oauth_grants (0355), bound to the person and the sign-in session, valid 10 minutes and taken
// once, as src/auth/oauth-grant/oauth-grant-state.ts says (RFC 6749 §10.12, RFC 7636, RFC 9700).
import type { Kysely } from "kysely";
import {
  type GrantHolder,
  type GrantKind,
  OAUTH_GRANT_TTL_MS,
  openGrant,
  takeGrant,
} from "../auth/oauth-grant/oauth-grant-state.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CrmProviderName } from "./tables.ts";

export type { GrantHolder };
export const OAUTH_STATE_TTL_MS = OAUTH_GRANT_TTL_MS;

// the CRM's refusal says only why: the callback's answer is an error, not a redirect with a reason
const CRM_GRANT: GrantKind<"crm_oauth_grants"> = {
  table: "crm_oauth_grants",
  seal: "crm-oauth-token",
  noun: "grant",
  refuse: (provider, _reason, why) => new BatonError("CRM_OAUTH_STATE_INVALID", { provider, why }),
};

/** A new grant in flight: its state and the S256 challenge of its verifier, for the authorize URL. */
export function openCrmGrant(
  db: Kysely<DB>,
  secret: string,
  holder: GrantHolder,
  provider: CrmProviderName,
  now: Date,
): Promise<{ state: string; codeChallenge: string }> {
  return openGrant(db, CRM_GRANT, secret, holder, provider, now);
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
  const { row, verifier } = await takeGrant(db, CRM_GRANT, secret, holder, provider, state, now);
  return { grantId: row.grant_id, startedBy: row.started_by, verifier };
}
