// A cleanly shut-down PGlite data directory as the tar that PGlite's `loadDataDir` reads.
//
// `pglite.dumpDataDir()` tars a running instance: its control file says "in production", so every
// database started from the dump ran crash recovery, rebuilt the relation cache's init files and
// wrote an end-of-recovery checkpoint, and the dump carried every WAL segment (the test template's
// two are 32 of its 48 MB, copied into each test database's in-memory file system). A directory
// closed by `pglite.close()` has been checkpointed at shutdown: it needs one segment, the one its
// last checkpoint sits in, and starts without recovery. Measured on the test template (alternating
// processes, 20 starts each, three rounds): 598-610 ms of CPU a start from the dump, 492-555 ms from
// this tar (docs/performance-journal.md 1d.1).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

const BLOCK = 512;
/** pg_control's DBState for a cluster shut down cleanly (DB_SHUTDOWNED) */
const DB_SHUTDOWNED = 1;
const WAL_SEGMENT = 16 * 1024 * 1024;

/**
 * A running PGlite's database as a clean tar: checkpointed, dumped, closed, started once in a
 * directory of its own (replaying nothing, the checkpoint being its last record) and closed there.
 * `pglite` is closed. A database built in memory and dumped running replayed, at every load, all the
 * WAL it wrote after its last checkpoint (a standalone PostgreSQL has no checkpointer: the living
 * demo's 60 days were replayed by each browser file that loaded them).
 */
export async function cleanDump(pglite: PGlite): Promise<Buffer> {
  await pglite.query("checkpoint");
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-clean-dump-"));
  try {
    await (await PGlite.create({ dataDir: dir, loadDataDir: dump })).close();
    return cleanDataDirTar(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The tar of `dir`, a data directory PGlite has closed. Throws when the control file does not say
 * the cluster was shut down cleanly. Of `pg_wal`, only the segments from the last checkpoint's redo
 * point to the checkpoint itself are kept (the same one after a clean shutdown).
 */
function cleanDataDirTar(dir: string): Buffer {
  const { state, checkpoint, redo, timeline } = readControl(path.join(dir, "global", "pg_control"));
  if (state !== DB_SHUTDOWNED)
    throw new Error(`${dir} was not shut down cleanly (pg_control state ${state}): close its PGlite first`);
  const needed = new Set<string>();
  for (let seg = redo / BigInt(WAL_SEGMENT); seg <= checkpoint / BigInt(WAL_SEGMENT); seg++)
    needed.add(walFileName(timeline, seg));
  if ([...needed].some((n) => !fs.existsSync(path.join(dir, "pg_wal", n))))
    throw new Error(`${dir}: a WAL segment of the last checkpoint is missing`);
  const blocks: Buffer[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.statSync(path.join(dir, r));
      if (st.isDirectory()) {
        blocks.push(header(r, st.mode, 0, st.mtimeMs, "5"));
        walk(r);
      } else if (rel !== "pg_wal" || needed.has(name)) {
        const data = fs.readFileSync(path.join(dir, r));
        blocks.push(header(r, st.mode, data.length, st.mtimeMs, "0"), data);
        const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
        if (pad) blocks.push(Buffer.alloc(pad));
      }
    }
  };
  walk("");
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

/** ControlFileData's first fields (PostgreSQL 15-18): state at 16, checkPoint at 32, checkPointCopy (redo, ThisTimeLineID) at 40 */
function readControl(file: string) {
  const b = fs.readFileSync(file);
  return {
    state: b.readInt32LE(16),
    checkpoint: b.readBigUInt64LE(32),
    redo: b.readBigUInt64LE(40),
    timeline: b.readUInt32LE(48),
  };
}

/** XLogFileName for 16 MB segments: 256 segments to a log id */
function walFileName(timeline: number, seg: bigint): string {
  const hex = (n: bigint | number) => n.toString(16).toUpperCase().padStart(8, "0");
  return hex(timeline) + hex(seg / 256n) + hex(seg % 256n);
}

/** A ustar header: the name (under 100 bytes here), mode, size and mtime in octal, the checksum last */
function header(name: string, mode: number, size: number, mtimeMs: number, type: "0" | "5"): Buffer {
  const h = Buffer.alloc(BLOCK);
  const field = (offset: number, length: number, value: string) => h.write(value, offset, length, "ascii");
  const octal = (offset: number, length: number, n: number) =>
    field(offset, length, `${n.toString(8).padStart(length - 1, "0")}\0`);
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar: ${name} is too long for a ustar name`);
  field(0, 100, name);
  octal(100, 8, mode & 0o7777);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, Math.floor(mtimeMs / 1000));
  field(148, 8, "        ");
  field(156, 1, type);
  field(257, 6, "ustar\0");
  field(263, 2, "00");
  let sum = 0;
  for (const byte of h) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}
