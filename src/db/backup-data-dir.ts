// baton backup / baton restore: the embedded PGlite data directory to one .tar.gz file and back.
// PGlite has one writer, so both take the data directory's lock file: they refuse while a server or a
// worker has it open (stop it first; a backup of a few hundred MB takes seconds). A restore is made in
// a directory beside the target, opened once to check it, and only then moved into place.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { BatonError } from "../errors/baton-error.ts";
import { PGLITE_START_PARAMS } from "./connect.ts";
import { acquireDataDirLock } from "./lock-file.ts";
import { scrubWal } from "./scrub-wal.ts";

export interface BackupResult {
  file: string;
  bytes: number;
  migrations: number;
}

function isDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, "PG_VERSION"));
}

async function countMigrations(pglite: PGlite): Promise<number> {
  const table = await pglite.query<{ t: string | null }>("select to_regclass('baton_migrations')::text as t");
  if (!table.rows[0]?.t) return 0;
  const r = await pglite.query<{ n: number }>("select count(*)::int as n from baton_migrations");
  return r.rows[0]?.n ?? 0;
}

/** Writes the data directory to file (gzip tar), through a temporary file renamed into place. */
export async function backupDataDir(dataDir: string, file: string): Promise<BackupResult> {
  if (!isDatabase(dataDir)) throw new BatonError("BACKUP_NO_DATA_DIR", { data_dir: dataDir });
  const release = acquireDataDirLock(dataDir);
  try {
    // the WAL first (issue 36 item 17): a new segment, a checkpoint in it, every older segment
    // removed (not recycled), then the directory stopped and its WAL cut to that one segment, so
    // neither the data directory nor the backup keeps a row an erasure or a purge rewrote
    const first = await PGlite.create({
      dataDir,
      startParams: [...PGLITE_START_PARAMS, "-c", "wal_recycle=off"],
    });
    let current: string;
    try {
      // the planner's statistics (issue 58): every table that has statistics analyzed again from its
      // rows as they are now (PGlite runs no autovacuum: the others have none), the earlier rows of
      // the personal columns cleared (0358), and pg_statistic rewritten without its dead versions, so
      // an erasure made before its compaction reached them leaves nothing there
      await first.exec(`do $$
        declare r record;
        begin
          for r in select distinct s.starelid::regclass as rel
                     from pg_catalog.pg_statistic s join pg_catalog.pg_class c on c.oid = s.starelid
                    where c.relkind in ('r', 'p', 'm') and c.relnamespace = current_schema()::regnamespace loop
            execute format('analyze %s', r.rel);
          end loop;
          if to_regproc('baton_clear_kept_out_statistics') is not null then
            perform baton_clear_kept_out_statistics();
          end if;
        end $$`);
      await first.exec("vacuum full pg_catalog.pg_statistic");
      await first.exec("select pg_switch_wal(); checkpoint;");
      const r = await first.query<{ f: string }>("select pg_walfile_name(pg_current_wal_insert_lsn()) as f");
      current = r.rows[0].f;
    } finally {
      await first.close();
    }
    scrubWal(dataDir, current);
    const pglite = await PGlite.create({ dataDir, startParams: PGLITE_START_PARAMS });
    try {
      await pglite.exec("checkpoint");
      const migrations = await countMigrations(pglite);
      const tarball = await pglite.dumpDataDir("gzip");
      const bytes = Buffer.from(await tarball.arrayBuffer());
      const target = path.resolve(file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.partial-${process.pid}`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, target);
      return { file: target, bytes: bytes.length, migrations };
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}

export interface RestoreResult {
  dataDir: string;
  migrations: number;
  replaced: boolean;
}

/** Loads file (from backupDataDir) into dataDir; a non-empty dataDir is replaced only with force. */
export async function restoreDataDir(file: string, dataDir: string, force = false): Promise<RestoreResult> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) {
    throw new BatonError("RESTORE_FILE_INVALID", { file: source, reason: "no such file" });
  }
  const release = acquireDataDirLock(dataDir);
  const staging = `${dataDir}.restoring-${process.pid}`;
  try {
    const occupied = fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0;
    if (occupied && !force) throw new BatonError("RESTORE_TARGET_NOT_EMPTY", { data_dir: dataDir });
    fs.rmSync(staging, { recursive: true, force: true });
    let migrations: number;
    try {
      const blob = new Blob([fs.readFileSync(source)]);
      const pglite = await PGlite.create({
        dataDir: staging,
        loadDataDir: blob,
        startParams: PGLITE_START_PARAMS,
      });
      try {
        migrations = await countMigrations(pglite);
      } finally {
        await pglite.close();
      }
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new BatonError("RESTORE_FILE_INVALID", { file: source, reason: (e as Error).message });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.renameSync(staging, dataDir);
    return { dataDir, migrations, replaced: occupied };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}
