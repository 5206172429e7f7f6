// Mailbox passwords are write-only: stored encrypted (AES-256-GCM under a key derived from
// BATON_SECRET with HKDF), or as the NAME of an environment variable that holds them, and never
// returned by the API, the CLI or a log line. Rotating BATON_SECRET makes stored passwords
// unreadable (the mailbox shows an error); set them again with `baton mailboxes inbox add`.
import crypto from "node:crypto";

function keyOf(secret: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "baton", "mailbox-inbox-password", 32));
}

export function encryptSecret(secret: string, plain: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return `v1:${iv.toString("base64")}:${c.getAuthTag().toString("base64")}:${body.toString("base64")}`;
}

/** The password, or null when it was sealed under another BATON_SECRET (or tampered with). */
export function decryptSecret(secret: string, sealed: string): string | null {
  const [v, iv, tag, body] = sealed.split(":");
  if (v !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const d = crypto.createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv, "base64"));
    d.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([d.update(Buffer.from(body, "base64")), d.final()]).toString("utf8");
  } catch {
    return null;
  }
}
