// A person's mailbox connected to a provider stand-in without the workspace's consent pages (the
// transport and reader tests): the authorization code grant with S256 PKCE against the stand-in,
// followed as a person would (its consent page), and the tokens sealed into mailbox_connections as
// src/mailboxes' consent stores them. The consent flow itself is tested in test/mailboxes.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/database.ts";
import { GOOGLE_SCOPES, MICROSOFT_SCOPES, sealedTokens } from "../../src/mailboxes/index.ts";
import type { ProviderStandIn } from "./mail-provider-stand-in.ts";

const REDIRECT = "http://127.0.0.1:1/api/v1/mailboxes/oauth/cb";

/** The BATON_MAILBOX_* settings that point Baton's OAuth app for `provider` at the stand-in. */
export function standInEnv(provider: "google" | "microsoft", s: ProviderStandIn): Record<string, string> {
  const P = provider === "google" ? "GOOGLE" : "MICROSOFT";
  return {
    [`BATON_MAILBOX_${P}_CLIENT_ID`]: s.clientId,
    [`BATON_MAILBOX_${P}_CLIENT_SECRET`]: s.clientSecret,
    [`BATON_MAILBOX_${P}_AUTH_URL`]: s.authorizeUrl,
    [`BATON_MAILBOX_${P}_TOKEN_URL`]: s.tokenUrl,
    ...(s.revokeUrl ? { [`BATON_MAILBOX_${P}_REVOKE_URL`]: s.revokeUrl } : {}),
    [`BATON_MAILBOX_${P}_API_URL`]: s.apiUrl,
  };
}

export async function connectAtStandIn(
  db: Kysely<DB>,
  o: {
    clientId: string;
    ownerId: string;
    mailbox: string;
    provider: "google" | "microsoft";
    standIn: ProviderStandIn;
    secret: string;
  },
): Promise<void> {
  const s = o.standIn;
  if (!s.redirectUris.includes(REDIRECT)) s.redirectUris.push(REDIRECT);
  s.addUser(o.mailbox);
  const scopes = o.provider === "google" ? GOOGLE_SCOPES : MICROSOFT_SCOPES;
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(s.authorizeUrl);
  for (const [k, v] of Object.entries({
    client_id: s.clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: scopes.join(" "),
    state: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...(o.provider === "google" ? { access_type: "offline", prompt: "consent" } : {}),
  }))
    url.searchParams.set(k, v);
  const back = new URL(await s.consent(url.toString(), o.mailbox));
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`the stand-in gave no code: ${back}`);
  const res = await fetch(s.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      client_id: s.clientId,
      client_secret: s.clientSecret,
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error(`token exchange answered ${res.status}: ${await res.text()}`);
  const t = (await res.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    scope?: string;
  };
  const now = new Date();
  await db
    .insertInto("mailbox_connections")
    .values({
      client_id: o.clientId,
      mailbox: o.mailbox.toLowerCase(),
      owner_id: o.ownerId,
      provider: o.provider,
      scopes: (t.scope ?? scopes.join(" ")).split(/\s+/),
      status_since: now,
      connected_at: now,
      updated_at: now,
      ...sealedTokens(
        {
          accessToken: t.access_token,
          refreshToken: t.refresh_token,
          expiresAt: new Date(now.getTime() + t.expires_in * 1000),
          scopes: [],
        },
        o.secret,
      ),
    })
    .execute();
}
