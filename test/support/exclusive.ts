// A setup file (vitest.config.ts): the test files of exclusive-files.ts run one at a time, never
// beside each other. Each starts processes of its own that keep a core or two busy for about a minute
// (worker processes, the PostgreSQL backends they use, an SMTP or IMAP server). Beside each other on
// 2 cores each starved the other's workers (leases ran out, work was taken over again): engine kill
// test 57-66 s alone, 112-142 s paired; inbox kill test 45-58 s alone, 137-152 s paired. The two with
// test/campaigns: 176 and 214 s paired, 137 and 144 s one at a time, and 45 fewer CPU-seconds.
// The lock is per vitest run (its workers share the parent process) and waits; a worker that died
// holding it frees it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { EXCLUSIVE } from "./exclusive-files.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WAIT_MS = 600_000;

function lockDir(): string {
  // the fork workers of one run are children of the same vitest process
  return path.join(os.tmpdir(), `baton-test-exclusive-${process.ppid}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function acquire(file: string): Promise<() => void> {
  const dir = lockDir();
  const holderFile = path.join(dir, "holder");
  const started = Date.now();
  let holder = "";
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(holderFile, `${process.pid} ${file}`);
      const waited = (Date.now() - started) / 1000;
      if (waited >= 1) console.log(`exclusive: ${file} waited ${waited.toFixed(1)} s for ${holder}`);
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    try {
      holder = fs.readFileSync(holderFile, "utf8");
      const pid = Number(holder.split(" ")[0]);
      if (pid > 0 && !alive(pid)) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // the holder has made the directory but not yet named itself
    }
    if (Date.now() - started > WAIT_MS)
      throw new Error(`exclusive: ${file} waited ${WAIT_MS} ms for ${holder}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let release: (() => void) | undefined;
// vitest 4 passes the file's suite second; the first argument must be a destructuring pattern
// biome-ignore lint/correctness/noEmptyPattern: no fixture is used
beforeAll(async ({}, suite) => {
  const file = path.relative(ROOT, suite.file.filepath).split(path.sep).join("/");
  if (EXCLUSIVE.includes(file)) release = await acquire(file);
}, WAIT_MS + 10_000);
afterAll(() => {
  release?.();
  release = undefined;
});
