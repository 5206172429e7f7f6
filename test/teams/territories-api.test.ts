// Territories, account owners and assignment over HTTP (issue 61 item 1): RevOps previews a
// territory (a dry run that saves nothing and says who moves), then saves it; a rule on account
// fields, a segment and an account list; priority decides between overlapping territories; a rep
// reads but cannot write, another workspace's territory is 404, a bad rule 400; a team that owns a
// territory is not deleted. New contacts of an import are routed: their account's owner, else the
// territory's team members in turn (not its manager, not a deactivated member); a CRM owner change
// names a Baton owner when a person carries that CRM user id, and leaves it when none does.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import { applyCrmChanges } from "../../src/crm/apply-crm-changes.ts";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { nextInTurn } from "../../src/teams/assign-owners.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
let u: Tenant;
const now = new Date("2026-03-10T12:00:00Z");
let team: string;
let ann: string; // members of the team
let bo: string;
let gone: string; // a deactivated member
const acc: Record<string, string> = {};

const call: ReturnType<typeof callAs> = (...args) => callAs(h)(...args);

const person = async (name: string) =>
  (
    await createPrincipal(h.database.db, {
      clientId: t.clientId,
      displayName: name,
      email: `${name.toLowerCase()}@${t.clientId}.test`,
      roles: ["rep"],
    })
  ).principalId;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "terr1");
  u = await createTenant(h.database.db, "terr2");
  const db = h.database.db;
  team = (await call("POST", "/api/v1/teams", t.revops.auth, { name: "Enterprise" })).json().team_id;
  ann = await person("Ann");
  bo = await person("Bo");
  gone = await person("Gone");
  for (const [who, role] of [
    [t.slm.principalId, "manager"],
    [ann, "member"],
    [bo, "member"],
    [gone, "member"],
  ])
    expect(
      (await call("PUT", `/api/v1/teams/${team}/members/${who}`, t.revops.auth, { role })).statusCode,
    ).toBe(200);
  await db.updateTable("principals").set({ deactivated_at: now }).where("principal_id", "=", gone).execute();
  await db
    .insertInto("segments")
    .values({ client_id: t.clientId, segment: "ent", name: "Enterprise" })
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const [name, domain, vertical, icp_tier, segment] of [
    ["Alpha", "alpha.example", "saas", "T1", null],
    ["Beta", "eu.beta.example", "fintech", "T1", null],
    ["Gamma", "gamma.example", "saas", "T3", "ent"],
    ["Delta", "delta.example", "retail", "T2", null],
  ] as const) {
    const r = await db
      .insertInto("accounts")
      .values({ client_id: t.clientId, name, domain, vertical, icp_tier, segment })
      .returning("account_id")
      .executeTakeFirstOrThrow();
    acc[name] = r.account_id;
  }
}, 60_000);
afterAll(async () => h?.close());

const rule = { kind: "rule", all: [{ field: "icp_tier", op: "in", values: ["T1"] }] };

describe("territories", () => {
  it("a dry run previews who moves and saves nothing; the save is audited; everyone reads", async () => {
    const dry = await call("POST", "/api/v1/territories", t.revops.auth, {
      name: "Tier 1",
      team_id: team,
      priority: 10,
      definition: rule,
      dry_run: true,
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({
      saved: false,
      territory: { name: "Tier 1", accounts: 2, team_name: "Enterprise" },
      preview: { accounts_moving: 2, contacts_moving: 0 },
    });
    expect(dry.json().preview.sample.map((s: { account_name: string }) => s.account_name)).toEqual([
      "Alpha",
      "Beta",
    ]);
    expect(dry.json().preview.sample[0]).toMatchObject({ from: null, to: { name: "Tier 1" } });
    expect((await call("GET", "/api/v1/territories", t.rep.auth)).json().items).toEqual([]);

    const saved = await call("POST", "/api/v1/territories", t.revops.auth, {
      name: "Tier 1",
      team_id: team,
      priority: 10,
      definition: rule,
    });
    expect(saved.statusCode, saved.body).toBe(201);
    for (const auth of [t.rep.auth, t.exec.auth, t.agt301.auth]) {
      const list = await call("GET", "/api/v1/territories", auth);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toMatchObject([{ name: "Tier 1", accounts: 2, definition: rule }]);
    }
    const audit = await h.database.db
      .selectFrom("audit_log")
      .select(["action", "target"])
      .where("client_id", "=", t.clientId)
      .where("action", "like", "territory%")
      .execute();
    expect(audit).toEqual([{ action: "territory_created", target: saved.json().territory.territory_id }]);
  });

  it("priority decides between overlapping territories; a change previews the accounts it takes", async () => {
    const saas = {
      kind: "rule",
      all: [
        { field: "vertical", op: "in", values: ["saas"] },
        { field: "domain", op: "ends_with", value: "example" },
      ],
    };
    // lower priority number than Tier 1: Alpha (saas, T1) moves to it, Gamma comes in from none
    const r = await call("POST", "/api/v1/territories", t.admin.auth, {
      name: "SaaS",
      team_id: team,
      priority: 5,
      definition: saas,
      dry_run: true,
    });
    expect(r.json().preview).toMatchObject({
      accounts_moving: 2,
      sample: [
        { account_name: "Alpha", from: { name: "Tier 1" }, to: { name: "SaaS" } },
        { account_name: "Gamma", from: null, to: { name: "SaaS" } },
      ],
    });
    const seg = await call("POST", "/api/v1/territories", t.revops.auth, {
      name: "Ent segment",
      team_id: team,
      priority: 20,
      definition: { kind: "segment", segment: "ent" },
    });
    expect(seg.json().territory.accounts).toBe(1);
    const list = await call("POST", "/api/v1/territories", t.revops.auth, {
      name: "Named",
      team_id: team,
      priority: 1,
      definition: { kind: "accounts", account_ids: [acc.Delta] },
    });
    expect(list.statusCode).toBe(201);
    const id = list.json().territory.territory_id;
    // a dry-run delete says Delta leaves every territory; nothing changes
    const del = await call("DELETE", `/api/v1/territories/${id}?dry_run=true`, t.revops.auth);
    expect(del.json()).toMatchObject({
      saved: false,
      preview: { accounts_moving: 1, sample: [{ to: null }] },
    });
    expect(
      (await call("GET", "/api/v1/territories", t.rep.auth))
        .json()
        .items.map((x: { name: string }) => x.name),
    ).toEqual(["Named", "Tier 1", "Ent segment"]);
  });

  it("refuses a rep, another workspace, a bad rule, an unknown segment, a taken name, and a team in use", async () => {
    const id = (await call("GET", "/api/v1/territories", t.revops.auth)).json().items[0].territory_id;
    const write = { name: "X", team_id: team, priority: 3, definition: rule };
    for (const auth of [t.rep.auth, t.agt301.auth, t.slm.auth]) {
      const r = await call("POST", "/api/v1/territories", auth, write);
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe("FORBIDDEN_ROLE");
      expect((await call("PATCH", `/api/v1/territories/${id}`, auth, { priority: 2 })).statusCode).toBe(403);
      expect(
        (await call("PUT", `/api/v1/accounts/${acc.Alpha}/owner`, auth, { owner_principal_id: ann }))
          .statusCode,
      ).toBe(403);
    }
    // another workspace: its territory, its team, its account are not found
    expect(
      (await call("PATCH", `/api/v1/territories/${id}`, u.revops.auth, { priority: 2 })).statusCode,
    ).toBe(404);
    expect((await call("DELETE", `/api/v1/territories/${id}`, u.revops.auth)).statusCode).toBe(404);
    expect((await call("POST", "/api/v1/territories", u.revops.auth, write)).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/territories", u.revops.auth)).json().items).toEqual([]);
    expect(
      (await call("PUT", `/api/v1/accounts/${acc.Alpha}/owner`, u.revops.auth, { owner_principal_id: null }))
        .statusCode,
    ).toBe(404);
    const foreign = await call("POST", "/api/v1/territories", t.revops.auth, {
      ...write,
      definition: { kind: "accounts", account_ids: [acc.Alpha, "00000000-0000-4000-8000-000000000000"] },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe("TERRITORY_DEFINITION_INVALID");
    // bad rules: a field the language does not have, an operator of another field, SQL in a value stays a value
    for (const definition of [
      { kind: "rule", all: [{ field: "name", op: "in", values: ["x"] }] },
      { kind: "rule", all: [{ field: "vertical", op: "ends_with", value: "x" }] },
      { kind: "rule", all: [] },
      { kind: "territory" },
    ]) {
      const r = await call("POST", "/api/v1/territories", t.revops.auth, { ...write, definition });
      expect(r.statusCode, JSON.stringify(definition)).toBe(400);
    }
    const inj = await call("POST", "/api/v1/territories", t.revops.auth, {
      ...write,
      definition: { kind: "rule", all: [{ field: "vertical", op: "in", values: ["x') or true --"] }] },
      dry_run: true,
    });
    expect(inj.json().territory.accounts).toBe(0);
    const seg = await call("POST", "/api/v1/territories", t.revops.auth, {
      ...write,
      definition: { kind: "segment", segment: "nope" },
    });
    expect(seg.statusCode).toBe(400);
    expect(seg.json().error.code).toBe("TERRITORY_DEFINITION_INVALID");
    const taken = await call("POST", "/api/v1/territories", t.revops.auth, { ...write, name: " tier  1 " });
    expect(taken.json().error.code).toBe("TERRITORY_NAME_TAKEN");
    const del = await call("DELETE", `/api/v1/teams/${team}`, t.revops.auth);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe("TERRITORY_TEAM_IN_USE");
  });
});

describe("assignment", () => {
  it("turns go to the member after the last, wrapping, whoever left", () => {
    expect(nextInTurn(["a", "b", "c"], null)).toBe("a");
    expect(nextInTurn(["a", "b", "c"], "a")).toBe("b");
    expect(nextInTurn(["a", "b", "c"], "c")).toBe("a");
    expect(nextInTurn(["a", "c"], "b")).toBe("c");
  });

  it("an import routes new contacts: account owner first, else the territory's members in turn", async () => {
    const db = h.database.db;
    // Delta has an owner already (Tara outside the team): its contacts go to her
    expect(
      (
        await call("PUT", `/api/v1/accounts/${acc.Delta}/owner`, t.revops.auth, {
          owner_principal_id: t.rep.principalId,
        })
      ).statusCode,
    ).toBe(200);
    const csv = [
      "Email,First,Last,Company",
      "a1@alpha.example,A,One,Alpha",
      "a2@alpha.example,A,Two,Alpha",
      "b1@eu.beta.example,B,One,Beta",
      "g1@gamma.example,G,One,Gamma",
      "d1@delta.example,D,One,Delta",
      "n1@nowhere.example,N,One,",
      "",
    ].join("\n");
    const r = await runImport(
      db,
      t.revops,
      {
        kind: "contacts",
        csv,
        mapping: { email: "Email", first_name: "First", last_name: "Last", account: "Company" },
        dryRun: false,
        onDuplicate: "skip",
      },
      { secret: "s" },
      now,
    );
    expect(r.counts.created).toBe(6);
    const owners = await sql<{ email: string; owner: string | null }>`
      select c.email, c.owner_principal_id as owner from contacts c
       where c.client_id = ${t.clientId} order by c.email`.execute(db);
    const by = Object.fromEntries(owners.rows.map((x) => [x.email.split("@")[0], x.owner]));
    // Alpha, Beta, Gamma each take a turn (in the order of their new contacts' ids): members only,
    // so one of Ann and Bo has two accounts and the other one
    const turns = [by.a1, by.b1, by.g1];
    expect(new Set(turns)).toEqual(new Set([ann, bo]));
    expect([ann, bo].map((m) => turns.filter((x) => x === m).length).sort()).toEqual([1, 2]);
    expect(by.a2).toBe(by.a1); // the account's people stay with one rep
    expect(by.d1).toBe(t.rep.principalId);
    expect(by.n1).toBeNull();
    const accounts = await db
      .selectFrom("accounts")
      .select(["name", "owner_principal_id"])
      .where("client_id", "=", t.clientId)
      .orderBy("name")
      .execute();
    expect(Object.fromEntries(accounts.map((a) => [a.name, a.owner_principal_id]))).toEqual({
      Alpha: by.a1,
      Beta: by.b1,
      Gamma: by.g1,
      Delta: t.rep.principalId,
    });
    // a contact with no owner is routed on demand; a dry run counts and changes nothing
    await db
      .updateTable("contacts")
      .set({ owner_principal_id: null })
      .where("email", "=", "a2@alpha.example")
      .execute();
    const dry = await call("POST", "/api/v1/territories/assign", t.revops.auth, { dry_run: true });
    expect(dry.json()).toMatchObject({ saved: false, assigned: 1, by_account_owner: 1, unrouted: 1 });
    const run = await call("POST", "/api/v1/territories/assign", t.revops.auth, {});
    expect(run.json()).toMatchObject({ saved: true, assigned: 1 });
    expect((await call("POST", "/api/v1/territories/assign", t.rep.auth, {})).statusCode).toBe(403);
  });

  it("a CRM owner change names the Baton owner when a person carries that CRM user id", async () => {
    const db = h.database.db;
    await db
      .updateTable("contacts")
      .set({ external_id: "crm-a1" })
      .where("email", "=", "a1@alpha.example")
      .execute();
    const set = await call("PUT", `/api/v1/admin/people/${t.rep.principalId}/crm-user`, t.admin.auth, {
      crm_user_id: "hs-77",
    });
    expect(set.json()).toEqual({ principal_id: t.rep.principalId, crm_user_id: "hs-77" });
    const taken = await call("PUT", `/api/v1/admin/people/${ann}/crm-user`, t.admin.auth, {
      crm_user_id: "hs-77",
    });
    expect(taken.json().error.code).toBe("CRM_USER_TAKEN");
    // the admin's people list shows it (Admin › People's column)
    const people = (await call("GET", "/api/v1/admin/people", t.admin.auth)).json().items;
    expect(people.find((p: { principal_id: string }) => p.principal_id === t.rep.principalId)).toMatchObject({
      crm_user_id: "hs-77",
    });
    expect(people.find((p: { principal_id: string }) => p.principal_id === ann).crm_user_id).toBeNull();
    const ownerOf = async () =>
      (
        await db
          .selectFrom("contacts")
          .select("owner_principal_id")
          .where("email", "=", "a1@alpha.example")
          .executeTakeFirstOrThrow()
      ).owner_principal_id;
    const before = await ownerOf();
    // unmapped: the Baton owner stays
    await applyCrmChanges(
      db,
      t.clientId,
      "hubspot",
      [{ externalContactId: "crm-a1", kind: "owner_changed", value: "hs-1", occurredAt: now }],
      now,
    );
    expect(await ownerOf()).toBe(before);
    await applyCrmChanges(
      db,
      t.clientId,
      "hubspot",
      [{ externalContactId: "crm-a1", kind: "owner_changed", value: "hs-77", occurredAt: now }],
      now,
    );
    expect(await ownerOf()).toBe(t.rep.principalId);
  });
});
