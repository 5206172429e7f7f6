// The OAuth2 `state` of a CRM grant (RFC 6749 §10.12, CSRF): it binds the callback to the tenant
// that started it and expires after 10 minutes. HMAC-SHA256 under a key derived from BATON_SECRET;
// the callback is a public route, so the state is the only thing that says which tenant it is for.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BatonError } from "../errors/baton-error.ts";
import type { CrmProviderName } from "./tables.ts";

export const OAUTH_STATE_TTL_MS = 10 * 60_000;

function mac(secret: string, payload: string): Buffer {
  return createHmac("sha256", `baton:crm-oauth-state:${secret}`).update(payload).digest();
}

export function signOAuthState(
  secret: string,
  clientId: string,
  provider: CrmProviderName,
  now: Date,
  ttlMs = OAUTH_STATE_TTL_MS,
): string {
  const payload = Buffer.from(
    JSON.stringify({
      c: clientId,
      p: provider,
      e: now.getTime() + ttlMs,
      n: randomBytes(9).toString("base64url"),
    }),
  ).toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

/** The tenant the state was issued to; CRM_OAUTH_STATE_INVALID when forged, for another CRM, or expired. */
export function verifyOAuthState(
  secret: string,
  provider: CrmProviderName,
  state: string,
  now: Date,
): { clientId: string } {
  const refuse = (why: string) => new BatonError("CRM_OAUTH_STATE_INVALID", { provider, why });
  const [payload, sig, extra] = state.split(".");
  if (!payload || !sig || extra !== undefined) throw refuse("the state is malformed");
  const given = Buffer.from(sig, "base64url");
  const want = mac(secret, payload);
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw refuse("the state is not signed by Baton");
  const body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    c: string;
    p: string;
    e: number;
  };
  if (body.p !== provider) throw refuse(`the state was issued for ${body.p}`);
  if (!(body.e > now.getTime())) throw refuse("the state has expired");
  return { clientId: body.c };
}
