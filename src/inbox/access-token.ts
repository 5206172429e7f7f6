// XOAUTH2 (Google, Microsoft 365): IMAP logs in with a short-lived OAuth2 access token instead of
// a password. The ingester asks a provider for a token at every connect (tokens expire in about an
// hour; a provider caches until shortly before expiry). Built in (oauth-refresh-provider.ts): "google"
// and "microsoft", by the refresh-token grant, configured with BATON_MAILBOX_GOOGLE_* /
// BATON_MAILBOX_MICROSOFT_* and the mailbox's stored refresh token. Any other source (a vault, a
// token broker) is an adapter registered at the composition root, which also replaces a built-in
// one of the same name:
//
//   registerAccessTokenProvider({
//     name: "vault",
//     async getAccessToken(mailbox) {
//       return accessToken; // for mailbox.username; cache it until shortly before it expires
//     },
//   });
export interface TokenMailbox {
  clientId: string;
  mailbox: string;
  username: string;
  provider: string;
  /**
   * The mailbox's stored OAuth2 refresh token (sealed or BATON_MAILBOX_* reference, as passwords
   * are), when it has one. Never log it.
   */
  refreshToken?: string;
  /**
   * Keeps a refresh token the provider's endpoint rotated: the ingester seals it into the mailbox's
   * row when the stored one is sealed there; a no-op for an environment-variable reference.
   */
  saveRefreshToken?: (refreshToken: string) => Promise<void>;
}

export interface AccessTokenProvider {
  readonly name: string;
  getAccessToken(mailbox: TokenMailbox): Promise<string>;
}

const providers = new Map<string, AccessTokenProvider>();

/** Registered at the composition root (or by a test); a later one with the same name replaces it. */
export function registerAccessTokenProvider(p: AccessTokenProvider): void {
  providers.set(p.name, p);
}

export function accessTokenProvider(name: string): AccessTokenProvider | undefined {
  return providers.get(name);
}
