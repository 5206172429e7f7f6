// Changes read back from a CRM of record are applied to the contact found by the CRM's own id
// (crm_links, else contacts.external_id), never by the address: a change naming a record Baton never
// linked changes nothing, even when a Baton contact has the same address. A stage moved in the CRM
// is a buying signal (issue 69).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCrmChanges } from "../../src/crm/apply-crm-changes.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact, addEnrollment } from "./crm-fixtures.ts";

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

const now = new Date("2026-03-05T10:00:00Z");
const state = (contactId: string) =>
  sql<{
    opt_out_flag: boolean;
    crm_owner_id: string | null;
    crm_lifecycle_stage: string | null;
    external_id: string | null;
  }>`
    select opt_out_flag, crm_owner_id, crm_lifecycle_stage, external_id from contacts where contact_id = ${contactId}`
    .execute(database.db)
    .then((r) => r.rows[0]);

describe("applyCrmChanges", () => {
  it("matches by the CRM id only; owner and stage stored; deleted unlinks and ends live enrollments", async () => {
    const t = await createTenant(database.db);
    const linked = await addContact(database.db, t.clientId, "Ada Byron", "ada@byron.example");
    const imported = await addContact(database.db, t.clientId, "Max Planck", "max@planck.example");
    const sameAddress = await addContact(database.db, t.clientId, "Eve Moss", "eve@moss.example");
    await database.db
      .insertInto("crm_links")
      .values({
        client_id: t.clientId,
        adapter: "hubspot",
        kind: "contact",
        baton_id: linked,
        external_id: "101",
      })
      .execute();
    await database.db
      .updateTable("contacts")
      .set({ external_id: "202" })
      .where("contact_id", "=", imported)
      .execute();
    const enrollment = await addEnrollment(database.db, t.clientId, imported);
    await database.db
      .updateTable("campaign_contacts")
      .set({ status: "active" })
      .where("id", "=", enrollment)
      .execute();

    const r = await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [
        { externalContactId: "101", kind: "owner_changed", value: "77", occurredAt: now },
        { externalContactId: "101", kind: "lifecycle_changed", value: "customer", occurredAt: now },
        { externalContactId: "202", kind: "deleted", occurredAt: now },
        // HubSpot's own record for eve@moss.example, never linked: no contact is matched by address
        { externalContactId: "303", kind: "opted_out", occurredAt: now },
      ],
      now,
    );
    expect(r).toEqual({ applied: 3, unmatched: 1 });
    expect(await state(linked)).toMatchObject({ crm_owner_id: "77", crm_lifecycle_stage: "customer" });
    expect(await state(imported)).toMatchObject({ external_id: null });
    expect(await state(sameAddress)).toMatchObject({ opt_out_flag: false });
    const e = await database.db
      .selectFrom("campaign_contacts")
      .select(["status", "exit_reason"])
      .where("id", "=", enrollment)
      .executeTakeFirstOrThrow();
    expect(e).toEqual({ status: "cancelled", exit_reason: "crm_record_deleted:hubspot" });
    const events = await database.db
      .selectFrom("cadence_event_log")
      .select(["contact_id", "event_type"])
      .where("client_id", "=", t.clientId)
      .orderBy("event_id")
      .execute();
    expect(events.map((x) => x.event_type)).toEqual([
      "crm_contact_changed",
      "crm_contact_changed",
      "crm_record_deleted",
    ]);
    // the same owner again: nothing new
    await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [{ externalContactId: "101", kind: "owner_changed", value: "77", occurredAt: now }],
      now,
    );
    const after = await database.db
      .selectFrom("cadence_event_log")
      .select("event_id")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(after).toHaveLength(3);
  });

  it("a lifecycle stage synced from the CRM is a crm_stage_change signal, once (issue 69)", async () => {
    const t = await createTenant(database.db);
    const c = await addContact(database.db, t.clientId, "Lin Wu", "lin@wu.example");
    await database.db
      .updateTable("contacts")
      .set({ external_id: "909" })
      .where("contact_id", "=", c)
      .execute();
    const change = {
      externalContactId: "909",
      kind: "lifecycle_changed" as const,
      value: "sql",
      occurredAt: now,
    };
    await applyCrmChanges(database.db, t.clientId, "salesforce", [change], now);
    // a poll reads the last record again (its cursor is inclusive): the same change, the same signal
    await sql`update contacts set crm_lifecycle_stage = null where contact_id = ${c}`.execute(database.db);
    await applyCrmChanges(database.db, t.clientId, "salesforce", [change], now);
    const signals = await database.db
      .selectFrom("signals")
      .select(["type", "source", "contact_id", "attributes"])
      .where("client_id", "=", t.clientId)
      .execute();
    expect(signals).toEqual([
      {
        type: "crm_stage_change",
        source: "crm:salesforce",
        contact_id: c,
        attributes: { crm: "salesforce", lifecycle_stage: "sql" },
      },
    ]);
    const contact = await database.db
      .selectFrom("contacts")
      .select(["last_sales_signal", "last_sales_signal_at"])
      .where("contact_id", "=", c)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ last_sales_signal: "crm_stage_change", last_sales_signal_at: now });
  });

  it("owner, title and deal stage changes are signals once per CRM change id; a first reading is none", async () => {
    const t = await createTenant(database.db);
    const c = await addContact(database.db, t.clientId, "Ida Lund", "ida@lund.example");
    await sql`update contacts set external_id = 'hs-1' where contact_id = ${c}`.execute(database.db);
    // the deal Baton created for the person's enrollment: a deal's change finds them by it
    const enrollment = await addEnrollment(database.db, t.clientId, c);
    await database.db
      .insertInto("crm_links")
      .values({
        client_id: t.clientId,
        adapter: "hubspot",
        kind: "deal",
        baton_id: enrollment,
        external_id: "d-9",
      })
      .execute();
    const at = new Date("2026-03-05T09:00:00Z");
    const base = { externalContactId: "hs-1", occurredAt: at };
    const changes = [
      // a first reading of the owner: stored, no signal; then a real change
      { ...base, kind: "owner_changed" as const, value: "77", changeId: "owner-v1" },
      // the title was "VP Marketing" (an import): the CRM's new one is a change
      { ...base, kind: "title_changed" as const, value: "CMO", changeId: "title-v2" },
      {
        ...base,
        kind: "deal_stage_changed" as const,
        value: "contractsent",
        dealId: "d-9",
        changeId: "deal-v3",
      },
    ];
    await applyCrmChanges(database.db, t.clientId, "hubspot", changes, now);
    await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [{ ...base, kind: "owner_changed", value: "78", changeId: "owner-v2" }],
      now,
    );
    // read again (an inclusive cursor, or a webhook and a poll): nothing twice
    await sql`update contacts set title = 'VP Marketing', crm_owner_id = '77' where contact_id = ${c}`.execute(
      database.db,
    );
    await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [...changes.slice(1), { ...base, kind: "owner_changed", value: "78", changeId: "owner-v2" }],
      now,
    );
    const signals = await database.db
      .selectFrom("signals")
      .select(["type", "source", "external_id", "attributes"])
      .where("client_id", "=", t.clientId)
      .orderBy("type")
      .execute();
    expect(signals).toEqual([
      {
        type: "crm_owner_change",
        source: "crm:hubspot",
        external_id: "owner_changed:owner-v2",
        attributes: { crm: "hubspot", owner: "78", previous_owner: "77" },
      },
      {
        type: "crm_stage_change",
        source: "crm:hubspot",
        external_id: "deal_stage_changed:deal-v3",
        attributes: { crm: "hubspot", deal_stage: "contractsent", deal_id: "d-9" },
      },
      {
        type: "crm_title_change",
        source: "crm:hubspot",
        external_id: "title_changed:title-v2",
        attributes: { crm: "hubspot", title: "CMO", previous_title: "VP Marketing" },
      },
    ]);
    expect(await state(c)).toMatchObject({ crm_owner_id: "78" });
  });

  it("a company change without the proof of a move pauses for a person; another tenant's record changes nothing", async () => {
    const t = await createTenant(database.db);
    const other = await createTenant(database.db);
    const c = await addContact(database.db, t.clientId, "Ola Berg", "ola@berg.example");
    const enrollment = await addEnrollment(database.db, t.clientId, c);
    await database.db
      .updateTable("campaign_contacts")
      .set({ status: "active" })
      .where("id", "=", enrollment)
      .execute();
    await sql`update contacts set external_id = 'sf-1' where contact_id = ${c}`.execute(database.db);
    const at = new Date("2026-03-05T09:00:00Z");
    const moves = [
      // no address at the new company: a data fix looks the same
      {
        externalContactId: "sf-1",
        kind: "company_changed" as const,
        value: "newco.example",
        company: "NewCo",
        occurredAt: at,
      },
      // an address at another domain than the company's: not sure either
      {
        externalContactId: "sf-1",
        kind: "company_changed" as const,
        value: "newco.example",
        email: "ola@elsewhere.example",
        company: "NewCo",
        occurredAt: at,
        changeId: "h-2",
      },
      {
        externalContactId: "sf-1",
        kind: "company_unconfirmed" as const,
        company: "Berg Corp",
        occurredAt: at,
      },
    ];
    // the other tenant's sync naming this tenant's record id, even with the proof: nothing here
    const forged = await applyCrmChanges(
      database.db,
      other.clientId,
      "salesforce",
      [{ ...moves[0], email: "ola@newco.example" }],
      now,
    );
    expect(forged).toEqual({ applied: 0, unmatched: 1 });
    await applyCrmChanges(database.db, t.clientId, "salesforce", moves, now);
    await applyCrmChanges(database.db, t.clientId, "salesforce", moves, now);
    const e = await database.db
      .selectFrom("campaign_contacts")
      .select(["status", "exit_reason"])
      .where("id", "=", enrollment)
      .executeTakeFirstOrThrow();
    expect(e).toEqual({ status: "active", exit_reason: null });
    const suppressed = await database.db
      .selectFrom("suppressions")
      .select("value")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(suppressed).toEqual([]);
    const people = await database.db
      .selectFrom("contacts")
      .select("contact_id")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(people).toHaveLength(1);
    const review = await database.db
      .selectFrom("cadence_event_log")
      .select(["resolution", "details"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "crm_contact_changed")
      .execute();
    // two changes (the third names the company the person is at): two reviews, each once
    expect(review.map((r) => [r.resolution, (r.details as { company: string }).company])).toEqual([
      ["needs_review", "NewCo"],
      ["needs_review", "NewCo"],
    ]);
    const signals = await database.db
      .selectFrom("signals")
      .select(["type", "contact_id"])
      .where("client_id", "=", t.clientId)
      .execute();
    expect(signals).toEqual([
      { type: "company_change_unconfirmed", contact_id: c },
      { type: "company_change_unconfirmed", contact_id: c },
    ]);
    expect(
      await database.db
        .selectFrom("signals")
        .select("signal_id")
        .where("client_id", "=", other.clientId)
        .execute(),
    ).toEqual([]);
  });

  it("a late webhook does not write its old title over a newer one; a newer webhook does", async () => {
    const t = await createTenant(database.db);
    const c = await addContact(database.db, t.clientId, "Lee Late", "lee@late.example");
    await database.db
      .updateTable("contacts")
      .set({ external_id: "303" })
      .where("contact_id", "=", c)
      .execute();
    const now = new Date("2026-03-02T12:00:00Z");
    const title = (value: string, iso: string, unnamed: boolean) => ({
      externalContactId: "303",
      kind: "title_changed" as const,
      value,
      occurredAt: new Date(iso),
      ...(unnamed ? { unnamed: true as const } : { changeId: `303:jobtitle:${iso}` }),
    });
    const titleOf = () =>
      database.db
        .selectFrom("contacts")
        .select("title")
        .where("contact_id", "=", c)
        .executeTakeFirstOrThrow()
        .then((r) => r.title);
    // the poll wrote the title set at 11:00
    await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [title("CFO", "2026-03-02T11:00:00Z", false)],
      now,
    );
    // a webhook of 10:00 (a retry of a delivery that failed then) arrives after it: the old value stays out
    await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [title("Controller", "2026-03-02T10:00:00Z", true)],
      now,
    );
    expect(await titleOf()).toBe("CFO");
    // broken before: the same late webhook wrote "Controller" back (the rule: only a newer change writes)
    await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [title("CEO", "2026-03-02T11:30:00Z", true)],
      now,
    );
    expect(await titleOf()).toBe("CEO");
    // and a late one after the newer webhook is refused the same way
    await applyCrmChanges(
      database.db,
      t.clientId,
      "hubspot",
      [title("CFO", "2026-03-02T11:15:00Z", true)],
      now,
    );
    expect(await titleOf()).toBe("CEO");
  });
});
