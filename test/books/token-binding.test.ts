// Binding an agent's token to a book (issue 61 item 2): an admin creates an agent's token bound to a
// team or a territory through POST /api/v1/admin/tokens; the list and the audit log show the binding,
// the token reaches that book only, a person's or an integration's token is never bound, a team or
// territory of another workspace is NOT_FOUND, and the database's door (0495) binds only a token of
// its own transaction.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../../src/auth/tokens.ts";
import { contactsInBook } from "../../src/books/book.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld } from "../support/books.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let w: BookWorld;
let other: Tenant;
let territoryId: string;

beforeAll(async () => {
  h = await testApp();
  w = await createBookWorld(h.database.db, "bind");
  other = await createTenant(h.database.db, "bind-o");
  const db = h.database.db;
  const acct = await db
    .selectFrom("contacts")
    .select("account_id")
    .where("client_id", "=", w.t.clientId)
    .where("contact_id", "=", w.contacts.none)
    .executeTakeFirstOrThrow();
  territoryId = (
    await db
      .insertInto("territories")
      .values({
        client_id: w.t.clientId,
        name: "Noone's accounts",
        team_id: w.teamA,
        priority: 10,
        definition: JSON.stringify({ kind: "accounts", account_ids: [acct.account_id] }),
      })
      .returning("territory_id")
      .executeTakeFirstOrThrow()
  ).territory_id;
}, 60_000);
afterAll(async () => h?.close());

const create = (payload: object, auth = w.t.admin.auth) =>
  h.app.inject({ method: "POST", url: "/api/v1/admin/tokens", headers: auth, payload });

const reach = async (token: string) => {
  const p = await authenticate(h.database.db, token);
  const seen = await contactsInBook(h.database.db, p, Object.values(w.contacts));
  return Object.entries(w.contacts)
    .filter(([, id]) => seen.has(id))
    .map(([k]) => k)
    .sort();
};

describe("an agent's token bound to a book", () => {
  it("binds to a team: shown in the answer, the list and the audit; reaches the team's prospects", async () => {
    const res = await create({ name: "Team B's agent", agent_id: "AGT-610", book: { team_id: w.teamB } });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.book).toEqual({ kind: "team", id: w.teamB, name: "Team B" });
    expect(await reach(created.token)).toEqual(["b"]);

    const list = await h.app.inject({ method: "GET", url: "/api/v1/admin/tokens", headers: w.t.admin.auth });
    const byName = (n: string) => list.json().items.find((x: { name: string }) => x.name === n);
    expect(byName("Team B's agent").book).toEqual({ kind: "team", id: w.teamB, name: "Team B" });
    expect(byName("agt901").book).toEqual({ kind: "workspace" }); // an agent's, unbound
    expect(byName("rep").book).toEqual({ kind: "person" }); // a person's follows its person

    const audit = await h.app.inject({
      method: "GET",
      url: "/api/v1/admin/audit?action=token_created",
      headers: w.t.admin.auth,
    });
    expect(audit.json().items[0]).toMatchObject({
      target: created.token_id,
      details: { book: { kind: "team", id: w.teamB, name: "Team B" }, reaches: "team Team B" },
    });
  });

  it("binds to a territory, an existing agent by its principal id too; a deleted territory reaches nothing", async () => {
    const res = await create({
      name: "Territory agent",
      principal_id: w.t.agt902.principalId,
      book: { territory_id: territoryId },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().book).toEqual({ kind: "territory", id: territoryId, name: "Noone's accounts" });
    expect(await reach(res.json().token)).toEqual(["none"]);
    // the agent's other token (unbound) still reaches the workspace: the binding is the token's
    expect(await reach(w.t.agt902.token)).toEqual(["a", "b", "mgr", "none"]);

    const gone = await h.database.db
      .insertInto("territories")
      .values({
        client_id: w.t.clientId,
        name: "Short-lived",
        team_id: w.teamB,
        priority: 90,
        definition: JSON.stringify({ kind: "accounts", account_ids: [] }),
      })
      .returning("territory_id")
      .executeTakeFirstOrThrow();
    const bound = await create({
      name: "Orphan",
      agent_id: "AGT-611",
      book: { territory_id: gone.territory_id },
    });
    expect(bound.statusCode, bound.body).toBe(201);
    await h.database.db.deleteFrom("territories").where("territory_id", "=", gone.territory_id).execute();
    const list = await h.app.inject({ method: "GET", url: "/api/v1/admin/tokens", headers: w.t.admin.auth });
    expect(list.json().items.find((x: { name: string }) => x.name === "Orphan").book).toEqual({
      kind: "territory",
      id: gone.territory_id,
      name: null,
    });
    expect(await reach(bound.json().token)).toEqual([]);
  });

  it("refuses: a person's or an integration's token, two books, another workspace's team, a non-admin", async () => {
    const before = await h.database.db
      .selectFrom("api_tokens")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("client_id", "=", w.t.clientId)
      .executeTakeFirstOrThrow();
    const person = await create({ name: "x", principal_id: w.t.rep.principalId, book: { team_id: w.teamA } });
    expect(person.statusCode).toBe(400);
    expect(person.json().error.code).toBe("VALIDATION_FAILED");
    expect(person.body).toContain("follows its person's book");
    const integration = await create({ name: "x", roles: ["rep"], book: { team_id: w.teamA } });
    expect(integration.statusCode).toBe(400);
    expect(integration.json().error.code).toBe("VALIDATION_FAILED");
    const both = await create({
      name: "x",
      agent_id: "AGT-612",
      book: { team_id: w.teamA, territory_id: territoryId },
    });
    expect(both.statusCode).toBe(400);
    const otherTeam = (
      await h.database.db
        .insertInto("teams")
        .values({ client_id: other.clientId, name: "Elsewhere" })
        .returning("team_id")
        .executeTakeFirstOrThrow()
    ).team_id;
    for (const book of [{ team_id: otherTeam }, { territory_id: otherTeam }]) {
      const res = await create({ name: "x", agent_id: "AGT-613", book });
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe("NOT_FOUND");
    }
    const revops = await create(
      { name: "x", agent_id: "AGT-614", book: { team_id: w.teamA } },
      w.t.revops.auth,
    );
    expect(revops.statusCode).toBe(403);
    const after = await h.database.db
      .selectFrom("api_tokens")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("client_id", "=", w.t.clientId)
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n); // nothing written
    // no agent principal was made for a refused token either
    const agents = await h.database.db
      .selectFrom("principals")
      .select("agent_id")
      .where("client_id", "=", w.t.clientId)
      .where("agent_id", "in", ["AGT-612", "AGT-613", "AGT-614"])
      .execute();
    expect(agents).toEqual([]);
  });

  it("the database binds only a fresh token of an agent, in its own transaction", async () => {
    const db = h.database.db;
    const bind = (tokenId: string) =>
      sql`select baton_bind_token(${w.t.clientId}, ${tokenId}::uuid, ${w.teamA}::uuid, null)`.execute(db);
    const tokenOf = async (label: string) =>
      (
        await db
          .selectFrom("api_tokens")
          .select("token_id")
          .where("client_id", "=", w.t.clientId)
          .where("label", "=", label)
          .executeTakeFirstOrThrow()
      ).token_id;
    const old = { token_id: await tokenOf("agt901") };
    await expect(bind(old.token_id)).rejects.toThrow(/only an agent's token issued in this transaction/);
    const rep = { token_id: await tokenOf("rep") };
    await expect(bind(rep.token_id)).rejects.toThrow(/only an agent's token/);
    await expect(
      sql`select baton_bind_token(${other.clientId}, ${old.token_id}::uuid, ${w.teamA}::uuid, null)`.execute(
        db,
      ),
    ).rejects.toThrow(/a team of its own tenant/);
    const row = await db
      .selectFrom("api_tokens")
      .select(["book_team_id", "book_territory_id"])
      .where("token_id", "=", old.token_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ book_team_id: null, book_territory_id: null });
  });
});
