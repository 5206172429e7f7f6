// The erasure list (issue 36 item 17): what a restore needs to erase again the people erased since
// the backup it restores, kept apart from the backups. One JSON line per fact, and none of them
// personal data:
//   {"kind":"contact","client_id":…,"id":<contact uuid>,"erased_at":…}   a random row id
//   {"kind":"email_hash","client_id":…,"hash":<hex>,"erased_at":…}        HMAC-SHA256 of the address's
//                                                                          dedupe key (erasure-key.ts)
// The hash is keyed with a key derived from BATON_SECRET, which is in neither the list nor a
// backup: the list alone does not tell whether an address is on it. eraseContact appends to the
// list beside the embedded data directory (erasureListPath); `baton erasures export` writes it from
// a database (PostgreSQL: run it after erasures, keep the file apart from the dumps); `baton restore`
// and `baton erasures apply` erase again whatever of it the database holds.
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";

export type ErasureListEntry =
  | { kind: "contact"; client_id: string; id: string; erased_at: string }
  | { kind: "email_hash"; client_id: string; hash: string; erased_at: string };

/**
 * The embedded database's list: beside its data directory (not in it), so `baton backup` does not
 * copy it. None on PostgreSQL (`baton erasures export`), nor where the data directory holds no
 * database (an in-memory one).
 */
export function erasureListPath(config: { databaseUrl?: string; dataDir: string }): string | undefined {
  if (config.databaseUrl || !fs.existsSync(path.join(config.dataDir, "PG_VERSION"))) return undefined;
  return path.join(path.dirname(config.dataDir), "erasure-list.jsonl");
}

/** Appends entries, flushed to disk before it returns (the erasure is committed already). */
export function appendErasureList(file: string, entries: ErasureListEntry[]): void {
  if (entries.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "a", 0o600);
  try {
    fs.writeSync(fd, entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function readErasureList(file: string): ErasureListEntry[] {
  if (!fs.existsSync(file)) return [];
  const out: ErasureListEntry[] = [];
  for (const [i, line] of fs.readFileSync(file, "utf8").split("\n").entries()) {
    if (!line.trim()) continue;
    let e: any;
    try {
      e = JSON.parse(line);
    } catch {
      e = null;
    }
    const ok =
      e &&
      typeof e.client_id === "string" &&
      ((e.kind === "contact" && /^[0-9a-f-]{36}$/i.test(e.id)) ||
        (e.kind === "email_hash" && /^[0-9a-f]{64}$/.test(e.hash)));
    if (!ok)
      throw new BatonError("VALIDATION_FAILED", {
        errors: [{ path: `${file}:${i + 1}`, message: "not an erasure list entry" }],
      });
    out.push(e);
  }
  return out;
}

/** The list as a database knows it: its erased contacts and the hashes erasures left. */
export async function exportErasureList(db: Kysely<DB>): Promise<ErasureListEntry[]> {
  const contacts = await sql<{ client_id: string; id: string; erased_at: Date }>`
    select client_id, contact_id::text as id, erased_at from contacts where erased_at is not null
     order by erased_at, contact_id`.execute(db);
  const hashes = await sql<{ client_id: string; hash: string; erased_at: Date }>`
    select client_id, value as hash, created_at as erased_at from suppressions
     where kind = 'email_hash' and source = 'erasure' order by created_at, value`.execute(db);
  return [
    ...contacts.rows.map((r) => ({
      kind: "contact" as const,
      client_id: r.client_id,
      id: r.id,
      erased_at: new Date(r.erased_at).toISOString(),
    })),
    ...hashes.rows.map((r) => ({
      kind: "email_hash" as const,
      client_id: r.client_id,
      hash: r.hash,
      erased_at: new Date(r.erased_at).toISOString(),
    })),
  ];
}
