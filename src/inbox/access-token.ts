// XOAUTH2 (Google, Microsoft 365): IMAP logs in with a short-lived OAuth2 access token instead of
// a password. Baton does not run the OAuth dance; an adapter does, behind this interface:
//
//   const google: AccessTokenProvider = {
//     name: "google",
//     async getAccessToken(mailbox) {
//       // e.g. refresh the stored refresh token of mailbox.username at
//       // https://oauth2.googleapis.com/token (scope https://mail.google.com/), or ask a vault
//       return accessToken;
//     },
//   };
//   registerAccessTokenProvider(google);
//
// Microsoft: scope https://outlook.office.com/IMAP.AccessAsUser.All (or .default with the client
// credentials flow), host outlook.office365.com:993. The ingester asks for a token at every
// connect (tokens expire in about an hour; a provider should cache until shortly before expiry).
export interface TokenMailbox {
  clientId: string;
  mailbox: string;
  username: string;
  provider: string;
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
