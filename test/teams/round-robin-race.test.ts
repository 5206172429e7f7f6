// Round robin under two imports at once (issue 61 item 1), on a PostgreSQL server: the team's turn
// row is locked by the first assignment until it commits, the second waits on it and then carries on
// from where the first stopped. Without the lock both would read the same last member and hand out
// the same turns (m1 m2 m3 twice, m4 nothing); with it the six accounts go m1 m2 m3 m4 m1 m2.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import type { Database } from "../../src/db/connect.ts";
import { assignContactOwners } from "../../src/teams/assign-owners.ts";
import { createTeam, setTeamMember } from "../../src/teams/manage-teams.ts";
import { createTerritory } from "../../src/teams/manage-territories.ts";
import { serverDatabase } from "../support/db.ts";
import { backendId, someoneWaitsOn } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";

describeMultiConnection("round robin across concurrent imports", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(6);
  });
  afterAll(async () => d?.close());

  it("two assignments at once take consecutive turns, never the same one", async () => {
    const db = d.db;
    const now = new Date("2026-06-01T09:00:00Z");
    const t = await createTenant(db, "rrrace");
    const team = await createTeam(db, t.revops, { name: "Race" });
    const members: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      const p = await createPrincipal(db, {
        clientId: t.clientId,
        displayName: `Member ${n}`,
        email: `m${n}@${t.clientId}.test`,
        roles: ["rep"],
      });
      await setTeamMember(db, t.revops, team.team_id, p.principalId, "member");
      members.push(p.principalId);
    }
    members.sort();
    await createTerritory(db, t.revops, {
      name: "Everyone",
      team_id: team.team_id,
      priority: 1,
      definition: { kind: "rule", all: [{ field: "abm_active", op: "is", value: false }] },
    });
    // six accounts with one new contact each, three for each import
    const contacts: string[] = [];
    for (let i = 0; i < 6; i++) {
      const a = await db
        .insertInto("accounts")
        .values({ client_id: t.clientId, name: `Acc ${i}` })
        .returning("account_id")
        .executeTakeFirstOrThrow();
      const c = await db
        .insertInto("contacts")
        .values({ client_id: t.clientId, full_name: `P ${i}`, account_id: a.account_id })
        .returning("contact_id")
        .executeTakeFirstOrThrow();
      contacts.push(c.contact_id);
    }
    const [first, second] = [contacts.slice(0, 3), contacts.slice(3)];
    // the team's turn row exists already, as after any earlier import
    await db
      .insertInto("team_round_robin")
      .values({ client_id: t.clientId, team_id: team.team_id })
      .execute();

    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let firstId = 0;
    let took!: () => void;
    const tookTurns = new Promise<void>((r) => {
      took = r;
    });
    const one = db.transaction().execute(async (tx) => {
      firstId = await backendId(tx);
      await assignContactOwners(tx, t.clientId, first, now);
      took();
      await held; // the first import's chunk has not committed yet
    });
    await tookTurns;
    let secondDone = false;
    const two = assignContactOwners(db, t.clientId, second, now).then((r) => {
      secondDone = true;
      return r;
    });
    // the second waits on the first's turn row
    const t0 = Date.now();
    while (!(await someoneWaitsOn(db, firstId))) {
      if (Date.now() - t0 > 10_000) throw new Error("the second assignment did not wait");
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(secondDone).toBe(false);
    release();
    await one;
    expect((await two).accounts_by_turn).toBe(3);

    const owners = await sql<{ contact_id: string; owner: string }>`
      select contact_id, owner_principal_id as owner from contacts
       where client_id = ${t.clientId} and contact_id = any(${contacts}::uuid[])`.execute(db);
    const ownerOf = new Map(owners.rows.map((r) => [r.contact_id, r.owner]));
    const turnsOf = (ids: string[]) => [...ids].sort().map((id) => ownerOf.get(id));
    // each assignment hands out turns in its contacts' id order; the second carries on from the first
    expect(turnsOf(first)).toEqual(members.slice(0, 3));
    expect(turnsOf(second)).toEqual([members[3], members[0], members[1]]);
    const state = await db
      .selectFrom("team_round_robin")
      .select(["last_principal_id", "assigned"])
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect({ ...state, assigned: Number(state.assigned) }).toEqual({
      last_principal_id: members[1],
      assigned: 6,
    });
  }, 60_000);
});
