// A secret at rest: AES-256-GCM under a key derived from BATON_SECRET and a purpose label, so a
// database dump alone does not hand out the tenant's IdP credentials or CRM tokens, and a value
// sealed for one purpose does not open as another. The API never returns them.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/** What a sealed value is for; the IdP client secret was the first, and its key stays as it was. */
export type SealPurpose =
  | "idp-client-secret"
  | "crm-oauth-token"
  | "mailbox-oauth-token"
  | "signal-source-secret"
  | "crm-webhook-secret";

function keyOf(secret: string, purpose: SealPurpose): Buffer {
  return createHash("sha256").update(`baton:${purpose}:${secret}`).digest();
}

export function sealSecret(
  plain: string,
  secret: string,
  purpose: SealPurpose = "idp-client-secret",
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function openSecret(
  sealed: string,
  secret: string,
  purpose: SealPurpose = "idp-client-secret",
): string {
  const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret, purpose), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
