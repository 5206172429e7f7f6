// Opaque secrets handed to a browser (session ids, link codes, OIDC states): random, 256 bits,
// stored only as SHA-256 hashes so a copy of the database signs nobody in.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function newOpaqueId(): string {
  return randomBytes(32).toString("base64url");
}

export function hashOpaqueId(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

/** Constant-time string comparison (CSRF tokens, OIDC state). */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
