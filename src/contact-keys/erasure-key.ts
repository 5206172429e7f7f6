// The only trace an erasure leaves: a keyed hash of the person's email key (HMAC-SHA256 under a
// key derived from BATON_SECRET, so the list cannot be reversed by hashing guessed addresses
// without the secret). Import and enrollment compare against it.
import { createHmac } from "node:crypto";
import { normalizeEmail } from "./normalize-email.ts";

export function erasureKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("baton:erasure-hash:v1").digest();
}

/** hex HMAC of the address's dedupe key; null when the address has no @. */
export function erasedEmailHash(key: Buffer, email: string | null | undefined): string | null {
  const k = normalizeEmail(email);
  return k ? createHmac("sha256", key).update(k).digest("hex") : null;
}

/** Same, for an already normalized key (the import's hot loop). */
export function hashEmailKey(key: Buffer, emailKey: string): string {
  return createHmac("sha256", key).update(emailKey).digest("hex");
}
