import fs from "node:fs";
import { SKIP_FILE } from "./multi.ts";
import { ensureServerDatabase, ensureTemplate } from "./template.ts";

export default async function setup() {
  fs.rmSync(SKIP_FILE, { force: true });
  await ensureTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (url) return await ensureServerDatabase(url);
}
