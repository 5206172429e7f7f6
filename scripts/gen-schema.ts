// Writes db/schema.sql, the current schema in one file (issue 59 item 4), from a fresh in-memory
// PGlite database migrated with db/migrations/: npm run db:schema. test/foundation/schema-file.test.ts
// keeps the file and the migrations in sync. `npm run db:schema -- --url <postgres url>` prints the
// schema of that (already migrated) database instead, to compare a PostgreSQL server's with the file.
import "../src/runtime/errors.ts";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../src/db/connect.ts";
import { schemaFile } from "../src/db/dump-schema.ts";
import { migrate } from "../src/db/migrate.ts";

const file = path.resolve(import.meta.dirname, "../db/schema.sql");
const at = process.argv.indexOf("--url");
if (at >= 0) {
  const url = process.argv[at + 1];
  if (!url) throw new Error("--url needs a PostgreSQL URL");
  const database = await openDatabase({ url, poolSize: 1 });
  try {
    process.stdout.write(await schemaFile(database.db));
  } finally {
    await database.close();
  }
} else {
  const database = await openDatabase({ pglite: await PGlite.create(), ownPglite: true });
  try {
    const { applied } = await migrate(database.db);
    const text = await schemaFile(database.db);
    fs.writeFileSync(file, text);
    console.log(`db/schema.sql: ${applied.length} migrations, ${text.split("\n").length} lines`);
  } finally {
    await database.close();
  }
}
