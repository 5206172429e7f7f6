import fs from "node:fs";
import { openDatabase } from "../../src/db/connect.ts";
import { migrate } from "../../src/db/migrate.ts";
import { SKIP_FILE } from "./multi.ts";
import { ensureTemplate } from "./template.ts";

export default async function setup() {
  fs.rmSync(SKIP_FILE, { force: true });
  await ensureTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const database = await openDatabase({ url, poolSize: 2 });
    try {
      await migrate(database.db);
    } finally {
      await database.close();
    }
  }
}
