// Where Baton's own files are (the folder of its package.json): db/migrations, web/dist, and the
// compiled workers in dist/. Found from this module's file by walking up, so it is the same whether
// the code runs from src/ (tsx: the tests, `npm run dev`), from dist/ as bundled by scripts/build.mjs
// (the code of many sources in one chunk, whose own folder says nothing of where a source was), or
// from an installed package (node_modules/baton/).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Baton's package.json was not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
