// The IdP client secret at rest: AES-256-GCM under a key derived from BATON_SECRET, so a database
// dump alone does not hand out the tenant's IdP credentials. The API never returns it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

function keyOf(secret: string): Buffer {
  return createHash("sha256").update(`baton:idp-client-secret:${secret}`).digest();
}

export function sealSecret(plain: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function openSecret(sealed: string, secret: string): string {
  const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
