// The mailbox providers a person connects by OAuth consent (issue 67), from the deployment's
// settings: the OAuth app (BATON_MAILBOX_GOOGLE_* / BATON_MAILBOX_MICROSOFT_*, the same app the IMAP
// XOAUTH2 reader refreshes with), its endpoints (overridable: the tests point them at local
// stand-ins), the smallest scopes that send and read, and each provider's own sending limits.
//
// Scopes, the smallest that send and read:
// - Google: gmail.send (users.messages.send) and gmail.readonly (users.getProfile to prove the
//   address, messages.list/get and history.list to read replies and to find a send by its
//   Message-ID). IMAP would need https://mail.google.com/, a restricted scope with full access, so
//   Google mailboxes are read through the Gmail API.
// - Microsoft: Mail.Send, Mail.Read, User.Read (GET /me: the address) and offline_access (a refresh
//   token), all delegated, on Microsoft Graph.
import type { Config } from "../config/config.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { OAuthMailboxProvider } from "./tables.ts";

export interface MailboxOAuthProvider {
  name: OAuthMailboxProvider;
  label: string;
  clientId: string;
  clientSecret?: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** Google's revocation endpoint (RFC 7009); Microsoft offers none for a delegated grant */
  revokeUrl?: string;
  /** Gmail: the base of /gmail/v1/…; Graph: the base of /v1.0/… */
  apiUrl: string;
  scopes: string[];
  /** the authorization request's extra parameters (Google: offline access, the consent screen) */
  authorizeParams: Record<string, string>;
}

export const GOOGLE_SCOPES = [
  "https://www.googleapis.com/auth/gmail.send",
  "https://www.googleapis.com/auth/gmail.readonly",
];
export const MICROSOFT_SCOPES = ["offline_access", "User.Read", "Mail.Send", "Mail.Read"];

/**
 * Each provider's own sending limits, from its documentation (issue 67 item 4), enforced in the
 * ledger beside the tenant's limits and warm-up ramps (reserve-mailboxes.ts):
 * - Google Workspace: 2,000 messages a day per user (Gmail sending limits in Google Workspace,
 *   "Messages per day (daily sending limit)": 2,000; a rolling 24 hours).
 * - Microsoft 365 (Exchange Online limits, "Sending limits"): 10,000 recipients a day and 30
 *   messages a minute per mailbox.
 * Baton sends one recipient a message, so recipients and messages count alike.
 */
export const PROVIDER_LIMITS: Readonly<
  Record<"google" | "microsoft", { perDay: number; perMinute: number | null; source: string }>
> = {
  google: { perDay: 2_000, perMinute: null, source: "Google Workspace: 2,000 messages a day per user" },
  microsoft: {
    perDay: 10_000,
    perMinute: 30,
    source: "Exchange Online: 10,000 recipients a day, 30 messages a minute per mailbox",
  },
};

type Env = Record<string, string | undefined>;
const trim = (u: string) => u.replace(/\/$/, "");

/** The provider of a name under this deployment's settings, or undefined when its app is not set up. */
export function mailboxOAuthProvider(
  config: Pick<Config, "inbox">,
  name: OAuthMailboxProvider,
): MailboxOAuthProvider | undefined {
  const env: Env = config.inbox.secretEnv;
  if (name === "google") {
    const clientId = env.BATON_MAILBOX_GOOGLE_CLIENT_ID;
    if (!clientId) return undefined;
    return {
      name,
      label: "Google",
      clientId,
      clientSecret: env.BATON_MAILBOX_GOOGLE_CLIENT_SECRET || undefined,
      authorizeUrl: env.BATON_MAILBOX_GOOGLE_AUTH_URL || "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: env.BATON_MAILBOX_GOOGLE_TOKEN_URL || "https://oauth2.googleapis.com/token",
      revokeUrl: env.BATON_MAILBOX_GOOGLE_REVOKE_URL || "https://oauth2.googleapis.com/revoke",
      apiUrl: trim(env.BATON_MAILBOX_GOOGLE_API_URL || "https://gmail.googleapis.com"),
      scopes: GOOGLE_SCOPES,
      // a refresh token (offline), and the consent screen each time so that a reconnect gets one too
      authorizeParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
    };
  }
  const clientId = env.BATON_MAILBOX_MICROSOFT_CLIENT_ID;
  if (!clientId) return undefined;
  const tenant = encodeURIComponent(env.BATON_MAILBOX_MICROSOFT_TENANT || "organizations");
  const login = `https://login.microsoftonline.com/${tenant}/oauth2/v2.0`;
  return {
    name,
    label: "Microsoft",
    clientId,
    clientSecret: env.BATON_MAILBOX_MICROSOFT_CLIENT_SECRET || undefined,
    authorizeUrl: env.BATON_MAILBOX_MICROSOFT_AUTH_URL || `${login}/authorize`,
    tokenUrl: env.BATON_MAILBOX_MICROSOFT_TOKEN_URL || `${login}/token`,
    apiUrl: trim(env.BATON_MAILBOX_MICROSOFT_API_URL || "https://graph.microsoft.com"),
    scopes: MICROSOFT_SCOPES,
    // the account chooser, so a person signed in to another account can pick the mailbox's own
    authorizeParams: { prompt: "select_account" },
  };
}

export function requireMailboxOAuthProvider(
  config: Pick<Config, "inbox">,
  name: OAuthMailboxProvider,
): MailboxOAuthProvider {
  const p = mailboxOAuthProvider(config, name);
  if (!p) throw new BatonError("MAILBOX_PROVIDER_NOT_CONFIGURED", { provider: name });
  return p;
}

/** Where the provider sends the browser back after consent (registered in the OAuth app as is). */
export function mailboxRedirectUri(publicUrl: string, name: OAuthMailboxProvider): string {
  return `${trim(publicUrl)}/api/v1/mailboxes/oauth/${name}/callback`;
}
