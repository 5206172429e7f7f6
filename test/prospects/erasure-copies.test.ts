// Issue 36 item 17: an erasure reaches every copy Baton keeps. On an embedded data directory on
// disk: a person with a CRM record (their company), event-log mentions and earlier row versions is
// erased; the touched tables are rewritten (VACUUM FULL), and a backup taken afterwards (whose WAL
// is cut to the segment a start needs) holds no byte of their email, name or company, nor does the
// data directory after it. Before this, the review found them in 9 table files, 29 WAL segments and
// 12 times in such a backup. Issue 58 (Deliver 3): the review's database had planner statistics
// (pg_statistic: the person 16 times, and 4 times in a backup taken after the erasure) and WAL
// segments recycled with their pages; now, while the database still runs after the erasure, no file
// of its directory (tables, catalogs, WAL) holds them either.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDataDir } from "../../src/db/backup-data-dir.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { ERASURE_TABLES } from "../../src/prospects/compact-after-erasure.ts";
import { eraseContact } from "../../src/prospects/erase-contact.ts";
import { templateDataDir } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { count, filesWith, person, statisticsAsBefore0358 } from "./erasure-disk.ts";

const SECRET = "erasure-copies-secret";
const NOW = new Date("2026-03-10T12:00:00Z");

let tmp: string;
let dataDir: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-erasure-copies-"));
  dataDir = path.join(tmp, "data");
  await templateDataDir(dataDir);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("erasure reaches every copy (PGlite data directory)", () => {
  it("leaves no copy in the tables' files, nor in a backup taken afterwards, nor in the WAL after it", async () => {
    const database = await openDatabase({ dataDir });
    let needles: string[];
    try {
      const t = await createTenant(database.db, "copies");
      const p = await person(database.db, t, Math.random().toString(36).slice(2, 8));
      needles = p.needles;
      await statisticsAsBefore0358(database.db, ["contacts", "crm_contacts", "cadence_event_log"]);
      // the broken case: the statistics' file and WAL segments hold them, as in the review
      await sql`checkpoint`.execute(database.db);
      const statistics = await sql<{ f: string }>`select pg_relation_filepath('pg_statistic') as f`.execute(
        database.db,
      );
      const before = filesWith(dataDir, needles);
      expect(before).toContain(statistics.rows[0].f);
      expect(before.filter((f) => f.startsWith("pg_wal/")).length).toBeGreaterThan(0);
      // segments holding them are recycled: renamed to future names, their pages left as they were
      for (let i = 0; i < 3; i++)
        await sql`select pg_switch_wal()`
          .execute(database.db)
          .then(() => sql`checkpoint`.execute(database.db));
      const r = await eraseContact(
        database.db,
        t.revops,
        { contactId: p.contactId, requestReference: "DSR-copies" },
        { secret: SECRET, crm: "builtin" },
        NOW,
      );
      expect(r.compacted).toEqual(expect.arrayContaining(["contacts", "cadence_event_log", "crm_contacts"]));
      expect(r.not_compacted).toEqual([]);
      expect(r.statistics).toMatchObject({ not_cleared: [], catalog_compacted: true });
      expect(r.wal.skipped).toBeNull();
      // while the database runs on: no file of its directory holds them, pg_wal's included
      expect(filesWith(dataDir, needles)).toEqual([]);
    } finally {
      await database.close();
    }
    const file = path.join(tmp, "after.tar.gz");
    await backupDataDir(dataDir, file);
    const tar = zlib.gunzipSync(fs.readFileSync(file));
    expect(count(tar, needles)).toEqual(Object.fromEntries(needles.map((n) => [n, 0])));
    expect(filesWith(dataDir, needles)).toEqual([]);
    // and the directory still opens, with its data
    const again = await openDatabase({ dataDir });
    try {
      const n = await sql<{
        n: number;
      }>`select count(*)::int as n from contacts where erased_at is not null`.execute(again.db);
      expect(n.rows[0].n).toBe(1);
    } finally {
      await again.close();
    }
  }, 180_000);

  it("a backup taken after an erasure whose compaction left the statistics (before issue 58) holds no trace", async () => {
    const dir = path.join(tmp, "before-58");
    await templateDataDir(dir);
    const database = await openDatabase({ dataDir: dir });
    let needles: string[];
    try {
      const t = await createTenant(database.db, "stale");
      const p = await person(database.db, t, Math.random().toString(36).slice(2, 8));
      needles = p.needles;
      await statisticsAsBefore0358(database.db, ["contacts", "crm_contacts", "cadence_event_log"]);
      // the erasure as issue 36 left it: inside a transaction (no compaction of its own), then the
      // touched tables rewritten, and nothing else
      await database.db
        .transaction()
        .execute((tx) =>
          eraseContact(
            tx,
            t.revops,
            { contactId: p.contactId, requestReference: "DSR-stale" },
            { secret: SECRET, crm: "builtin" },
            NOW,
          ),
        );
      for (const table of ERASURE_TABLES) await sql`vacuum full ${sql.table(table)}`.execute(database.db);
      await sql`checkpoint`.execute(database.db);
      const statistics = await sql<{ f: string }>`select pg_relation_filepath('pg_statistic') as f`.execute(
        database.db,
      );
      // the broken case: the statistics' file keeps them
      expect(filesWith(dir, needles)).toContain(statistics.rows[0].f);
    } finally {
      await database.close();
    }
    const file = path.join(tmp, "before-58.tar.gz");
    await backupDataDir(dir, file);
    expect(count(zlib.gunzipSync(fs.readFileSync(file)), needles)).toEqual(
      Object.fromEntries(needles.map((n) => [n, 0])),
    );
    expect(filesWith(dir, needles)).toEqual([]);
  }, 180_000);
});
