// Connecting a workspace's CRM over OAuth2 (issue 41 item 1; issue 58, Deliver 2; docs/adapters.md
// "Connecting a CRM"). Start: a grant in flight (crm-oauth-state.ts) and the authorize URL with its
// PKCE challenge. Finish (the CRM's redirect, in the browser's sign-in session): the grant taken once,
// the code exchanged with its verifier, and the account the tokens are for read from the answer.
//
// The same account as connected, or a first connection: the tokens are stored. Another account:
// nothing changes; the grant is parked with its tokens sealed for 24 hours until a revops or admin
// person confirms the change (confirmCrmAccountChange), because a new portal or org moves where the
// workspace's CRM writes go and which webhooks reach it. A HubSpot portal another workspace connected
// is refused: HubSpot's webhooks name only the portal, and are routed to the workspace by it.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.ts";
import { openSecret, sealSecret } from "../auth/oidc/seal-secret.ts";
import { describePrincipal, type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { type CrmOAuthProvider, exchangeCode, type OAuthTokenSet, saveOAuthTokens } from "./crm-oauth.ts";
import { authorizeUrlOf, oauthRedirectUri } from "./crm-oauth-providers.ts";
import { type GrantHolder, openCrmGrant, takeCrmGrant } from "./crm-oauth-state.ts";
import type { CrmProviderName } from "./tables.ts";

/** A grant for another account waits this long for a person's confirmation. */
export const PENDING_CHANGE_TTL_MS = 24 * 3_600_000;
const SEAL = "crm-oauth-token" as const;
const ACTION = "connect the CRM";

export interface ConnectSettings {
  secret: string;
  publicUrl: string;
  provider: CrmOAuthProvider;
  fetch?: typeof fetch;
}

const holderOf = (p: Principal, sessionId: string | null): GrantHolder => ({
  clientId: p.clientId,
  principalId: p.principalId,
  sessionId,
});

export async function startCrmConnect(
  db: Kysely<DB>,
  s: ConnectSettings,
  principal: Principal,
  sessionId: string | null,
  now: Date,
): Promise<{ authorizeUrl: string; redirectUri: string }> {
  requireRole(principal, ACTION, "revops", "admin");
  const redirectUri = oauthRedirectUri(s.publicUrl, s.provider.name);
  const grant = await openCrmGrant(db, s.secret, holderOf(principal, sessionId), s.provider.name, now);
  return {
    authorizeUrl: authorizeUrlOf(s.provider, redirectUri, grant.state, grant.codeChallenge),
    redirectUri,
  };
}

export interface CallbackParams {
  state: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

export type ConnectOutcome =
  | { status: "connected"; account: string }
  | { status: "pending"; grantId: string; account: string; previous: string; expiresAt: Date };

/** The callback, with the principal and session of the browser's sign-in cookie. */
export async function finishCrmConnect(
  db: Kysely<DB>,
  s: ConnectSettings,
  principal: Principal,
  sessionId: string,
  cb: CallbackParams,
  now: Date,
): Promise<ConnectOutcome> {
  const provider = s.provider.name;
  requireRole(principal, ACTION, "revops", "admin");
  const grant = await takeCrmGrant(db, s.secret, holderOf(principal, sessionId), provider, cb.state, now);
  if (!cb.code)
    throw new BatonError("CRM_OAUTH_EXCHANGE_FAILED", {
      provider,
      status: 400,
      why: [cb.error ?? "no code", cb.errorDescription].filter(Boolean).join(": "),
    });
  const redirectUri = oauthRedirectUri(s.publicUrl, provider);
  const tokens = await exchangeCode(s.provider, cb.code, redirectUri, s.fetch ?? fetch, now, {
    state: cb.state,
    verifier: grant.verifier,
  });
  const account = tokens.accountRef;
  if (!account)
    throw new BatonError("CRM_OAUTH_EXCHANGE_FAILED", {
      provider,
      status: 200,
      why: "the answer does not say which account the tokens are for",
    });
  if (s.provider.oneWorkspacePerAccount)
    await refuseConnectedElsewhere(db, principal.clientId, provider, account);
  const current = await connectedAccount(db, principal.clientId, provider);
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(db, {
      clientId: principal.clientId,
      actorPrincipalId: principal.principalId,
      actorLabel: describePrincipal(principal),
      action,
      target: provider,
      details,
    });
  if (current === null || current === account) {
    await saveOAuthTokens(db, s.secret, principal.clientId, provider, tokens, now);
    await audit("crm_connected", { provider, account });
    return { status: "connected", account };
  }
  const expiresAt = new Date(now.getTime() + PENDING_CHANGE_TTL_MS);
  await db
    .insertInto("crm_oauth_grants")
    .values({
      client_id: principal.clientId,
      grant_id: grant.grantId,
      provider,
      started_by: grant.startedBy,
      created_at: now,
      expires_at: expiresAt,
      pending_account: account,
      previous_account: current,
      tokens_sealed: sealSecret(JSON.stringify(tokens), s.secret, SEAL),
    })
    .execute();
  await audit("crm_account_change_pending", { provider, account, previous: current, grant: grant.grantId });
  return { status: "pending", grantId: grant.grantId, account, previous: current, expiresAt };
}

/** A parked grant for another account made the workspace's connection, by a revops or admin person. */
export async function confirmCrmAccountChange(
  db: Kysely<DB>,
  secret: string,
  principal: Principal,
  crm: CrmOAuthProvider,
  grantId: string,
  now: Date,
): Promise<{ account: string; previous: string }> {
  requireRole(principal, "confirm a change of the CRM account", "revops", "admin");
  const clientId = principal.clientId;
  const provider = crm.name;
  const notPending = (why: string) =>
    new BatonError("CRM_ACCOUNT_CHANGE_NOT_PENDING", { provider, grant: grantId, why });
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .deleteFrom("crm_oauth_grants")
      .where("client_id", "=", clientId)
      .where("grant_id", "=", grantId)
      .where("provider", "=", provider)
      .where("pending_account", "is not", null)
      .returning(["pending_account", "previous_account", "tokens_sealed", "expires_at"])
      .executeTakeFirst();
    if (!row?.pending_account || !row.tokens_sealed)
      throw notPending("no change of account waits under this id in this workspace");
    if (new Date(row.expires_at) <= now) throw notPending("it waited more than 24 hours; connect again");
    // check twice: the connection may have changed since the grant was parked
    const current = await connectedAccount(tx, clientId, provider, true);
    if (current !== row.previous_account)
      throw notPending(`the workspace's ${provider} account changed since (now ${current ?? "none"})`);
    if (crm.oneWorkspacePerAccount)
      await refuseConnectedElsewhere(tx, clientId, provider, row.pending_account);
    const parked = JSON.parse(openSecret(row.tokens_sealed, secret, SEAL)) as OAuthTokenSet;
    const tokens = { ...parked, expiresAt: new Date(parked.expiresAt), accountRef: row.pending_account };
    await saveOAuthTokens(tx, secret, clientId, provider, tokens, now);
    // the links and the poll's cursor were the old account's records and clock: start afresh
    await tx
      .deleteFrom("crm_links")
      .where("client_id", "=", clientId)
      .where("adapter", "=", provider)
      .execute();
    await tx
      .deleteFrom("crm_sync_cursors")
      .where("client_id", "=", clientId)
      .where("provider", "=", provider)
      .execute();
    await recordAudit(tx, {
      clientId,
      actorPrincipalId: principal.principalId,
      actorLabel: describePrincipal(principal),
      action: "crm_account_changed",
      target: provider,
      details: { provider, account: row.pending_account, previous: current, grant: grantId },
    });
    return { account: row.pending_account, previous: current ?? "" };
  });
}

async function connectedAccount(
  db: Kysely<DB>,
  clientId: string,
  provider: CrmProviderName,
  lock = false,
): Promise<string | null> {
  let q = db
    .selectFrom("crm_oauth_tokens")
    .select("account_ref")
    .where("client_id", "=", clientId)
    .where("provider", "=", provider);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst())?.account_ref ?? null;
}

/** One workspace per CRM account (webhooks are routed by it): a read across tenants, by design. */
async function refuseConnectedElsewhere(
  db: Kysely<DB>,
  clientId: string,
  provider: CrmProviderName,
  account: string,
): Promise<void> {
  const other = await db
    .selectFrom("crm_oauth_tokens")
    .select("client_id")
    .where("provider", "=", provider)
    .where("account_ref", "=", account)
    .where("client_id", "<>", clientId)
    .executeTakeFirst();
  if (other) throw new BatonError("CRM_ACCOUNT_CONNECTED_ELSEWHERE", { provider, account });
}
