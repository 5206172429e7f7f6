// A person connects their own mailbox by OAuth consent (issue 67 item 1;
// docs/mailboxes.md "Connect your mailbox"). The CRM grant's design (src/crm/connect-crm.ts):
//
// Start: the mailbox (the person's sign-in address unless given) and a consent in flight
// (mailbox-oauth-state.ts: state hashed, PKCE verifier sealed, bound to person and session, 10
// minutes, once); the authorize URL with the smallest scopes (providers.ts) and the address as
// login_hint. Anyone connects as the owner themselves: nobody connects a mailbox for someone else.
//
// Finish (the provider's redirect, in the starter's browser session): the grant taken once, the
// code exchanged with its verifier through the one OAuth client (openid-client), then, before
// anything is stored: every scope asked must be granted (granular consent may drop one:
// MAILBOX_SCOPES_MISSING), and the consenting account must be the mailbox's own address, read from
// the provider (Gmail users.getProfile's emailAddress, Graph /me's mail or userPrincipalName:
// MAILBOX_ACCOUNT_MISMATCH). On a refusal after the exchange Google's just-issued grant is revoked
// (RFC 7009), unless the consenting account is a mailbox this workspace has connected (Google
// revokes the user's whole grant to the app, which would cut that one off too). A mailbox another
// person connected is MAILBOX_TAKEN. Then one row, tokens sealed, status connected; a mailbox that
// waited for consent (needs_consent) is resumed (mailbox_resumed: its held sends go on).
//
// Disconnecting: disconnect-mailbox.ts; what both use: mailbox-connection-rows.ts.
import type { Kysely } from "kysely";
import * as oidc from "openid-client";
import { recordAudit } from "../audit/index.ts";
import { describeRefusal, oauthRefusal } from "../auth/oauth/oauth-client.ts";
import { describePrincipal, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { PROVIDER_TIMEOUT_MS, requirePerson, revokeAtGoogle, rowOf } from "./mailbox-connection-rows.ts";
import { openMailboxGrant, takeMailboxGrant } from "./mailbox-oauth-state.ts";
import { logMailboxEvent, setMailboxStatus } from "./mailbox-state.ts";
import { type MailboxTokens, mailboxOAuthClient, sealedTokens, tokensOf } from "./mailbox-tokens.ts";
import { type MailboxOAuthProvider, mailboxRedirectUri } from "./providers.ts";

const ADDRESS = /^[^@\s<>]+@[^@\s<>]+$/;

export interface MailboxConnectSettings {
  secret: string;
  publicUrl: string;
  provider: MailboxOAuthProvider;
  fetch?: typeof fetch;
}

const holderOf = (p: Principal, sessionId: string | null) => ({
  clientId: p.clientId,
  principalId: p.principalId,
  sessionId,
});

/** The person's sign-in address, lower case; null when they have none. */
async function signInEmail(db: Kysely<DB>, p: Principal): Promise<string | null> {
  const row = await db
    .selectFrom("principals")
    .select("email")
    .where("client_id", "=", p.clientId)
    .where("principal_id", "=", p.principalId)
    .executeTakeFirst();
  return row?.email ? row.email.toLowerCase() : null;
}

/** Refuses a mailbox another person holds (connected, waiting for consent, or paused). */
function refuseTaken(
  row: { owner_id: string; status: string } | undefined,
  p: Principal,
  mailbox: string,
): void {
  if (row && row.owner_id !== p.principalId && row.status !== "disconnected")
    throw new BatonError("MAILBOX_TAKEN", { mailbox });
}

export async function startMailboxConnect(
  db: Kysely<DB>,
  s: MailboxConnectSettings,
  principal: Principal,
  sessionId: string | null,
  given: string | undefined,
  now: Date,
): Promise<{ authorizeUrl: string; redirectUri: string; mailbox: string }> {
  requirePerson(principal, "connect a mailbox");
  const mailbox = given?.trim().toLowerCase() || (await signInEmail(db, principal));
  if (!mailbox || !ADDRESS.test(mailbox) || mailbox.length > 320)
    throw new BatonError("VALIDATION_FAILED", {
      errors: [
        {
          path: "/mailbox",
          message: mailbox
            ? "must be an email address"
            : "is required: your sign-in has no email address; give the mailbox's address",
        },
      ],
    });
  refuseTaken(await rowOf(db, principal.clientId, mailbox), principal, mailbox);
  const p = s.provider;
  const redirectUri = mailboxRedirectUri(s.publicUrl, p.name);
  const grant = await openMailboxGrant(db, s.secret, holderOf(principal, sessionId), p.name, mailbox, now);
  const url = oidc.buildAuthorizationUrl(mailboxOAuthClient(p), {
    redirect_uri: redirectUri,
    scope: p.scopes.join(" "),
    state: grant.state,
    code_challenge: grant.codeChallenge,
    code_challenge_method: "S256",
    // the sign-in page offers the mailbox's own account first
    login_hint: mailbox,
    ...p.authorizeParams,
  });
  return { authorizeUrl: url.href, redirectUri, mailbox };
}

export interface MailboxCallbackParams {
  state: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

export interface ConnectedMailbox {
  mailbox: string;
  provider: MailboxOAuthProvider["name"];
  /** connected: a new or disconnected mailbox; reconnected: it had a grant; resumed: it waited for consent */
  outcome: "connected" | "reconnected" | "resumed";
  status: string;
}

/** The scopes the provider writes back, as providers.ts asks them (Graph may answer with its URI prefix). */
function normalScope(p: MailboxOAuthProvider, s: string): string {
  return p.name === "microsoft" ? s.replace(/^https:\/\/graph\.microsoft\.com\//i, "").toLowerCase() : s;
}

/** What the consent did not grant of what Baton asked (offline_access shows as the refresh token). */
export function missingScopes(p: MailboxOAuthProvider, granted: string[]): string[] {
  const have = new Set(granted.map((s) => normalScope(p, s)));
  return p.scopes.filter((s) => s !== "offline_access" && !have.has(normalScope(p, s)));
}

/** The address and the provider's id of the account the access token is for. */
async function consentingAccount(
  s: MailboxConnectSettings,
  accessToken: string,
): Promise<{ address: string; account: string }> {
  const p = s.provider;
  const url = p.name === "google" ? `${p.apiUrl}/gmail/v1/users/me/profile` : `${p.apiUrl}/v1.0/me`;
  const fail = (why: string) => new BatonError("MAILBOX_CONSENT_FAILED", { provider: p.name, why });
  let res: Response;
  try {
    res = await (s.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch (e) {
    throw fail(`the account could not be read (${(e as Error).name})`);
  }
  if (!res.ok) throw fail(`reading the account answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const address =
    p.name === "google" ? str(body?.emailAddress) : (str(body?.mail) ?? str(body?.userPrincipalName));
  if (!address) throw fail("the provider did not say which address the account has");
  const lower = address.toLowerCase();
  return { address: lower, account: (p.name === "google" ? lower : str(body?.id)) ?? lower };
}

/** The callback, with the principal and session of the browser's sign-in cookie. */
export async function finishMailboxConnect(
  db: Kysely<DB>,
  s: MailboxConnectSettings,
  principal: Principal,
  sessionId: string,
  cb: MailboxCallbackParams,
  now: Date,
): Promise<ConnectedMailbox> {
  const p = s.provider;
  requirePerson(principal, "connect a mailbox");
  const grant = await takeMailboxGrant(db, s.secret, holderOf(principal, sessionId), p.name, cb.state, now);
  const mailbox = grant.mailbox;
  if (!cb.code)
    throw new BatonError("MAILBOX_CONSENT_FAILED", {
      provider: p.name,
      why: cb.error === "access_denied" ? "the consent was declined" : (cb.error ?? "no authorization code"),
    });
  const callback = new URL(mailboxRedirectUri(s.publicUrl, p.name));
  callback.searchParams.set("code", cb.code);
  callback.searchParams.set("state", cb.state);
  let answer: oidc.TokenEndpointResponse;
  try {
    answer = await oidc.authorizationCodeGrant(mailboxOAuthClient(p, s.fetch), callback, {
      pkceCodeVerifier: grant.verifier,
      expectedState: cb.state,
    });
  } catch (e) {
    throw new BatonError("MAILBOX_CONSENT_FAILED", {
      provider: p.name,
      why: describeRefusal(await oauthRefusal(e), false),
    });
  }
  const tokens = tokensOf(answer, p.scopes, now);
  const issued = tokens.refreshToken || tokens.accessToken;
  // a refusal from here on stores nothing and gives Google's grant back
  const refuse = async (err: BatonError, consenting?: string): Promise<never> => {
    if (p.name === "google" && !(consenting && (await liveHere(db, principal.clientId, consenting))))
      await revokeAtGoogle(s.provider, issued, s.fetch);
    throw err;
  };
  const missing = missingScopes(p, tokens.scopes);
  if (missing.length)
    await refuse(
      new BatonError("MAILBOX_SCOPES_MISSING", { provider: p.name, mailbox, missing: missing.join(", ") }),
    );
  if (!tokens.refreshToken)
    await refuse(
      new BatonError("MAILBOX_CONSENT_FAILED", {
        provider: p.name,
        why: "the answer carries no refresh token (offline access was not granted)",
      }),
    );
  let who: { address: string; account: string };
  try {
    who = await consentingAccount(s, tokens.accessToken);
  } catch (e) {
    return refuse(e as BatonError);
  }
  if (who.address !== mailbox)
    await refuse(
      new BatonError("MAILBOX_ACCOUNT_MISMATCH", { provider: p.name, mailbox, account: who.address }),
      who.address,
    );
  try {
    return await store(db, s, principal, mailbox, who.account, tokens, now);
  } catch (e) {
    if ((e as BatonError)?.code === "MAILBOX_TAKEN") await refuse(e as BatonError, mailbox);
    throw e;
  }
}

/** Whether this address is a mailbox of the workspace with a grant (not disconnected). */
async function liveHere(db: Kysely<DB>, clientId: string, address: string): Promise<boolean> {
  const row = await rowOf(db, clientId, address);
  return !!row && row.status !== "disconnected" && !!row.refresh_token_sealed;
}

async function store(
  db: Kysely<DB>,
  s: MailboxConnectSettings,
  principal: Principal,
  mailbox: string,
  account: string,
  tokens: MailboxTokens,
  now: Date,
): Promise<ConnectedMailbox> {
  const p = s.provider;
  const clientId = principal.clientId;
  return db.transaction().execute(async (tx) => {
    const before = await rowOf(tx, clientId, mailbox, true);
    refuseTaken(before, principal, mailbox);
    const sealed = sealedTokens(tokens, s.secret);
    const grant = {
      owner_id: principal.principalId,
      provider: p.name,
      provider_account: account,
      scopes: tokens.scopes,
      ...sealed,
      smtp_host: null,
      smtp_port: null,
      smtp_secure: null,
      smtp_username: null,
      secret_sealed: null,
      updated_at: now,
    };
    const fresh = !before || before.status === "disconnected" || before.provider !== p.name;
    let outcome: ConnectedMailbox["outcome"];
    if (fresh) {
      const row = {
        ...grant,
        can_send: true,
        can_read: true,
        status: "connected" as const,
        status_reason: null,
        status_since: now,
        paused_until: null,
        read_cursor: null,
        last_read_at: null,
        last_error: null,
        last_error_at: null,
        connected_at: now,
      };
      await tx
        .insertInto("mailbox_connections")
        .values({ client_id: clientId, mailbox, ...row })
        .onConflict((oc) => oc.columns(["client_id", "mailbox"]).doUpdateSet(row))
        .execute();
      await logMailboxEvent(
        tx,
        clientId,
        mailbox,
        "mailbox_connected",
        now,
        { provider: p.name },
        principal.principalId,
      );
      outcome = "connected";
    } else {
      await tx
        .updateTable("mailbox_connections")
        .set({ ...grant, last_error: null, last_error_at: null })
        .where("client_id", "=", clientId)
        .where("mailbox", "=", mailbox)
        .execute();
      // a mailbox that waited for its owner's consent sends again; a pause keeps its own end
      const resumed =
        before.status === "needs_consent" &&
        (await setMailboxStatus(tx, clientId, mailbox, "connected", null, now, {
          actor: principal.principalId,
          details: { provider: p.name, reason: "its owner reconnected it" },
        }));
      outcome = resumed ? "resumed" : "reconnected";
    }
    await recordAudit(tx, {
      clientId,
      actorPrincipalId: principal.principalId,
      actorLabel: describePrincipal(principal),
      action: outcome === "connected" ? "mailbox_connected" : "mailbox_reconnected",
      target: mailbox,
      details: {
        provider: p.name,
        scopes: tokens.scopes,
        ...(outcome === "resumed" ? { resumed: true } : {}),
      },
    });
    const status = (
      await tx
        .selectFrom("mailbox_connections")
        .select("status")
        .where("client_id", "=", clientId)
        .where("mailbox", "=", mailbox)
        .executeTakeFirstOrThrow()
    ).status;
    return { mailbox, provider: p.name, outcome, status };
  });
}
