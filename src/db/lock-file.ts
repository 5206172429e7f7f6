// PGlite has one writer: two processes on one data directory silently lose data.
// A lock file beside the directory makes the second process fail with a clear message.
//
// The lock is taken so that two processes can never both hold it (issue 36 item 5):
//   - it appears whole: its content (`<pid> <nonce>`) is written to a private file first, which is
//     then hard-linked to the lock's name; link() fails if the name exists, so no one ever reads a
//     lock that exists but is still empty (the old open('wx')-then-write let a racer read "" and
//     take the lock over as stale);
//   - a stale lock (its pid is gone) is removed only by the one process that holds the lock's
//     "break" file, `<lock>.break-<nonce>`, taken by the same rule. The nonce names one lock file
//     for ever, so a breaker that re-reads the lock and still finds that nonce knows no one else
//     removed or replaced it, and a late racer that still believed it stale finds another nonce and
//     leaves it alone (the old rm-then-create let two racers each remove the other's fresh lock);
//   - after breaking, the breaker competes for the lock again by link(): a newcomer may win instead,
//     never both.
//
// Issue 58, Deliver 4 (the review still saw two holders in 23 of 300 races) closed three more ways
// to a second holder:
//   - one data directory under two names: "data/" took "data/.lock" and a symlink took
//     "<link>.lock"; the lock is now named after the directory's real path;
//   - a holder in the same process (a worker thread, a second copy of this module) saw our pid with
//     a nonce it did not know and took the lock over as a previous process's: a lock now records
//     its process's start time (Linux /proc/<pid>/stat) and pid namespace, so "our pid" is ours
//     only when the start time matches too, and a pid reused by a new process is stale only when it
//     does not;
//   - a holder in another pid namespace (a second container on the same volume) looked dead to
//     kill(pid, 0): a lock from another namespace is never taken over; the refusal names its file.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { BatonError } from "../errors/baton-error.ts";

type Holder = { pid: number | null; id: string };

/** Nonces of the locks this process holds, shared by every copy of this module in the thread.
 * Where a process's start time cannot be read (no /proc), a lock with our pid but another nonce is
 * taken to be a previous process that had our pid (a container restarted as pid 1). */
const HELD = Symbol.for("baton.data-dir-locks");
const shared = globalThis as Record<symbol, Set<string> | undefined>;
shared[HELD] ??= new Set<string>();
const heldHere: Set<string> = shared[HELD];

/** A process's start time in clock ticks since boot (Linux), or null where it cannot be read. */
function startTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // the fields after the command name, which may itself hold spaces and parentheses
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** This process's pid namespace ("pid:[4026531836]"), or null. */
function pidNamespace(): string | null {
  try {
    return fs.readlinkSync("/proc/self/ns/pid");
  } catch {
    return null;
  }
}

const ME = { started: startTime(process.pid), namespace: pidNamespace() };

/** What a lock says of its holder besides pid and nonce, in the words written after them. */
function identity(): string {
  return ME.started !== null && ME.namespace !== null ? ` ${ME.started} ${ME.namespace}` : "";
}

// a lock being broken is free again in microseconds; a racer waits this long at most before it
// reports the lock as held
const BREAK_WAIT_MS = 2_000;
// a lock file of an older Baton, written as open('wx') then write(pid), may be empty for a moment
const UNREADABLE_GRACE_MS = 5_000;
const MAX_BREAK_DEPTH = 3;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e.code === "EPERM";
  }
}

function sleepSync(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `file` with `content`, whole, if no file of that name exists. */
function createWhole(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, content, { flag: "wx" });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e: any) {
    if (e.code === "EEXIST") return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readHolder(file: string): (Holder & { stale: boolean }) | null {
  let raw: string;
  let stat: fs.Stats;
  try {
    raw = fs.readFileSync(file, "utf8");
    stat = fs.statSync(file);
  } catch (e: any) {
    if (e.code === "ENOENT") return null;
    throw e;
  }
  const [pidText, nonce, started, namespace] = raw.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) {
    // an older Baton between its create and its write, or debris: stale once it has aged
    const id = `x${stat.ino}-${Math.trunc(stat.mtimeMs)}`;
    return { pid: null, id, stale: Date.now() - stat.mtimeMs > UNREADABLE_GRACE_MS };
  }
  // an older Baton wrote the pid alone: that file is named by its inode and time
  const id = nonce ?? `p${pid}-${stat.ino}-${Math.trunc(stat.mtimeMs)}`;
  return { pid, id, stale: isStale(pid, id, started, namespace) };
}

/** Whether the process a lock names is gone (or is another that has its pid now). */
function isStale(pid: number, id: string, started?: string, namespace?: string): boolean {
  if (started !== undefined && namespace !== undefined) {
    // another pid namespace's pid says nothing here: never taken over (the refusal names the file)
    if (namespace !== ME.namespace) return false;
    if (pid === process.pid) return started !== ME.started;
    return !alive(pid) || (startTime(pid) ?? started) !== started;
  }
  // written by an older Baton, or where /proc is not
  if (pid === process.pid) return !heldHere.has(id);
  return !alive(pid);
}

/** Takes `file` or names its live holder. */
function take(file: string, depth: number): { nonce: string } | { holder: Holder } {
  const deadline = Date.now() + BREAK_WAIT_MS;
  for (;;) {
    const nonce = crypto.randomBytes(12).toString("hex");
    if (createWhole(file, `${process.pid} ${nonce}${identity()}`)) return { nonce };
    const holder = readHolder(file);
    if (!holder) continue; // released between our link and our read: try again
    if (!holder.stale || depth >= MAX_BREAK_DEPTH) return { holder };
    // only the holder of this lock's break file may remove it, and only while it is still this lock
    const breakFile = `${file}.break-${holder.id}`;
    const broke = take(breakFile, depth + 1);
    if ("nonce" in broke) {
      try {
        if (readHolder(file)?.id === holder.id) fs.rmSync(file, { force: true });
      } finally {
        removeIfOurs(breakFile, broke.nonce);
      }
      continue;
    }
    // another process is breaking it (or its breaker died, which its own break file handles)
    if (Date.now() > deadline) return { holder };
    sleepSync(2);
  }
}

function removeIfOurs(file: string, nonce: string) {
  try {
    if (fs.readFileSync(file, "utf8") === `${process.pid} ${nonce}${identity()}`) fs.unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/**
 * The directory's one name: its real path (symlinks resolved, no trailing separator), or, while it
 * does not exist yet, its parent's real path and its own name.
 */
export function canonicalDataDir(dataDir: string): string {
  const absolute = path.resolve(dataDir);
  try {
    return fs.realpathSync(absolute);
  } catch {
    return path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const lockPath = `${canonicalDataDir(dataDir)}.lock`;
  const taken = take(lockPath, 0);
  if ("holder" in taken) {
    throw new BatonError("DATA_DIR_LOCKED", {
      data_dir: dataDir,
      lock_file: lockPath,
      pid: taken.holder.pid,
    });
  }
  heldHere.add(taken.nonce);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // a process that opens and closes data directories one after another (backup, restore, the
    // tests) kept one exit listener per lock it had long released
    process.off("exit", release);
    removeIfOurs(lockPath, taken.nonce);
    heldHere.delete(taken.nonce);
  };
  process.once("exit", release);
  return release;
}
