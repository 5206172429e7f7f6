// A migrated PGlite data directory, dumped once per migration set and loaded by every test file
// (a cold initdb takes seconds; loading the dump takes about one). On a PostgreSQL server, the
// tests use a database named after the same hash, so a changed migration never meets a stale schema.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../../src/db/connect.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";

export function migrationsHash(): string {
  const hash = createHash("sha256");
  for (const f of readMigrations()) hash.update(f.name).update(f.sql);
  return hash.digest("hex").slice(0, 16);
}

export function templatePath(): string {
  return path.join(os.tmpdir(), `baton-pglite-template-${migrationsHash()}.tar`);
}

export async function ensureTemplate(): Promise<string> {
  const file = templatePath();
  if (fs.existsSync(file)) return file;
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await migrate(database.db);
  await database.db.destroy();
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return file;
}

/** The URL of the server-side test database for this migration set. */
export function serverTestUrl(baseUrl: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/baton_test_${migrationsHash()}`;
  return u.toString();
}

export async function ensureServerDatabase(baseUrl: string): Promise<string> {
  const url = serverTestUrl(baseUrl);
  const admin = await openDatabase({ url: baseUrl, poolSize: 1 });
  try {
    const name = new URL(url).pathname.slice(1);
    const { sql } = await import("kysely");
    const exists = await sql`select 1 from pg_database where datname = ${name}`.execute(admin.db);
    if (exists.rows.length === 0) {
      try {
        await sql.raw(`create database "${name}"`).execute(admin.db);
      } catch (e: any) {
        if (e.code !== "42P04" && e.code !== "23505") throw e; // created concurrently
      }
    }
  } finally {
    await admin.close();
  }
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
  return url;
}
