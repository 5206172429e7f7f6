// One-click unsubscribe links (spec 002 "Channels", RFC 8058). The token is signed with
// config.secret so it cannot be forged or edited: v1.<payload>.<signature>, where payload is
// base64url(JSON {c: clientId, k: contactId}) and signature is base64url(HMAC-SHA256(secret,
// "baton-unsubscribe.v1." + payload)). Pure functions: no database, no clock.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../config/config.ts";

const PREFIX = "v1";
const CONTEXT = "baton-unsubscribe.v1.";

export interface UnsubscribeSubject {
  clientId: string;
  contactId: string;
}

function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret)
    .update(CONTEXT + payload)
    .digest("base64url");
}

export function signUnsubscribeToken(secret: string, s: UnsubscribeSubject): string {
  const payload = Buffer.from(JSON.stringify({ c: s.clientId, k: s.contactId }), "utf8").toString(
    "base64url",
  );
  return `${PREFIX}.${payload}.${sign(secret, payload)}`;
}

/** The subject of a valid token, or null for anything forged, edited, truncated or malformed. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeSubject | null {
  if (typeof token !== "string" || token.length > 1024) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  const [, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(secret, payload), "utf8");
  const given = Buffer.from(signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const v = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof v?.c !== "string" || typeof v?.k !== "string" || !v.c || !v.k) return null;
    return { clientId: v.c, contactId: v.k };
  } catch {
    return null;
  }
}

export function unsubscribeUrl(config: Pick<Config, "publicUrl" | "secret">, s: UnsubscribeSubject): string {
  return `${config.publicUrl}/u/${signUnsubscribeToken(config.secret, s)}`;
}

/** The mailbox that receives mailto: unsubscribes: unsubscribe@<domain of the sender>. */
export function unsubscribeMailbox(config: Pick<Config, "smtp" | "publicUrl">): string {
  const from = config.smtp?.from ?? "";
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? new URL(config.publicUrl).hostname;
  return `unsubscribe@${domain}`;
}

/**
 * RFC 8058 headers for every non-transactional email: an HTTPS (or configured public URL) link
 * that unsubscribes on POST, a mailto: fallback, and List-Unsubscribe-Post so mail clients may
 * POST "List-Unsubscribe=One-Click" without showing a page.
 */
export function unsubscribeHeaders(
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  clientId: string,
  contactId: string,
): Record<string, string> {
  const token = signUnsubscribeToken(config.secret, { clientId, contactId });
  const mailto = `mailto:${unsubscribeMailbox(config)}?subject=unsubscribe-${token}`;
  return {
    "List-Unsubscribe": `<${config.publicUrl}/u/${token}>, <${mailto}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
