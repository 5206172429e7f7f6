// Import (issue 15 item 1) on PGlite: mapping, dedupe by normalized email then CRM id, the
// update-or-skip policy, refusals with reasons, dry runs that change nothing; and normalizeEmail
// agrees with the database's baton_email_key.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeEmail } from "../../src/contact-keys/normalize-email.ts";
import type { Database } from "../../src/db/connect.ts";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { suggestMapping } from "../../src/prospects/import-fields.ts";
import { addSuppression } from "../../src/prospects/suppress-address.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let d: Database;
let t: Tenant;
const now = new Date("2026-03-10T12:00:00Z");
const deps = { secret: "test-secret" };
beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db);
  await d.db
    .insertInto("accounts")
    .values({ client_id: t.clientId, name: "Acme GmbH", domain: "acme.example" })
    .execute();
  await addSuppression(
    d.db,
    { clientId: t.clientId, kind: "domain", value: "rival.example", reason: "competitor", source: "manual" },
    now,
  );
});
afterAll(async () => d.close());

const CSV = [
  "\ufeffEmail,First,Last,Company,CRM,Basis",
  "ann@acme.example,Ann,Lee,acme.example,crm-1,consent",
  '"Bo.B+x@GoogleMail.com","Bo","""Bobby"" Ray",Acme GmbH,,',
  "bob@gmail.com,Robert,Ray,,crm-2,",
  "not-an-email,X,Y,,,",
  "eve@rival.example,Eve,Z,,,",
  ",Nameless,,,crm-1,",
  "zed@acme.example,Zed,Q,Unknown Inc,,",
  "kim@acme.example,,,,,",
  "lee@acme.example,Lee,Pin,,,maybe",
  "",
].join("\r\n");
const mapping = {
  email: "Email",
  first_name: "First",
  last_name: "Last",
  account: "Company",
  crm_id: "CRM",
  legal_basis: "Basis",
};

async function count() {
  const r = await d.db
    .selectFrom("contacts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_id", "=", t.clientId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe("import contacts", () => {
  it("a dry run reports every row and changes nothing", async () => {
    const before = await count();
    const r = await runImport(
      d.db,
      t.revops,
      { kind: "contacts", csv: CSV, mapping, dryRun: true, onDuplicate: "skip" },
      deps,
      now,
    );
    expect(await count()).toBe(before);
    expect(r.counts).toEqual({ rows: 9, created: 2, updated: 0, skipped: 2, refused: 5 });
    expect(r.report.map((x) => [x.row, x.action, x.reason ?? null])).toEqual([
      [1, "created", null],
      [2, "created", null],
      [3, "skipped", "duplicate_in_file"], // bob@gmail.com is Bo.B+x@googlemail.com
      [4, "refused", "bad_email"],
      [5, "refused", "suppressed:domain"],
      [6, "skipped", "duplicate_in_file"], // CRM id crm-1 again
      [7, "refused", "unknown_account"],
      [8, "refused", "missing_required_field:name"],
      [9, "refused", "bad_legal_basis"],
    ]);
    const job = await d.db
      .selectFrom("import_jobs")
      .selectAll()
      .where("id", "=", r.jobId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "done", dry_run: true, processed_rows: 9 });
    expect(JSON.stringify(job.report)).not.toContain("acme.example");
  });

  it("runs: creates, then a second run updates (or skips) the same people", async () => {
    const r = await runImport(
      d.db,
      t.revops,
      { kind: "contacts", csv: CSV, mapping, dryRun: false, onDuplicate: "update" },
      deps,
      now,
    );
    expect(r.counts).toEqual({ rows: 9, created: 2, updated: 2, skipped: 0, refused: 5 });
    const rows = await sql<{
      full_name: string;
      email: string;
      legal_basis: string;
      external_id: string | null;
      account_id: string | null;
    }>`
      select full_name, email, legal_basis, external_id, account_id from contacts where client_id = ${t.clientId} order by email`.execute(
      d.db,
    );
    expect(rows.rows.map((x) => [x.full_name, x.email, x.legal_basis, x.external_id])).toEqual([
      ["Nameless", "ann@acme.example", "consent", "crm-1"], // row 6 repeats crm-1: its values win
      ["Robert Ray", "bob@gmail.com", "unknown", "crm-2"],
    ]);
    expect(rows.rows.every((x) => x.account_id)).toBe(true);
    const again = await runImport(
      d.db,
      t.revops,
      { kind: "contacts", csv: CSV, mapping, dryRun: false, onDuplicate: "skip" },
      deps,
      now,
    );
    expect(again.counts).toMatchObject({ created: 0, skipped: 4, refused: 5 });
    expect(await count()).toBe(2);
  });

  it("a mapping to a column that is not there, or a rep, is refused before anything happens", async () => {
    await expect(
      runImport(
        d.db,
        t.revops,
        {
          kind: "contacts",
          csv: CSV,
          mapping: { email: "Mail", full_name: "First" },
          dryRun: true,
          onDuplicate: "skip",
        },
        deps,
        now,
      ),
    ).rejects.toMatchObject({ code: "IMPORT_MAPPING_INVALID" });
    await expect(
      runImport(
        d.db,
        t.rep,
        { kind: "contacts", csv: CSV, mapping, dryRun: true, onDuplicate: "skip" },
        deps,
        now,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN_ROLE" });
  });

  it("time zone and country: validated; a contact without a zone keeps none (send windows fall back, docs/sending.md)", async () => {
    const csv =
      "Email,Name,TZ,Country\nzoe@tz.example,Zoe Tz,Europe/Berlin,de\nyan@tz.example,Yan Tz,,\nbad@tz.example,Bad Tz,Mars/Base,\nbad2@tz.example,Bad Cc,,DEU\n";
    const r = await runImport(
      d.db,
      t.revops,
      {
        kind: "contacts",
        csv,
        mapping: { email: "Email", full_name: "Name", time_zone: "TZ", country: "Country" },
        dryRun: false,
        onDuplicate: "skip",
      },
      deps,
      now,
    );
    expect(r.report.map((x) => x.reason ?? x.action)).toEqual([
      "created",
      "created",
      "bad_time_zone",
      "bad_country",
    ]);
    const rows = await sql<{ email: string; time_zone: string | null; country: string | null }>`
      select email, time_zone, country from contacts where client_id = ${t.clientId} and email like '%@tz.example' order by email desc`.execute(
      d.db,
    );
    expect(rows.rows).toEqual([
      { email: "zoe@tz.example", time_zone: "Europe/Berlin", country: "DE" },
      { email: "yan@tz.example", time_zone: null, country: null },
    ]);
  });

  it("phone: imported as written, a number nobody can dial refused (bad_phone), an empty cell keeps the one known", async () => {
    const mapping = { email: "Email", full_name: "Name", phone: "Mobile" };
    const csv = [
      "Email,Name,Mobile",
      "ana@ph.example,Ana Ph,+44 20 7946 0958",
      "ben@ph.example,Ben Ph,(415) 555-0132 ext. 12",
      "cal@ph.example,Cal Ph,call me",
      "dee@ph.example,Dee Ph,12345",
      "eve@ph.example,Eve Ph,+1 (415 555-0132",
      "fay@ph.example,Fay Ph,",
    ].join("\n");
    const run = (text: string, onDuplicate: "skip" | "update") =>
      runImport(
        d.db,
        t.revops,
        { kind: "contacts", csv: text, mapping, dryRun: false, onDuplicate },
        deps,
        now,
      );
    const r = await run(csv, "skip");
    expect(r.report.map((x) => x.reason ?? x.action)).toEqual([
      "created",
      "created",
      "bad_phone",
      "bad_phone",
      "bad_phone",
      "created",
    ]);
    // a later file: Ana's cell empty (kept), Fay's filled (set)
    await run("Email,Name,Mobile\nana@ph.example,Ana Ph,\nfay@ph.example,Fay Ph,+49 30 901820\n", "update");
    const rows = await sql<{ email: string; phone: string | null }>`
      select email, phone from contacts where client_id = ${t.clientId} and email like '%@ph.example' order by email`.execute(
      d.db,
    );
    expect(rows.rows).toEqual([
      { email: "ana@ph.example", phone: "+44 20 7946 0958" },
      { email: "ben@ph.example", phone: "(415) 555-0132 ext. 12" },
      { email: "fay@ph.example", phone: "+49 30 901820" },
    ]);
    expect(suggestMapping("contacts", ["Email", "Name", "Mobile Phone"]).phone).toBe("Mobile Phone");
  });

  it("imports accounts, deduped by domain then name", async () => {
    const csv =
      "Name,Domain,Tier\nAcme,https://www.ACME.example/about,T1\nNew Co,new.example,T3\nnew co,,\nBad,,T9\n";
    const r = await runImport(
      d.db,
      t.admin,
      {
        kind: "accounts",
        csv,
        mapping: { name: "Name", domain: "Domain", icp_tier: "Tier" },
        dryRun: false,
        onDuplicate: "update",
      },
      deps,
      now,
    );
    expect(r.report.map((x) => [x.action, x.reason ?? null])).toEqual([
      ["updated", "exists"],
      ["created", null],
      ["updated", "duplicate_in_file"],
      ["refused", "bad_icp_tier"],
    ]);
    const acme = await d.db
      .selectFrom("accounts")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .where("domain", "=", "acme.example")
      .executeTakeFirstOrThrow();
    expect(acme).toMatchObject({ icp_tier: "T1", name: "Acme" });
  });
});

describe("normalizeEmail agrees with baton_email_key", () => {
  it("on a list of tricky addresses", async () => {
    const list = [
      "A.B.C+tag@gmail.com",
      "abc@GOOGLEMAIL.com",
      " x+y@outlook.com ",
      "x+y@acme.com",
      "First.Last@Acme.COM",
      "a+b+c@icloud.com",
      "no-at-sign",
      "q@sub.domain.example",
    ];
    for (const e of list) {
      const r = await sql<{ k: string | null }>`select baton_email_key(${e}) as k`.execute(d.db);
      expect(r.rows[0].k, e).toBe(normalizeEmail(e));
    }
  });

  it("baton_domain_suffixes lists a domain and each domain above it, none for no domain", async () => {
    const r = await sql<{ a: string[]; b: string[]; c: string[] }>`
      select baton_domain_suffixes('a.b.example.com') as a, baton_domain_suffixes(null) as b,
             baton_domain_suffixes('') as c`.execute(d.db);
    expect(r.rows[0]).toEqual({
      a: ["a.b.example.com", "b.example.com", "example.com", "com"],
      b: [],
      c: [],
    });
  });
});
