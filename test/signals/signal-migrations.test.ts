// Issue 69: the migrations that bring existing workspaces along, run against rows as they were
// before them. 0641: a catalogue made before the four types of the CRM's changes gets them, keeps a
// type RevOps changed as changed and a default RevOps removed removed; the catalogue's code then adds
// a default a workspace was never offered (and a new workspace gets all). 0640: a follow-up made in
// the Signals view before it joins the rep's task queue.
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { MIGRATIONS_DIR } from "../../src/db/migrate.ts";
import { DEFAULT_SIGNAL_TYPES, listSignalTypes, recordSignals } from "../../src/signals/index.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { addCompany } from "./signals-fixture.ts";

const NOW = new Date("2026-11-28T12:00:00Z");
const file = (name: string) => fs.readFileSync(path.join(MIGRATIONS_DIR, name), "utf8");
const CRM_TYPES = ["company_change_unconfirmed", "crm_owner_change", "crm_title_change", "job_change"];

describe("signals: the migrations bring existing workspaces along", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  }, 60_000);
  afterAll(() => database.close());

  it("0641: an older catalogue gets the CRM's four types, keeps RevOps' changes and removals", async () => {
    const db = database.db;
    const t = await createTenant(db, "sigmig");
    const fresh = await createTenant(db, "sigmig-new");
    // the catalogue as the first defaults wrote it (0580), then changed by RevOps: one default
    // removed, one reweighted, one type of their own named like a later default
    const first = DEFAULT_SIGNAL_TYPES.filter((d) => !CRM_TYPES.includes(d.name));
    await db
      .insertInto("signal_types")
      .values(first.map((d) => ({ ...d, client_id: t.clientId })))
      .execute();
    await db
      .deleteFrom("signal_types")
      .where("client_id", "=", t.clientId)
      .where("name", "=", "job_posting")
      .execute();
    await db
      .updateTable("signal_types")
      .set({ weight: 99 })
      .where("client_id", "=", t.clientId)
      .where("name", "=", "demo_request")
      .execute();
    await db
      .insertInto("signal_types")
      .values({ client_id: t.clientId, name: "job_change", label: "Ours", side: "marketing", weight: 1 })
      .execute();
    // the schema before 0641, and 0641 itself
    await sql`drop table signal_type_defaults`.execute(db);
    await sql.raw(file("0641_signal_type_defaults.sql")).execute(db);

    const types = new Map((await listSignalTypes(db, t.revops, NOW)).map((x) => [x.name, x]));
    expect(types.has("job_posting")).toBe(false);
    expect(types.get("demo_request")).toMatchObject({ weight: 99 });
    expect(types.get("job_change")).toMatchObject({ label: "Ours", side: "marketing", weight: 1 });
    expect(types.get("crm_title_change")).toMatchObject({ side: "sales", weight: 20, half_life_days: 30 });
    expect([...types.keys()].sort()).toEqual(
      DEFAULT_SIGNAL_TYPES.map((d) => d.name)
        .filter((n) => n !== "job_posting")
        .sort(),
    );
    // a CRM title change is recorded now (before: the type was unknown to the workspace)
    const co = await addCompany(db, t.clientId, "mig", ["Tia"]);
    const r = await recordSignals(
      db,
      { clientId: t.clientId, principalId: null },
      [
        {
          type: "crm_title_change",
          contactId: co.contacts[0],
          occurredAt: new Date(NOW.getTime() - 60_000),
          source: "crm:hubspot",
          externalId: "title-1",
        },
      ],
      { secret: "x".repeat(32) },
      NOW,
    );
    expect(r.results[0]).toMatchObject({ status: "recorded" });
    // a default added later reaches the older catalogue once; removed, it stays removed
    await db
      .deleteFrom("signal_type_defaults")
      .where("client_id", "=", t.clientId)
      .where("name", "=", "crm_owner_change")
      .execute();
    await db
      .deleteFrom("signal_types")
      .where("client_id", "=", t.clientId)
      .where("name", "=", "crm_owner_change")
      .execute();
    expect((await listSignalTypes(db, t.revops, NOW)).map((x) => x.name)).toContain("crm_owner_change");
    await db
      .deleteFrom("signal_types")
      .where("client_id", "=", t.clientId)
      .where("name", "=", "crm_owner_change")
      .execute();
    expect((await listSignalTypes(db, t.revops, NOW)).map((x) => x.name)).not.toContain("crm_owner_change");
    // a new workspace gets every default
    expect((await listSignalTypes(db, fresh.revops, NOW)).length).toBe(DEFAULT_SIGNAL_TYPES.length);
  }, 60_000);

  it("0640: a follow-up made before it is a task of the queue, given to the prospect's owner", async () => {
    const db = database.db;
    const t = await createTenant(db, "sigmig2");
    const co = await addCompany(db, t.clientId, "fu", ["Uma", "Vic"]);
    await db
      .updateTable("contacts")
      .set({ owner_principal_id: t.rep.principalId })
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", co.contacts[0])
      .execute();
    const acted = (contactId: string, note: string | null, at: string, done: boolean) => ({
      client_id: t.clientId,
      kind: "task" as const,
      subject: "contact" as const,
      contact_id: contactId,
      account_id: co.accountId,
      note,
      acted_at: at,
      acted_by_principal_id: t.revops.principalId,
      done_at: done ? at : null,
    });
    await db
      .insertInto("signal_actions")
      .values([
        acted(co.contacts[0], "older", "2026-11-20T10:00:00Z", false),
        acted(co.contacts[0], "call her", "2026-11-21T10:00:00Z", false),
        acted(co.contacts[1], null, "2026-11-21T11:00:00Z", false),
        acted(co.contacts[1], "closed", "2026-11-19T11:00:00Z", true),
      ])
      .execute();
    const migration = file("0640_signal_follow_up_tasks.sql");
    const from = migration.indexOf("insert into engine_rep_tasks");
    const insert = migration.slice(from, migration.indexOf(";", from));
    await sql.raw(insert).execute(db);
    const tasks = await db
      .selectFrom("engine_rep_tasks")
      .select([
        "contact_id",
        "kind",
        "assignee_role",
        "assignee_principal_id",
        "body",
        "due_at",
        "send_item_id",
      ])
      .where("client_id", "=", t.clientId)
      .execute();
    expect(tasks.length).toBe(2);
    expect(tasks).toEqual(
      expect.arrayContaining([
        {
          contact_id: co.contacts[1],
          kind: "signal_follow_up",
          assignee_role: "rep",
          assignee_principal_id: null,
          body: "Follow up on their signals",
          due_at: new Date("2026-11-21T11:00:00Z"),
          send_item_id: null,
        },
        {
          contact_id: co.contacts[0],
          kind: "signal_follow_up",
          assignee_role: "rep",
          assignee_principal_id: t.rep.principalId,
          body: "call her",
          due_at: new Date("2026-11-21T10:00:00Z"),
          send_item_id: null,
        },
      ]),
    );
  }, 60_000);
});
