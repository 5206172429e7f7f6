// PGlite has one writer: two processes on one data directory silently lose data.
// A lock file beside the directory makes the second process fail with a clear message.
import fs from "node:fs";
import path from "node:path";
import { BatonError } from "../errors/baton-error.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e.code === "EPERM";
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // a process that opens and closes data directories one after another (backup, restore, the
        // tests) kept one exit listener per lock it had long released
        process.off("exit", release);
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e: any) {
      if (e.code !== "EEXIST") throw e;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new BatonError("DATA_DIR_LOCKED", { data_dir: dataDir, lock_file: lockPath, pid: holder });
      }
      // Stale lock from a process that is gone: take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new BatonError("DATA_DIR_LOCKED", { data_dir: dataDir, lock_file: lockPath, pid: null });
}
