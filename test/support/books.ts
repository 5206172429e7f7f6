// A workspace with two teams' books (issue 61 item 2), for the books' tests: team A (the tenant's
// slm manages it, its rep is a member) and team B (a second rep, repB), a prospect owned by each rep,
// one by the manager, and one owned by no one. The scope starts as 'own'.
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import { withProof } from "../../src/auth/principal.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import type { BookScope } from "../../src/books/tables.ts";
import type { DB } from "../../src/db/database.ts";
import { newContact } from "../campaigns/helpers.ts";
import { createTenant, type Tenant, type TestPrincipal } from "./tenant.ts";

export interface BookWorld {
  t: Tenant;
  teamA: string;
  teamB: string;
  /** a rep of team B (the tenant's own rep is team A's member) */
  repB: TestPrincipal;
  contacts: { a: string; b: string; mgr: string; none: string };
  emails: { a: string; b: string; mgr: string; none: string };
}

export async function setBookScope(db: Kysely<DB>, clientId: string, scope: BookScope): Promise<void> {
  await db
    .insertInto("book_settings")
    .values({ client_id: clientId, scope })
    .onConflict((oc) => oc.column("client_id").doUpdateSet({ scope }))
    .execute();
}

export async function createBookWorld(db: Kysely<DB>, prefix = "books"): Promise<BookWorld> {
  const t = await createTenant(db, prefix);
  const p = await createPrincipal(db, {
    clientId: t.clientId,
    displayName: "repB person",
    email: `repb@${t.clientId}.test`,
    roles: ["rep"],
  });
  const token = await issueToken(db, t.clientId, p.principalId, "repB");
  const repB: TestPrincipal = { ...withProof(p, token), token, auth: { authorization: `Bearer ${token}` } };
  const team = async (name: string) =>
    (
      await db
        .insertInto("teams")
        .values({ client_id: t.clientId, name })
        .returning("team_id")
        .executeTakeFirstOrThrow()
    ).team_id;
  const teamA = await team("Team A");
  const teamB = await team("Team B");
  await db
    .insertInto("team_members")
    .values([
      { client_id: t.clientId, team_id: teamA, principal_id: t.slm.principalId, role: "manager" },
      { client_id: t.clientId, team_id: teamA, principal_id: t.rep.principalId, role: "member" },
      { client_id: t.clientId, team_id: teamB, principal_id: repB.principalId, role: "member" },
    ])
    .execute();
  const owned = async (name: string, owner: string | null) => {
    const c = await newContact(db, t.clientId, name);
    await sql`update contacts set owner_principal_id = ${owner}::uuid
               where client_id = ${t.clientId} and contact_id = ${c.contactId}::uuid`.execute(db);
    return c;
  };
  const a = await owned("Ann Abbott", t.rep.principalId);
  const b = await owned("Bea Brown", repB.principalId);
  const mgr = await owned("Mo Manning", t.slm.principalId);
  const none = await owned("Nia Noone", null);
  await setBookScope(db, t.clientId, "own");
  return {
    t,
    teamA,
    teamB,
    repB,
    contacts: { a: a.contactId, b: b.contactId, mgr: mgr.contactId, none: none.contactId },
    emails: { a: a.email, b: b.email, mgr: mgr.email, none: none.email },
  };
}

/** A token of a new agent (`agentId`) bound to a team's book (0460 api_tokens.book_team_id). */
export async function teamBoundAgentToken(
  db: Kysely<DB>,
  clientId: string,
  teamId: string,
  agentId: string,
): Promise<string> {
  const agent = await createPrincipal(db, { clientId, displayName: `${agentId} bound`, agentId });
  const label = `bound ${agentId}`;
  const token = await issueToken(db, clientId, agent.principalId, label);
  await sql`update api_tokens set book_team_id = ${teamId}::uuid
             where client_id = ${clientId} and label = ${label}`.execute(db);
  return token;
}
