// baton backup / baton restore on the embedded database: a PGlite data directory with data is written
// to a file, restored into another directory, and the data is read back from there.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { backupDataDir, restoreDataDir } from "../../src/db/backup-data-dir.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { templateDataDir } from "../support/db.ts";

let tmp: string;
let source: string;

async function names(dataDir: string): Promise<string[]> {
  const database = await openDatabase({ dataDir });
  try {
    const r = await sql<{ name: string }>`select name from clients order by name`.execute(database.db);
    return r.rows.map((x) => x.name);
  } finally {
    await database.close();
  }
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return isBatonError(e) ? e.code : String(e);
  }
  return undefined;
}

/** runCli with the environment given (the CLI reads its configuration from process.env). */
async function cli(argv: string[], env: Record<string, string | undefined>) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  const lines: string[] = [];
  try {
    const exit = await runCli(argv, (s) => lines.push(s));
    return { exit, out: lines.join("\n") };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-backup-"));
  source = path.join(tmp, "source");
  // a migrated data directory on disk, from the test template, with a row of our own
  await templateDataDir(source);
  const database = await openDatabase({ dataDir: source });
  await sql`insert into clients (client_id, name) values ('backup-test', 'Backed up Ltd')`.execute(
    database.db,
  );
  await database.close();
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("baton backup and restore (PGlite)", () => {
  it("backs up a data directory and restores it into another, with its data", async () => {
    const file = path.join(tmp, "baton.tar.gz");
    const backup = await backupDataDir(source, file);
    expect(backup.bytes).toBeGreaterThan(1000);
    expect(backup.migrations).toBeGreaterThan(0);
    expect(fs.statSync(file).size).toBe(backup.bytes);

    const target = path.join(tmp, "restored");
    const restore = await restoreDataDir(file, target);
    expect(restore).toMatchObject({ replaced: false, migrations: backup.migrations });
    expect(await names(target)).toContain("Backed up Ltd");
    expect(fs.existsSync(`${target}.lock`)).toBe(false);
  });

  it("refuses to overwrite a non-empty data directory without --force, and replaces it with it", async () => {
    const file = path.join(tmp, "again.tar.gz");
    const cliEnv = { DATABASE_URL: undefined, BATON_DATA_DIR: source };
    const backedUp = await cli(["backup", file], cliEnv);
    expect(backedUp.exit).toBe(0);
    expect(JSON.parse(backedUp.out)).toMatchObject({ backup: file });

    // the target holds another database: refused, and left as it was
    const target = path.join(tmp, "occupied");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "keep.txt"), "mine");
    const refused = await cli(["restore", file], { ...cliEnv, BATON_DATA_DIR: target });
    expect(refused.exit).toBe(1);
    expect(JSON.parse(refused.out).error.code).toBe("RESTORE_TARGET_NOT_EMPTY");
    expect(fs.readFileSync(path.join(target, "keep.txt"), "utf8")).toBe("mine");

    const forced = await cli(["restore", file, "--force"], { ...cliEnv, BATON_DATA_DIR: target });
    expect(forced.exit).toBe(0);
    expect(JSON.parse(forced.out)).toMatchObject({ replaced: true });
    expect(fs.existsSync(path.join(target, "keep.txt"))).toBe(false);
    expect(await names(target)).toContain("Backed up Ltd");
  });

  it("respects the data directory's lock: no backup or restore while another process has it", async () => {
    // another live process holds the lock (a server or a worker would write its pid there)
    const holder = spawn("sleep", ["60"], { stdio: "ignore" });
    fs.writeFileSync(`${source}.lock`, String(holder.pid));
    try {
      expect(await code(backupDataDir(source, path.join(tmp, "locked.tar.gz")))).toBe("DATA_DIR_LOCKED");
      expect(await code(restoreDataDir(path.join(tmp, "baton.tar.gz"), source, true))).toBe(
        "DATA_DIR_LOCKED",
      );
    } finally {
      holder.kill();
      fs.rmSync(`${source}.lock`, { force: true });
    }
    expect(fs.existsSync(path.join(tmp, "locked.tar.gz"))).toBe(false);
    expect(await names(source)).toContain("Backed up Ltd");
  });

  it("refuses a file that is not a backup, and leaves no half-restored directory", async () => {
    const bad = path.join(tmp, "not-a-backup.tar.gz");
    fs.writeFileSync(bad, "hello");
    const target = path.join(tmp, "never");
    expect(await code(restoreDataDir(bad, target))).toBe("RESTORE_FILE_INVALID");
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith("never"))).toEqual([]);
    expect(await code(backupDataDir(path.join(tmp, "nothing"), bad))).toBe("BACKUP_NO_DATA_DIR");
  });

  it("on PostgreSQL points to pg_dump / pg_restore and exits non-zero", async () => {
    const env = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/nowhere" };
    for (const argv of [
      ["backup", path.join(tmp, "x.tar.gz")],
      ["restore", path.join(tmp, "baton.tar.gz")],
    ]) {
      const r = await cli(argv, env);
      expect(r.exit).not.toBe(0);
      expect(JSON.parse(r.out).error.code).toBe("BACKUP_USE_PG_TOOLS");
      expect(r.out).toContain("pg_dump");
    }
  });
});
