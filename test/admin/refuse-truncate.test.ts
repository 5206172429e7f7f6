// Statement-level triggers refuse TRUNCATE on every append-only table (issue 11), even for the
// schema's owner, with the same error codes as their UPDATE/DELETE guards.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { mapDbError } from "../../src/errors/map-db-error.ts";
import { testDatabase } from "../support/db.ts";

describe("TRUNCATE on append-only tables", () => {
  let d: Database;
  beforeAll(async () => {
    d = await testDatabase();
  });
  afterAll(() => d.close());

  it.each([
    ["cadence_event_log", "BC900", "EVENT_LOG_APPEND_ONLY"],
    ["plays_archive", "BP013", "PLAY_NOT_DELETABLE"],
    ["audit_log", "BA001", "AUDIT_LOG_APPEND_ONLY"],
  ])("refuses TRUNCATE %s with %s (%s)", async (table, sqlstate, code) => {
    const err = await sql
      .raw(`truncate ${table}`)
      .execute(d.db)
      .then(
        () => undefined,
        (e) => e,
      );
    expect(err?.code).toBe(sqlstate);
    expect(mapDbError(err)?.code).toBe(code);
  });

  it("refuses TRUNCATE plays (CASCADE too)", async () => {
    const err = await sql`truncate plays cascade`.execute(d.db).then(
      () => undefined,
      (e) => e,
    );
    expect(err?.code).toBeDefined();
    expect(["BP013", "BC900", "BA001"]).toContain(err.code);
  });
});
