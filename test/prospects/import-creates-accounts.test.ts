// Issue 60: a contact import matches the company a row names to an account by domain, then by the
// normalised name, and creates the accounts none has only when the person asks (create_accounts:
// true), once each however many rows name them; without it, their rows are refused and the answer
// lists them. Hostile files beside the real one: a name that is a spreadsheet formula, a name too
// long for an account, the same new company spelled three ways, a huge row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountNameKey } from "../../src/contact-keys/account-keys.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
let acme: string;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
  acme = (
    await h.database.db
      .insertInto("accounts")
      .values({ client_id: t.clientId, name: "Acme GmbH", domain: "acme.example" })
      .returning("account_id")
      .executeTakeFirstOrThrow()
  ).account_id;
});
afterAll(async () => h.close());

const mapping = { email: "Email", full_name: "Name", account: "Company" };
const CSV = [
  "Email,Name,Company",
  "ann@acme.example,Ann Lee,https://www.acme.example/about", // by domain
  'bo@acme.example,Bo Ray,"ACME, gmbh"', // by normalised name
  'cy@north.example,Cy Moss,"Northwind Commerce, Inc."', // new
  "di@north.example,Di Park,northwind commerce", // the same new account
  "ed@north.example,Ed Wu,NORTHWIND COMMERCE LTD", // and again
  "fay@globex.example,Fay Orr,globex.example", // new, a domain
  'gus@evil.example,Gus Hack,"=HYPERLINK(""http://evil.example"",""x"")"', // a formula
  `hal@long.example,Hal Long,${"L".repeat(300)}`, // too long for an account
  "",
].join("\r\n");

const post = (payload: Record<string, unknown>) =>
  h.app.inject({ method: "POST", url: "/api/v1/imports", headers: t.revops.auth, payload });

const accounts = async () =>
  (
    await h.database.db
      .selectFrom("accounts")
      .select(["account_id", "name", "domain"])
      .where("client_id", "=", t.clientId)
      .orderBy("name")
      .execute()
  ).map((a) => ({ name: a.name, domain: a.domain }));

const reasons = (job: { report: { row: number; action: string; reason?: string }[] }) =>
  job.report.map((r) => `${r.row} ${r.action}${r.reason ? ` ${r.reason}` : ""}`);

describe("import: accounts matched or created", () => {
  it("normalises names: case, punctuation, accents and a trailing legal form", () => {
    expect(accountNameKey("Northwind Commerce, Inc.")).toBe("northwind commerce");
    expect(accountNameKey("Société Générale S.A.")).toBe("societe generale");
    expect(accountNameKey("Inc")).toBe("inc");
    expect(accountNameKey("AT&T")).toBe("at and t");
  });

  it("refuses the rows of missing accounts and lists them, then creates them when asked", async () => {
    const dry = await post({ csv: CSV, mapping, dry_run: true });
    expect(dry.statusCode).toBe(200);
    expect(reasons(dry.json())).toEqual([
      "1 created",
      "2 created",
      "3 refused unknown_account",
      "4 refused unknown_account",
      "5 refused unknown_account",
      "6 refused unknown_account",
      "7 refused bad_account_name:formula",
      "8 refused bad_account_name:too_long",
    ]);
    expect(dry.json().new_accounts).toEqual([
      { name: "Northwind Commerce, Inc.", domain: null, rows: 3 },
      { name: "globex.example", domain: "globex.example", rows: 1 },
    ]);
    // the same without dry_run: nothing of the missing accounts is written
    const refused = await post({ csv: CSV, mapping });
    expect(refused.json().counts).toMatchObject({ created: 2, refused: 6 });
    expect(await accounts()).toEqual([{ name: "Acme GmbH", domain: "acme.example" }]);
    const bo = await h.database.db
      .selectFrom("contacts")
      .select("account_id")
      .where("client_id", "=", t.clientId)
      .where("email", "=", "bo@acme.example")
      .executeTakeFirstOrThrow();
    expect(bo.account_id).toBe(acme);

    // the person confirms: the two accounts are created once each, their four contacts in them
    const run = await post({ csv: CSV, mapping, create_accounts: true, on_duplicate: "skip" });
    expect(run.statusCode).toBe(200);
    expect(reasons(run.json())).toEqual([
      "1 skipped exists",
      "2 skipped exists",
      "3 created",
      "4 created",
      "5 created",
      "6 created",
      "7 refused bad_account_name:formula",
      "8 refused bad_account_name:too_long",
    ]);
    expect(await accounts()).toEqual([
      { name: "Acme GmbH", domain: "acme.example" },
      { name: "Northwind Commerce, Inc.", domain: null },
      { name: "globex.example", domain: "globex.example" },
    ]);
    const inNorthwind = await h.database.db
      .selectFrom("contacts as c")
      .innerJoin("accounts as a", (j) =>
        j.onRef("a.client_id", "=", "c.client_id").onRef("a.account_id", "=", "c.account_id"),
      )
      .select("c.email")
      .where("c.client_id", "=", t.clientId)
      .where("a.name", "=", "Northwind Commerce, Inc.")
      .orderBy("c.email")
      .execute();
    expect(inNorthwind.map((c) => c.email)).toEqual([
      "cy@north.example",
      "di@north.example",
      "ed@north.example",
    ]);

    // a second run matches what the first created: no account twice
    const again = await post({ csv: CSV, mapping, create_accounts: true, dry_run: true });
    expect(again.json().new_accounts).toEqual([]);
  });

  it("takes create_accounts only as a boolean, and only from RevOps or an admin", async () => {
    const forged = await post({ csv: CSV, mapping, create_accounts: "yes" });
    expect(forged.statusCode).toBe(400);
    const rep = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: t.rep.auth,
      payload: { csv: CSV, mapping, create_accounts: true },
    });
    expect(rep.statusCode).toBe(403);
    expect((await accounts()).length).toBe(3);
  });

  it("a huge row names no account: refused, nothing created", async () => {
    const huge = `Email,Name,Company\r\nzz@huge.example,Zed Huge,${"x ".repeat(50_000)}\r\n`;
    const r = await post({ csv: huge, mapping, create_accounts: true });
    expect(r.statusCode).toBe(200);
    expect(reasons(r.json())).toEqual(["1 refused bad_account_name:too_long"]);
    expect((await accounts()).length).toBe(3);
  });
});
