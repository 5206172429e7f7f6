// Per-send VERP return paths (issue 35 item 1): each message leaves with the SMTP envelope sender
// bounces+<token>@<sending domain>, where token = the send's Message-ID (its UUID, 32 hex digits)
// and the first 16 hex digits of HMAC-SHA256 under the tenant's key (derived from BATON_SECRET and
// the tenant). A bounce that arrives at that address proves which send it is about; a token that
// does not verify under the mailbox's own tenant (forged, edited, another tenant's) proves nothing.
// Lower-case hex only: mail systems may fold the case of a local part. Pure.
import { createHmac, timingSafeEqual } from "node:crypto";

export const VERP_LOCAL = "bounces";
const CONTEXT = "baton-verp.v1.";
const MAC_HEX = 16;
const MESSAGE_UUID = /^<([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})@([^<>\s]+)>$/i;

function tenantKey(secret: string, clientId: string): Buffer {
  return createHmac("sha256", secret).update(`${CONTEXT}${clientId}`).digest();
}

function mac(secret: string, clientId: string, hex: string): string {
  return createHmac("sha256", tenantKey(secret, clientId)).update(hex).digest("hex").slice(0, MAC_HEX);
}

/** The VERP return path of a send, or null when its Message-ID is not one Baton minted (<uuid@domain>). */
export function verpAddress(secret: string, clientId: string, messageId: string): string | null {
  const m = MESSAGE_UUID.exec(messageId);
  if (!m) return null;
  const hex = m.slice(1, 6).join("").toLowerCase();
  return `${VERP_LOCAL}+${hex}${mac(secret, clientId, hex)}@${m[6]!.toLowerCase()}`;
}

/**
 * The Message-ID a VERP address stands for, when its token verifies under this tenant's key; null
 * for any other address.
 */
export function verpMessageId(secret: string, clientId: string, address: string): string | null {
  const m = new RegExp(`^${VERP_LOCAL}\\+([0-9a-f]{32})([0-9a-f]{${MAC_HEX}})@([^@\\s]+)$`).exec(
    address.trim().toLowerCase(),
  );
  if (!m) return null;
  const [, hex, given, domain] = m as unknown as [string, string, string, string];
  const expected = Buffer.from(mac(secret, clientId, hex));
  if (!timingSafeEqual(expected, Buffer.from(given))) return null;
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return `<${uuid}@${domain}>`;
}
