// A migrated PGlite data directory, dumped once per migration set and loaded by every test file
// (a cold initdb takes seconds; loading the dump takes about one).
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../../src/db/connect.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";

export function templatePath(): string {
  const hash = createHash("sha256");
  for (const f of readMigrations()) hash.update(f.name).update(f.sql);
  return path.join(os.tmpdir(), `baton-pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
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
