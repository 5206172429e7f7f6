// A new PGlite data directory, made by a child process. PGlite's initdb grows its WebAssembly heap to
// 700–870 MB (measured: docs/performance-journal.md 0l), and a WebAssembly memory never shrinks: a process
// that ran initdb kept that heap for its whole life, even after closing the database. Opening a data
// directory that exists takes ~300 MB. So initdb runs in a short-lived child of its own, which gives
// the memory back to the system when it exits, and the process that uses the database only opens
// the directory: `npm start` on a fresh machine, and the simulation's first run of a checkout.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// CommonJS, so that it needs no loader: the PGlite package, named by its resolved path
const CHILD = `
const { PGlite } = require(process.argv[1]);
PGlite.create({ dataDir: process.argv[2], startParams: JSON.parse(process.argv[3]) })
  .then((p) => p.close())
  .catch((e) => { console.error(e && e.message ? e.message : String(e)); process.exit(1); });
`;

/** Whether `dir` holds nothing yet (absent, or an empty directory). */
export function notInitialised(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw e;
  }
}

/**
 * Runs initdb for `dataDir` in a child process. It writes into a sibling directory and renames it into
 * place when initdb has finished, so a child that dies half way (out of memory, killed) leaves no
 * half-made cluster where the database is looked for. `dataDir` must not exist or be empty.
 */
export async function initDataDirApart(dataDir: string, startParams: readonly string[]): Promise<void> {
  const parent = path.dirname(path.resolve(dataDir));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(dataDir)}.initdb-`));
  try {
    const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ["-e", CHILD, pglite, tmp, JSON.stringify(startParams)],
        { maxBuffer: 1 << 20 },
        (err, _out, stderr) => {
          if (err) reject(new Error(`initdb of ${dataDir} failed: ${stderr.trim() || err.message}`));
          else resolve();
        },
      );
    });
    if (fs.existsSync(dataDir)) fs.rmdirSync(dataDir); // empty (checked by the caller): rename needs it gone
    fs.renameSync(tmp, dataDir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
