// The clients of Baton's authorization server (provider.ts): how they authenticate at the token
// endpoint, which redirect URIs they may name, and how a client's metadata document is fetched.
import { timingSafeEqual } from "node:crypto";
import type { OAuthClientMetadataTestHosts } from "../../config/config.ts";
import { clientMetadataFetch, MAX_DOCUMENT_BYTES } from "./client-metadata-fetch.ts";
import { CLIENT_SECRET_HASH_PREFIX, hashClientSecret } from "./pg-adapter.ts";
import { redirectUriProblem } from "./redirect-uris.ts";

/** The provider's settings for its clients; `errors` is oidc-provider's (the package ships no types). */
export function clientSettings(
  errors: any,
  testHosts: (() => OAuthClientMetadataTestHosts | undefined) | undefined,
) {
  return {
    // issue 71 item 3: public clients (none), and clients with a secret as hosted connectors register
    // them (client_secret_post, client_secret_basic); the secret is issued once, stored hashed
    // (pg-adapter.ts), and compared by its hash (compareSecretsByHash)
    clientAuthMethods: ["none", "client_secret_post", "client_secret_basic"],
    // every URL the provider fetches (a client's metadata document) through Baton's fetch: public
    // https addresses only, pinned, no redirect, the size and time limits (client-metadata-fetch.ts)
    fetch: clientMetadataFetch(testHosts ?? (() => undefined)),
    fetchResponseBodyLimits: {
      "client_id metadata document": MAX_DOCUMENT_BYTES,
      jwks_uri: MAX_DOCUMENT_BYTES,
      sector_identifier_uri: MAX_DOCUMENT_BYTES,
    },
    // issue 73 item 2: redirect URIs as OAuth 2.1 and RFC 8252 allow them (redirect-uris.ts), checked
    // at registration, in a client metadata document (issue 71 item 3), and again whenever a stored
    // client is read. The validator runs for the listed
    // property (RFC 7591's software_id, which Baton stores and never reads) and sees the whole
    // registration.
    extraClientMetadata: {
      properties: ["software_id"],
      validator: (_ctx: unknown, key: string, _value: unknown, metadata: { redirect_uris?: unknown }) => {
        if (key !== "software_id") return;
        const uris = Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris : [];
        for (const uri of uris) {
          const problem = redirectUriProblem(String(uri));
          if (problem) {
            const e = new errors.InvalidRedirectUri();
            e.error_description = `redirect_uris: ${String(uri).slice(0, 200)} ${problem}`;
            throw e;
          }
        }
      },
    },
  };
}

/**
 * A client's secret is stored as its hash (pg-adapter.ts): the secret presented at the token and
 * revocation endpoints is hashed and compared in constant time. A stored client holds only the
 * hash; the registration's answer, made before storing, carries the secret once.
 */
export function compareSecretsByHash(provider: any): void {
  provider.Client.prototype.compareClientSecret = function compareClientSecret(actual: unknown) {
    const stored = String(this.clientSecret ?? "");
    if (typeof actual !== "string" || !stored.startsWith(CLIENT_SECRET_HASH_PREFIX)) return false;
    const a = Buffer.from(hashClientSecret(actual));
    const b = Buffer.from(stored);
    return a.length === b.length && timingSafeEqual(a, b);
  };
}
