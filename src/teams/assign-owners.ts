// Owners for new contacts (issue 61 item 1; docs/teams.md "Assignment"). A contact with no owner
// takes its account's owner; an account with no owner (or a deactivated one) falls in a territory
// (territory-rule.ts, first match by priority) and takes the next member of the territory's team in
// turn (members only, not managers; active people only), and its contacts follow it. The turn is
// per account, so an account's people stay with one rep. Contacts without an account, or whose
// account is in no territory or whose team has no active member, keep no owner and are counted.
//
// Whose turn it is lives in team_round_robin (one row per team: the member who got the last
// account). The row is locked for the rest of the caller's transaction, so two imports at once,
// on any server, take turns one after the other and never the same one.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { loadTerritories } from "./manage-territories.ts";
import { territoryCaseSql } from "./territory-rule.ts";

export interface AssignResult {
  /** contacts that got an owner */
  assigned: number;
  /** of those, through an account that already had an active owner */
  by_account_owner: number;
  /** accounts that got an owner by their territory's turn */
  accounts_by_turn: number;
  /** contacts left without owner: no account, no territory, or no active member in the team */
  unrouted: number;
}

const NONE: AssignResult = { assigned: 0, by_account_owner: 0, accounts_by_turn: 0, unrouted: 0 };

/** The next member after `last` in id order, wrapping around; the first if `last` is gone. */
export function nextInTurn(members: readonly string[], last: string | null): string {
  if (last === null) return members[0]!;
  return members.find((m) => m > last) ?? members[0]!;
}

/**
 * Gives an owner to those of `contactIds` that have none, in the caller's transaction (or one of its
 * own). Safe to call on contacts that already have an owner: they are left as they are.
 */
export async function assignContactOwners(
  db: Kysely<DB>,
  clientId: string,
  contactIds: readonly string[],
  now: Date,
): Promise<AssignResult> {
  if (contactIds.length === 0) return NONE;
  if (!db.isTransaction)
    return db.transaction().execute((tx) => assignContactOwners(tx, clientId, contactIds, now));
  const territories = await loadTerritories(db, clientId);
  // a workspace with no territory and no account owner routes nobody: the contacts are not read
  if (territories.length === 0) {
    const owned =
      await sql`select 1 from accounts where client_id = ${clientId} and owner_principal_id is not null
                             limit 1`.execute(db);
    if (owned.rows.length === 0) return { ...NONE, unrouted: contactIds.length };
  }
  const teamOf = new Map(territories.map((t) => [t.territory_id, t.team_id]));
  // the contacts still without owner, locked so a second assignment of the same ones waits
  const rows = (
    await sql<{ contact_id: string; account_id: string | null; territory_id: string | null }>`
      select c.contact_id, c.account_id, ${territoryCaseSql(territories)} as territory_id
        from contacts c
        left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
       where c.client_id = ${clientId} and c.contact_id = any(${[...contactIds]}::uuid[])
         and c.owner_principal_id is null and c.erased_at is null
       order by c.contact_id
         for update of c`.execute(db)
  ).rows;
  if (rows.length === 0) return NONE;
  const accountIds = [...new Set(rows.flatMap((r) => (r.account_id ? [r.account_id] : [])))];
  const teams = [
    ...new Set(
      rows.flatMap((r) =>
        r.territory_id && teamOf.has(r.territory_id) ? [teamOf.get(r.territory_id)!] : [],
      ),
    ),
  ].sort();
  // the turns of the teams involved, locked in one order (no deadlock between two assignments)
  const turns = new Map<string, string | null>();
  if (teams.length) {
    await sql`insert into team_round_robin (client_id, team_id)
              select ${clientId}, t from unnest(${teams}::uuid[]) t
              on conflict do nothing`.execute(db);
    const locked = await sql<{ team_id: string; last_principal_id: string | null }>`
      select team_id, last_principal_id from team_round_robin
       where client_id = ${clientId} and team_id = any(${teams}::uuid[])
       order by team_id for update`.execute(db);
    for (const r of locked.rows) turns.set(r.team_id, r.last_principal_id);
  }
  // read after the turns are ours: an assignment that held them before us has committed its owners
  const accounts = new Map(
    (
      await sql<{ account_id: string; owner_principal_id: string | null; usable: boolean }>`
        select a.account_id, a.owner_principal_id,
               (p.kind = 'person' and p.deactivated_at is null) is true as usable
          from accounts a
          left join principals p on p.client_id = a.client_id and p.principal_id = a.owner_principal_id
         where a.client_id = ${clientId} and a.account_id = any(${accountIds}::uuid[])`.execute(db)
    ).rows.map((a) => [a.account_id, a]),
  );
  const members = new Map<string, string[]>();
  if (teams.length) {
    const m = await sql<{ team_id: string; principal_id: string }>`
      select m.team_id, m.principal_id
        from team_members m
        join principals p on p.client_id = m.client_id and p.principal_id = m.principal_id
       where m.client_id = ${clientId} and m.team_id = any(${teams}::uuid[]) and m.role = 'member'
         and p.kind = 'person' and p.deactivated_at is null
       order by m.team_id, m.principal_id`.execute(db);
    for (const r of m.rows) members.set(r.team_id, [...(members.get(r.team_id) ?? []), r.principal_id]);
  }

  const result = { ...NONE };
  const given = new Map<string, { owner: string; old: string | null }>(); // account → owner by turn
  const taken = new Map<string, number>(); // team → turns taken
  const routed: string[] = [];
  for (const r of rows) {
    const a = r.account_id ? accounts.get(r.account_id) : undefined;
    if (!a) {
      result.unrouted += 1;
      continue;
    }
    if (a.usable || given.has(a.account_id)) {
      if (a.usable) result.by_account_owner += 1;
      routed.push(r.contact_id);
      continue;
    }
    const team = r.territory_id ? teamOf.get(r.territory_id) : undefined;
    const inTeam = team ? members.get(team) : undefined;
    if (!team || !inTeam?.length) {
      result.unrouted += 1;
      continue;
    }
    const owner = nextInTurn(inTeam, turns.get(team) ?? null);
    turns.set(team, owner);
    taken.set(team, (taken.get(team) ?? 0) + 1);
    given.set(a.account_id, { owner, old: a.owner_principal_id });
    routed.push(r.contact_id);
  }
  result.accounts_by_turn = given.size;

  if (given.size) {
    const g = [...given];
    await sql`update accounts a set owner_principal_id = v.owner
                from unnest(${g.map(([id]) => id)}::uuid[], ${g.map(([, x]) => x.owner)}::uuid[],
                            ${g.map(([, x]) => x.old)}::uuid[]) as v(account_id, owner, old)
               where a.client_id = ${clientId} and a.account_id = v.account_id
                 and a.owner_principal_id is not distinct from v.old`.execute(db);
  }
  for (const [team, n] of taken)
    await sql`update team_round_robin set last_principal_id = ${turns.get(team)!}, assigned = assigned + ${n},
                     updated_at = ${now}
               where client_id = ${clientId} and team_id = ${team}`.execute(db);
  if (routed.length) {
    // each contact takes its account's owner as it now stands
    const r = await sql`update contacts c set owner_principal_id = a.owner_principal_id, updated_at = ${now}
                from accounts a
               where c.client_id = ${clientId} and c.contact_id = any(${routed}::uuid[])
                 and c.owner_principal_id is null
                 and a.client_id = c.client_id and a.account_id = c.account_id
                 and a.owner_principal_id is not null`.execute(db);
    result.assigned = Number(r.numAffectedRows ?? 0);
  }
  return result;
}
