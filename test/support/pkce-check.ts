// PKCE at a stand-in's token endpoint (RFC 7636 §4.6), as the real ones apply it: a code issued with
// a code_challenge is exchanged only with the code_verifier whose S256 (or plain) transform it is.
// Salesforce: "Use the code_challenge and code_verifier parameters to implement PKCE with the web
// server flow" (help.salesforce.com, OAuth 2.0 Web Server Flow; a mismatch is invalid_grant).
// HubSpot: its token endpoint takes code_verifier (developers.hubspot.com, OAuth "Create OAuth
// token", POST /oauth/v3/token and /oauth/v1/token: client_id, client_secret, code, code_verifier, …).
import { createHash } from "node:crypto";

export interface IssuedChallenge {
  challenge: string;
  method: string;
}

/** The challenge an authorize request carried (none without code_challenge); null when malformed. */
export function challengeOf(params: URLSearchParams): IssuedChallenge | undefined | null {
  const challenge = params.get("code_challenge");
  if (challenge === null) return undefined;
  const method = params.get("code_challenge_method") ?? "plain";
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(challenge) || (method !== "S256" && method !== "plain")) return null;
  return { challenge, method };
}

/** Why the token endpoint refuses this verifier for a code issued with `issued`; null when it passes. */
export function pkceRefusal(issued: IssuedChallenge | undefined, verifier: string | null): string | null {
  if (!issued) return null;
  if (!verifier) return "code_verifier is missing";
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return "code_verifier is malformed";
  const derived =
    issued.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return derived === issued.challenge ? null : "code_verifier does not match the code_challenge";
}
