// DKIM keys per tenant and sending domain (issue 12: "DKIM signing, with a key per sending domain").
// A key is added with `baton dkim add` (generated, or imported from a PEM file); the private key is
// stored encrypted with AES-256-GCM under a key derived from BATON_SECRET (HKDF-SHA256) and is
// never returned by the CLI or the API: only the domain, the selector and the DNS record to publish.
// The SMTP channel signs every message whose From domain has a key (nodemailer's `dkim` option).
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";

export interface DkimSigningKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface DkimKeyView {
  domain: string;
  selector: string;
  /** where to publish the public key */
  dns_name: string;
  /** the TXT record's value */
  dns_txt: string;
  created_at: string;
}

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const SELECTOR = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/;

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "baton-dkim", "private-key-v1", 32));
}

export function encryptPrivateKey(secret: string, pem: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const body = Buffer.concat([c.update(pem, "utf8"), c.final()]);
  return ["v1", iv.toString("base64"), c.getAuthTag().toString("base64"), body.toString("base64")].join(".");
}

export function decryptPrivateKey(secret: string, stored: string): string {
  const [v, iv, tag, body] = stored.split(".");
  if (v !== "v1" || !iv || !tag || !body) throw new Error("unknown DKIM key format");
  const d = createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv, "base64"));
  d.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([d.update(Buffer.from(body, "base64")), d.final()]).toString("utf8");
}

function view(r: { domain: string; selector: string; public_key_b64: string; created_at: Date | string }) {
  return {
    domain: r.domain,
    selector: r.selector,
    dns_name: `${r.selector}._domainkey.${r.domain}`,
    dns_txt: `v=DKIM1; k=rsa; p=${r.public_key_b64}`,
    created_at: new Date(r.created_at).toISOString(),
  };
}

/**
 * Adds (or replaces) the tenant's key for a domain: the given PEM private key (RSA), or a new
 * 2048-bit one. Returns the DNS record to publish; the private key is not returned.
 */
export async function addDkimKey(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  input: { domain: string; selector: string; privateKeyPem?: string },
  now: Date,
): Promise<DkimKeyView> {
  const domain = input.domain.toLowerCase();
  const errors: { path: string; message: string }[] = [];
  if (!DOMAIN.test(domain)) errors.push({ path: "domain", message: "a domain name such as acme.example" });
  if (!SELECTOR.test(input.selector))
    errors.push({ path: "selector", message: "letters, digits, - and _ (e.g. baton2026)" });
  let pem = input.privateKeyPem;
  if (pem) {
    try {
      const k = createPrivateKey(pem);
      if (k.asymmetricKeyType !== "rsa") errors.push({ path: "key", message: "an RSA private key" });
      pem = k.export({ type: "pkcs8", format: "pem" }).toString();
    } catch {
      errors.push({ path: "key", message: "a PEM private key" });
    }
  } else {
    pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
  }
  if (errors.length > 0) throw new BatonError("VALIDATION_FAILED", { errors });
  const pub = createPublicKey(pem as string)
    .export({ type: "spki", format: "der" })
    .toString("base64");
  const row = {
    client_id: clientId,
    domain,
    selector: input.selector,
    private_key_enc: encryptPrivateKey(secret, pem as string),
    public_key_b64: pub,
    created_at: now,
  };
  await db
    .insertInto("dkim_keys")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["client_id", "domain"]).doUpdateSet({
        selector: row.selector,
        private_key_enc: row.private_key_enc,
        public_key_b64: row.public_key_b64,
        created_at: now,
      }),
    )
    .execute();
  cache.clear();
  return view(row);
}

export async function listDkimKeys(db: Kysely<DB>, clientId: string): Promise<DkimKeyView[]> {
  const rows = await db
    .selectFrom("dkim_keys")
    .select(["domain", "selector", "public_key_b64", "created_at"])
    .where("client_id", "=", clientId)
    .orderBy("domain")
    .execute();
  return rows.map(view);
}

const cache = new Map<string, { at: number; key: DkimSigningKey | null }>();
const CACHE_MS = 60_000;

/** The domain of an address ("Name <a@b.example>" or "a@b.example"), lower case. */
export function domainOf(address: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(address);
  return (m?.[1] ?? "localhost").toLowerCase();
}

/** The signing key of the tenant's sending domain, or null (cached for a minute). */
export async function dkimKeyFor(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  domain: string,
): Promise<DkimSigningKey | null> {
  const k = `${clientId}\u0000${domain}`;
  const hit = cache.get(k);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.key;
  const r = await db
    .selectFrom("dkim_keys")
    .select(["selector", "private_key_enc"])
    .where("client_id", "=", clientId)
    .where("domain", "=", domain)
    .executeTakeFirst();
  const key = r
    ? {
        domainName: domain,
        keySelector: r.selector,
        privateKey: decryptPrivateKey(secret, r.private_key_enc),
      }
    : null;
  cache.set(k, { at: Date.now(), key });
  return key;
}
