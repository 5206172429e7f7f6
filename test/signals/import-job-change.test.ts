// Issue 69 item 3, the import half: a contact import that names a known person by their CRM id and
// gives them an address at another company is a job change. Proven (the row names the new company
// and the address is at its domain): left_company at the old account, the person created and
// proposed at the new one, no touch to the old address afterwards. Unproven (a personal address,
// the old domain kept): nothing ends, the old address is kept, a person reviews it. A row naming
// another tenant's CRM id moves nobody there. A row that names the person by their previous address
// (previous_email) instead of a CRM id moves them by the same rule.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { executeActivePlays } from "../../src/plays/execute-active-plays.ts";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { engineAfterTheMove, inSegment, intentPlay } from "./signal-plays-fixture.ts";
import {
  addCompany,
  afterTheMove,
  contactsNamed,
  contactsToReview,
  enrollmentsByContact,
} from "./signals-fixture.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const mapping = { email: "Email", full_name: "Name", account: "Company", crm_id: "CRM" };

let d: Database;
let t: Tenant;
let other: Tenant;
beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db, "impjc");
  other = await createTenant(d.db, "impjx");
}, 60_000);
afterAll(async () => d?.close());

describe("a job change from a contact import", () => {
  it("moves only what the row proves: left_company and the person at the new company; the unsure wait for a person", async () => {
    const db = d.db;
    const oldCo = await addCompany(db, t.clientId, "oldco", ["Pat", "Kim", "Sam"], "T1");
    const newCo = await addCompany(db, t.clientId, "newco", [], "T1");
    await inSegment(db, t.clientId, oldCo.accountId);
    await inSegment(db, t.clientId, newCo.accountId);
    for (const [i, contactId] of oldCo.contacts.entries())
      await db
        .updateTable("contacts")
        .set({ external_id: `crm-${i}` })
        .where("contact_id", "=", contactId)
        .execute();
    // another tenant's person carries a CRM id too
    const theirs = await addCompany(db, other.clientId, "theirco", ["Bo"], "T1");
    await db
      .updateTable("contacts")
      .set({ external_id: "crm-theirs" })
      .where("contact_id", "=", theirs.contacts[0])
      .execute();
    await intentPlay(db, t, "T1 outreach", [], NOW);
    const [run] = await executeActivePlays(db, NOW, { clientId: t.clientId });
    expect(run.decisions.allow).toBe(3);

    // Pat moved (NewCo named, the address at its domain); Kim's row names NewCo with a personal
    // address; Sam's names NewCo with an address still at OldCo; a row names the other tenant's id
    const csv = [
      "Email,Name,Company,CRM",
      `pat@${newCo.domain},Pat,${newCo.domain},crm-0`,
      `kim.r@gmail.com,Kim,${newCo.domain},crm-1`,
      `sam.b@${oldCo.domain},Sam,${newCo.domain},crm-2`,
      `bo@${newCo.domain},Bo,${newCo.domain},crm-theirs`,
    ].join("\n");
    const moved = new Date(NOW.getTime() + 3600_000);
    const imported = () =>
      runImport(
        db,
        t.revops,
        { kind: "contacts", csv, mapping, dryRun: false, onDuplicate: "update" },
        { secret: "test-secret" },
        moved,
      );
    // a dry run counts what the file would do, and moves nobody
    const dry = await runImport(
      db,
      t.revops,
      { kind: "contacts", csv, mapping, dryRun: true, onDuplicate: "update" },
      { secret: "test-secret" },
      moved,
    );
    expect(dry.counts).toMatchObject({ rows: 4, job_changes: 1, needs_review: 2 });
    expect((await enrollmentsByContact(db, t.clientId))(oldCo.contacts[0])?.status).toBe("active");
    const r = await imported();
    expect(r.counts).toMatchObject({ rows: 4, created: 1, updated: 3, job_changes: 1, needs_review: 2 });
    const atNewCo = await db
      .selectFrom("contacts")
      .select(["contact_id", "full_name", "email", "external_id"])
      .where("client_id", "=", t.clientId)
      .where("account_id", "=", newCo.accountId)
      .orderBy("full_name")
      .execute();
    expect(atNewCo).toEqual([
      {
        contact_id: expect.any(String),
        full_name: "Bo",
        email: `bo@${newCo.domain}`,
        external_id: "crm-theirs",
      },
      {
        contact_id: expect.any(String),
        full_name: "Pat",
        email: `pat@${newCo.domain}`,
        external_id: "crm-0",
      },
    ]);
    const patNew = atNewCo[1].contact_id;
    expect(r.report.map((x) => [x.row, x.reason ?? null, x.id])).toEqual([
      [1, "job_change", patNew],
      [2, "job_change_needs_review", oldCo.contacts[1]],
      [3, "job_change_needs_review", oldCo.contacts[2]],
      [4, null, atNewCo[0].contact_id],
    ]);

    const of = await enrollmentsByContact(db, t.clientId);
    expect(of(oldCo.contacts[0])).toMatchObject({ status: "exited", exit_reason: "left_company" });
    expect(of(oldCo.contacts[1])).toMatchObject({ status: "active", exit_reason: null });
    expect(of(oldCo.contacts[2])).toMatchObject({ status: "active", exit_reason: null });
    // the unproven keep their address and their company
    const kept = await db
      .selectFrom("contacts")
      .select(["email", "account_id"])
      .where("contact_id", "in", [oldCo.contacts[1], oldCo.contacts[2]])
      .orderBy("full_name")
      .execute();
    expect(kept).toEqual([
      { email: oldCo.emails[1], account_id: oldCo.accountId },
      { email: oldCo.emails[2], account_id: oldCo.accountId },
    ]);
    const signals = await db
      .selectFrom("signals")
      .select(["type", "contact_id", "source"])
      .where("client_id", "=", t.clientId)
      .execute();
    const expected = [
      { type: "company_change_unconfirmed", contact_id: oldCo.contacts[1], source: "import" },
      { type: "company_change_unconfirmed", contact_id: oldCo.contacts[2], source: "import" },
      { type: "job_change", contact_id: patNew, source: "import" },
    ];
    const sorted = (xs: { type: string; contact_id: string | null }[]) =>
      [...xs].sort(
        (a, b) => a.type.localeCompare(b.type) || (a.contact_id ?? "").localeCompare(b.contact_id ?? ""),
      );
    expect(sorted(signals)).toEqual(sorted(expected));
    const reviews = () => contactsToReview(db, t.clientId);
    expect(await reviews()).toEqual([oldCo.contacts[1], oldCo.contacts[2]].sort());
    const log = await db
      .selectFrom("cadence_event_log")
      .select(["contact_id", "details"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "job_change")
      .execute();
    expect(log).toEqual([
      {
        contact_id: patNew,
        details: expect.objectContaining({ from_contact_id: oldCo.contacts[0], source: "import" }),
      },
    ]);

    // the other tenant's person: untouched
    const bo = await db
      .selectFrom("contacts")
      .select(["email", "account_id", "external_id"])
      .where("contact_id", "=", theirs.contacts[0])
      .executeTakeFirstOrThrow();
    expect(bo).toEqual({ email: theirs.emails[0], account_id: theirs.accountId, external_id: "crm-theirs" });
    expect(await afterTheMove(db, other.clientId, NOW)).toEqual({ touched: [], suppressed: [] });

    // the same file again: nobody moves twice, no second review
    const again = await imported();
    expect(again.counts).toMatchObject({ rows: 4, created: 0, updated: 4, needs_review: 2 });
    expect(again.counts.job_changes).toBeUndefined();
    expect(await contactsNamed(db, t.clientId, "Pat")).toHaveLength(2);
    expect(await reviews()).toEqual([oldCo.contacts[1], oldCo.contacts[2]].sort());

    // the play execution proposes Pat at NewCo (and Bo, new there); days of the engine: nothing to the old address
    const [next] = await executeActivePlays(db, moved, { clientId: t.clientId });
    expect(next).toMatchObject({ requested: 2, decisions: { allow: 2 } });
    const after = await engineAfterTheMove(d, t, moved);
    expect(after.touched).toContain(patNew);
    expect(after.touched).not.toContain(oldCo.contacts[0]);
    expect(after.suppressed).toEqual([oldCo.emails[0]]);
  }, 180_000);

  it("a row that names the person by their previous address moves them by the same rule", async () => {
    const db = d.db;
    const t2 = await createTenant(db, "impjp");
    const oldCo = await addCompany(db, t2.clientId, "prevold", ["Ria", "Lou"], "T1");
    const newCo = await addCompany(db, t2.clientId, "prevnew", [], "T1");
    await inSegment(db, t2.clientId, oldCo.accountId);
    await inSegment(db, t2.clientId, newCo.accountId);
    await intentPlay(db, t2, "T1 outreach", [], NOW);
    expect((await executeActivePlays(db, NOW, { clientId: t2.clientId }))[0].decisions.allow).toBe(2);
    // Ria moved (NewCo named, the new address at its domain); Lou's row gives a personal address; a
    // previous address Baton never had is an ordinary new person; a previous address that is none is refused
    const csv = [
      "Email,Name,Company,Previous email",
      `ria@${newCo.domain},Ria,${newCo.domain},${oldCo.emails[0].toUpperCase()}`,
      `lou.x@gmail.com,Lou,${newCo.domain},${oldCo.emails[1]}`,
      `max@${newCo.domain},Max,${newCo.domain},max@elsewhere.example`,
      `zed@${newCo.domain},Zed,${newCo.domain},not-an-address`,
    ].join("\n");
    const moved = new Date(NOW.getTime() + 3600_000);
    const imported = () =>
      runImport(
        db,
        t2.revops,
        {
          kind: "contacts",
          csv,
          mapping: {
            email: "Email",
            full_name: "Name",
            account: "Company",
            previous_email: "Previous email",
          },
          dryRun: false,
          onDuplicate: "update",
        },
        { secret: "test-secret" },
        moved,
      );
    const r = await imported();
    expect(r.counts).toMatchObject({
      rows: 4,
      created: 1,
      updated: 2,
      refused: 1,
      job_changes: 1,
      needs_review: 1,
    });
    const [riaNew] = (await contactsNamed(db, t2.clientId, "Ria"))
      .map((c) => c.contact_id)
      .filter((id) => id !== oldCo.contacts[0]);
    expect(r.report.map((x) => [x.row, x.action, x.reason ?? null])).toEqual([
      [1, "updated", "job_change"],
      [2, "updated", "job_change_needs_review"],
      [3, "created", null],
      [4, "refused", "bad_previous_email"],
    ]);
    expect(r.report[0].id).toBe(riaNew);
    const of = await enrollmentsByContact(db, t2.clientId);
    expect(of(oldCo.contacts[0])).toMatchObject({ status: "exited", exit_reason: "left_company" });
    expect(of(oldCo.contacts[1])).toMatchObject({ status: "active", exit_reason: null });
    const lou = await db
      .selectFrom("contacts")
      .select(["email", "account_id"])
      .where("contact_id", "=", oldCo.contacts[1])
      .executeTakeFirstOrThrow();
    expect(lou).toEqual({ email: oldCo.emails[1], account_id: oldCo.accountId });
    expect(await contactsToReview(db, t2.clientId)).toEqual([oldCo.contacts[1]]);
    // the same file again: nobody moves twice
    const again = await imported();
    expect(again.counts.job_changes).toBeUndefined();
    expect(await contactsNamed(db, t2.clientId, "Ria")).toHaveLength(2);
    const after = await engineAfterTheMove(d, t2, moved);
    expect(after.touched).not.toContain(oldCo.contacts[0]);
    expect(after.suppressed).toEqual([oldCo.emails[0]]);
  }, 180_000);
});
