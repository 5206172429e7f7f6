// A table that refuses the erasure's sweep fails the whole erasure (ERASURE_INCOMPLETE, rolled back),
// on every database: it once reported the table in not_redacted and answered success, so on Citus,
// where four tables' updates failed, an erasure silently left them unredacted (issue 40 item 7).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { eraseContact } from "../../src/prospects/erase-contact.ts";
import { makeAccount, makeContact } from "../coordinator/support/fixtures.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";

describe("erasure with a table that refuses the sweep", () => {
  let d: Database;
  beforeAll(async () => {
    d = await testDatabase();
  });
  afterAll(async () => d?.close());

  it("fails loudly and erases nothing", async () => {
    const t = await createTenant(d.db, "refuse");
    const contact = await makeContact(d.db, t.clientId, { accountId: await makeAccount(d.db, t.clientId) });
    await d.db
      .updateTable("contacts")
      .set({ full_name: "Ottoline Brackenridge", email: "ottoline.brackenridge@example.org" })
      .where("contact_id", "=", contact)
      .execute();
    await sql`create table refusing_notes (client_id text not null, note text not null)`.execute(d.db);
    await sql`create function refusing_notes_no_update() returns trigger language plpgsql as
      $$ begin raise exception 'refusing_notes is append-only'; end $$`.execute(d.db);
    await sql`create trigger refusing_notes_no_update before update on refusing_notes
      for each row execute function refusing_notes_no_update()`.execute(d.db);
    await sql`insert into refusing_notes values (${t.clientId}, 'called Ottoline Brackenridge today')`.execute(
      d.db,
    );
    try {
      await expect(
        eraseContact(
          d.db,
          t.revops,
          { contactId: contact, requestReference: "DSR-refuse" },
          { secret: "s", crm: "builtin" },
          new Date("2026-03-10T12:00:00Z"),
        ),
      ).rejects.toMatchObject({ code: "ERASURE_INCOMPLETE", facts: { table: "refusing_notes" } });
      const row = await sql<{ full_name: string; erased_at: Date | null }>`
        select full_name, erased_at from contacts where client_id = ${t.clientId} and contact_id = ${contact}`.execute(
        d.db,
      );
      expect(row.rows).toEqual([{ full_name: "Ottoline Brackenridge", erased_at: null }]);
      const log = await d.db
        .selectFrom("erasure_log")
        .select("id")
        .where("client_id", "=", t.clientId)
        .execute();
      expect(log).toEqual([]);
    } finally {
      await sql`drop table refusing_notes`.execute(d.db);
    }
  });
});
