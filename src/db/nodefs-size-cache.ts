// The size of each data file of an embedded database on disk, kept in memory instead of asked of the
// operating system at every lseek(SEEK_END). PostgreSQL asks a relation's size (mdnblocks) whenever it
// plans a statement over it or one of its indexes and whenever it extends it, and Emscripten's NODEFS
// answers each ask with an fstat: 9.3 s of the 145 s a quarter of 10,000 contacts took (6.4% of its
// CPU, the largest single function in its profile; docs/operations.md "The embedded data directory's
// file sizes", docs/performance-journal.md 1d.12, "The quarter's file sizes and its WAL").
//
// The cache is exact because every change to a file's size goes through the same file system: PGlite
// holds the data directory's lock (lock-file.ts), and PostgreSQL writes, extends (Emscripten's
// posix_fallocate is an ftruncate to the new end, a setattr below) and truncates its files only
// through it. A write past the known end moves it; a truncation, an open with O_TRUNC or a write that
// fails forgets it, and the next lseek asks the system again. Files are keyed by their file-system
// node: a file renamed keeps its node and its size, a file removed and made again is a new node.
// Nothing here changes what is written, or when.
import type { PGlite } from "@electric-sql/pglite";

interface FsNode {
  mode: number;
}
interface FsStream {
  node: FsNode;
  position: number;
  flags: number;
}
interface StreamOps {
  llseek(stream: FsStream, offset: number, whence: number): number;
  write(stream: FsStream, buffer: unknown, offset: number, length: number, position?: number): number;
  setattr?(stream: FsStream, attr: { size?: number }): void;
  open(stream: FsStream): void;
}
interface NodeOps {
  setattr(node: FsNode, attr: { size?: number }): void;
}
interface EmscriptenModule {
  NODEFS?: { stream_ops: StreamOps; node_ops: NodeOps };
  FS?: { isFile(mode: number): boolean };
}

const SEEK_END = 2;
const O_TRUNC = 512;
const patched = new WeakSet<object>();

/**
 * Keeps the file sizes of `pglite`'s NODEFS in memory. Only a data directory on disk is mounted on
 * NODEFS; an in-memory database's files are MEMFS's and take none of this. Once per WebAssembly module.
 */
export function cacheDataFileSizes(pglite: PGlite): void {
  const mod = (pglite as unknown as { Module?: EmscriptenModule }).Module;
  const nodefs = mod?.NODEFS;
  const fsApi = mod?.FS;
  if (!nodefs || !fsApi || patched.has(nodefs)) return;
  patched.add(nodefs);
  const sizes = new WeakMap<FsNode, number>();
  const streamOps = nodefs.stream_ops;
  const nodeOps = nodefs.node_ops;
  const { llseek, write, open } = streamOps;
  const streamSetattr = streamOps.setattr;
  const nodeSetattr = nodeOps.setattr;

  streamOps.llseek = function (stream, offset, whence) {
    if (whence !== SEEK_END || !fsApi.isFile(stream.node.mode))
      return llseek.call(this, stream, offset, whence);
    let size = sizes.get(stream.node);
    if (size === undefined) {
      // the system's answer (its errors as NODEFS reports them), kept for the next ask
      size = llseek.call(this, stream, 0, SEEK_END);
      sizes.set(stream.node, size);
    }
    // a position before the start: NODEFS's own error
    return offset + size < 0 ? llseek.call(this, stream, offset, whence) : offset + size;
  };
  streamOps.write = function (stream, buffer, offset, length, position) {
    let written: number;
    try {
      written = write.call(this, stream, buffer, offset, length, position);
    } catch (e) {
      sizes.delete(stream.node);
      throw e;
    }
    const known = sizes.get(stream.node);
    if (known !== undefined) {
      if (typeof position !== "number") sizes.delete(stream.node);
      else if (position + written > known) sizes.set(stream.node, position + written);
    }
    return written;
  };
  streamOps.open = function (stream) {
    if (stream.flags & O_TRUNC) sizes.delete(stream.node);
    return open.call(this, stream);
  };
  if (streamSetattr)
    streamOps.setattr = function (stream, attr) {
      try {
        return streamSetattr.call(this, stream, attr);
      } finally {
        sizes.delete(stream.node);
      }
    };
  nodeOps.setattr = function (node, attr) {
    try {
      return nodeSetattr.call(this, node, attr);
    } finally {
      sizes.delete(node);
    }
  };
}
