// Issue 58, Deliver 3, on PostgreSQL: after a successful erasure the review found the email in
// pg_statistic (16 copies; VACUUM does not touch it) and in 13 WAL segments. Here the server's own
// files are read as bytes (the test runs where the data directory is readable: root beside a local
// server; elsewhere the suite is skipped and says why): this database's directory under base/, the
// shared catalogs (global/) and pg_wal. Before the erasure they hold the person (the broken case:
// statistics gathered as before 0358, WAL segments recycled with their pages); after it, erasing as
// a superuser (the erasure's compaction analyzes, clears the statistics, rewrites pg_statistic and
// writes over the recycled WAL), none does. Not read: the server's log files, WAL archived or
// streamed elsewhere, other databases.
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { eraseContact } from "../../src/prospects/erase-contact.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { describeNeeds, PG_DATA_DIR } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";
import { filesWith, person, statisticsAsBefore0358 } from "./erasure-disk.ts";

describeNeeds(["postgres", "pgfiles"], "erasure reaches PostgreSQL's files: statistics and WAL", () => {
  let d: Database;
  beforeAll(async () => {
    d = await ownServerTestDatabase("erasure_disk", 2);
  });
  afterAll(async () => d?.close());

  it("leaves no byte of the person in the database's files, the shared catalogs or pg_wal", async () => {
    const server = await sql<{ dir: string; oid: number; superuser: boolean }>`
      select current_setting('data_directory') as dir,
             (select oid::int from pg_database where datname = current_database()) as oid,
             (select rolsuper from pg_roles where rolname = current_user) as superuser`.execute(d.db);
    const { dir, oid, superuser } = server.rows[0];
    expect(dir, "TEST_PG_DATA_DIR names another server's directory").toBe(PG_DATA_DIR);
    expect(superuser, "the WAL step needs a superuser (or pg_checkpoint and the grants)").toBe(true);
    const places = [path.join(dir, "base", String(oid)), path.join(dir, "global"), path.join(dir, "pg_wal")];

    const t = await createTenant(d.db, "disk");
    const p = await person(d.db, t, Math.random().toString(36).slice(2, 8));
    const needles = p.needles;
    const scan = () =>
      places.flatMap((at) => filesWith(at, needles).map((f) => path.join(path.basename(at), f)));
    await statisticsAsBefore0358(d.db, ["contacts", "crm_contacts", "cadence_event_log"]);
    await sql`checkpoint`.execute(d.db);
    const statistics = await sql<{ f: string }>`select pg_relation_filepath('pg_statistic') as f`.execute(
      d.db,
    );
    const before = scan();
    expect(before).toContain(path.join(String(oid), path.basename(statistics.rows[0].f)));
    expect(before.filter((f) => f.startsWith("pg_wal/")).length).toBeGreaterThan(0);
    // the segments holding them recycled: renamed to future names with their pages as they were
    await sql`select pg_switch_wal()`.execute(d.db);
    await sql`checkpoint`.execute(d.db);

    const r = await eraseContact(
      d.db,
      t.revops,
      { contactId: p.contactId, requestReference: "DSR-disk" },
      { secret: "erasure-disk-secret", crm: "builtin" },
      new Date("2026-03-10T12:00:00Z"),
    );
    expect(r.not_compacted).toEqual([]);
    expect(r.statistics).toMatchObject({ not_cleared: [], catalog_compacted: true });
    expect(r.wal.skipped).toBeNull();
    expect(scan()).toEqual([]);
  }, 300_000);
});
