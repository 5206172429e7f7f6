// Teams and their people (issue 61 item 1). Everyone signed in to a workspace reads its teams (who
// manages whom is not a secret inside a company, and the workspace names owners by team); RevOps and
// admins create, rename and delete teams and set who is in them, each change audited. A person may
// be in several teams with one role in each: manager or member.
import type { Kysely, Transaction } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { TeamRole } from "./tables.ts";

/** Who changes teams; everyone of the tenant reads them. */
export const TEAM_EDITORS = ["revops", "admin"] as const;

export interface TeamMemberView {
  principal_id: string;
  display_name: string;
  email: string | null;
  role: TeamRole;
  active: boolean;
  added_at: string;
}

export interface TeamView {
  team_id: string;
  name: string;
  description: string | null;
  created_at: string;
  managers: number;
  members: TeamMemberView[];
}

async function membersOf(db: Kysely<DB>, clientId: string, teamIds: string[]) {
  if (teamIds.length === 0) return new Map<string, TeamMemberView[]>();
  const rows = await db
    .selectFrom("team_members as m")
    .innerJoin("principals as p", (j) =>
      j.onRef("p.client_id", "=", "m.client_id").onRef("p.principal_id", "=", "m.principal_id"),
    )
    .select([
      "m.team_id",
      "m.principal_id",
      "m.role",
      "m.added_at",
      "p.display_name",
      "p.email",
      "p.deactivated_at",
    ])
    .where("m.client_id", "=", clientId)
    .where("m.team_id", "in", teamIds)
    .orderBy("m.role") // managers first
    .orderBy("p.display_name")
    .orderBy("m.principal_id")
    .execute();
  const out = new Map<string, TeamMemberView[]>();
  for (const r of rows) {
    const list = out.get(r.team_id) ?? [];
    list.push({
      principal_id: r.principal_id,
      display_name: r.display_name,
      email: r.email,
      role: r.role,
      active: r.deactivated_at === null,
      added_at: r.added_at.toISOString(),
    });
    out.set(r.team_id, list);
  }
  return out;
}

function view(
  t: { team_id: string; name: string; description: string | null; created_at: Date },
  members: TeamMemberView[] = [],
): TeamView {
  return {
    team_id: t.team_id,
    name: t.name,
    description: t.description,
    created_at: t.created_at.toISOString(),
    managers: members.filter((m) => m.role === "manager").length,
    members,
  };
}

/** The tenant's teams by name, each with its people (managers first). */
export async function listTeams(db: Kysely<DB>, actor: Principal): Promise<TeamView[]> {
  const teams = await db
    .selectFrom("teams")
    .select(["team_id", "name", "description", "created_at"])
    .where("client_id", "=", actor.clientId)
    .orderBy("name")
    .orderBy("team_id")
    .limit(1000)
    .execute();
  const members = await membersOf(
    db,
    actor.clientId,
    teams.map((t) => t.team_id),
  );
  return teams.map((t) => view(t, members.get(t.team_id)));
}

/** One team of the actor's tenant, or NOT_FOUND. */
export async function getTeam(db: Kysely<DB>, actor: Principal, teamId: string): Promise<TeamView> {
  const t = await db
    .selectFrom("teams")
    .select(["team_id", "name", "description", "created_at"])
    .where("client_id", "=", actor.clientId)
    .where("team_id", "=", teamId)
    .executeTakeFirst();
  if (!t) throw new BatonError("NOT_FOUND", { entity: "Team", id: teamId });
  return view(t, (await membersOf(db, actor.clientId, [teamId])).get(teamId));
}

function cleanName(name: string): string {
  const n = name.trim().replace(/\s+/g, " ");
  if (n.length < 1 || n.length > 80)
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "/name", message: "1 to 80 characters" }] });
  return n;
}

async function nameTaken(tx: Transaction<DB>, clientId: string, name: string, except?: string) {
  let q = tx
    .selectFrom("teams")
    .select("team_id")
    .where("client_id", "=", clientId)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (except) q = q.where("team_id", "!=", except);
  if (await q.executeTakeFirst()) throw new BatonError("TEAM_NAME_TAKEN", { name });
}

interface TeamChange {
  name?: string;
  description?: string | null;
}

async function audited<T>(
  db: Kysely<DB>,
  actor: Principal,
  source: AuditSource,
  action: string,
  target: string | ((out: T) => string),
  details: Record<string, unknown>,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(async (tx) => {
      const out = await work(tx);
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action,
        target: typeof target === "function" ? target(out) : target,
        details,
        ip: source.ip,
        userAgent: source.userAgent,
      });
      return out;
    });
  } catch (e) {
    rethrowDb(e);
  }
}

/** Creates a team (RevOps, admin; audited team_created). */
export async function createTeam(
  db: Kysely<DB>,
  actor: Principal,
  input: { name: string; description?: string | null },
  source: AuditSource = {},
): Promise<TeamView> {
  requireRole(actor, "create a team", ...TEAM_EDITORS);
  const name = cleanName(input.name);
  const row = await audited(
    db,
    actor,
    source,
    "team_created",
    (r: { team_id: string }) => r.team_id,
    { name },
    async (tx) => {
      await nameTaken(tx, actor.clientId, name);
      return tx
        .insertInto("teams")
        .values({ client_id: actor.clientId, name, description: input.description?.trim() || null })
        .returning(["team_id", "name", "description", "created_at"])
        .executeTakeFirstOrThrow();
    },
  );
  return view(row);
}

async function lockTeam(tx: Transaction<DB>, clientId: string, teamId: string) {
  const t = await tx
    .selectFrom("teams")
    .select(["team_id", "name"])
    .where("client_id", "=", clientId)
    .where("team_id", "=", teamId)
    .forUpdate()
    .executeTakeFirst();
  if (!t) throw new BatonError("NOT_FOUND", { entity: "Team", id: teamId });
  return t;
}

/** Renames a team or changes its description (RevOps, admin; audited team_changed). */
export async function changeTeam(
  db: Kysely<DB>,
  actor: Principal,
  teamId: string,
  change: TeamChange,
  source: AuditSource = {},
): Promise<TeamView> {
  requireRole(actor, "change a team", ...TEAM_EDITORS);
  const name = change.name === undefined ? undefined : cleanName(change.name);
  await audited(
    db,
    actor,
    source,
    "team_changed",
    teamId,
    { ...change, ...(name ? { name } : {}) },
    async (tx) => {
      await lockTeam(tx, actor.clientId, teamId);
      if (name) await nameTaken(tx, actor.clientId, name, teamId);
      const set: { name?: string; description?: string | null } = {};
      if (name) set.name = name;
      if (change.description !== undefined) set.description = change.description?.trim() || null;
      if (Object.keys(set).length)
        await tx
          .updateTable("teams")
          .set(set)
          .where("client_id", "=", actor.clientId)
          .where("team_id", "=", teamId)
          .execute();
    },
  );
  return getTeam(db, actor, teamId);
}

/**
 * Deletes a team and its memberships; the people stay, and its campaigns become the workspace's
 * (RevOps, admin; audited team_deleted).
 */
export async function deleteTeam(
  db: Kysely<DB>,
  actor: Principal,
  teamId: string,
  source: AuditSource = {},
): Promise<{ team_id: string; members_removed: number; campaigns_released: number }> {
  requireRole(actor, "delete a team", ...TEAM_EDITORS);
  return audited(db, actor, source, "team_deleted", teamId, {}, async (tx) => {
    await lockTeam(tx, actor.clientId, teamId);
    const removed = await tx
      .deleteFrom("team_members")
      .where("client_id", "=", actor.clientId)
      .where("team_id", "=", teamId)
      .executeTakeFirst();
    // 0440: a team campaign goes back to the workspace before its team goes
    const released = await tx
      .updateTable("campaigns")
      .set({ team_id: null })
      .where("client_id", "=", actor.clientId)
      .where("team_id", "=", teamId)
      .executeTakeFirst();
    await tx
      .deleteFrom("teams")
      .where("client_id", "=", actor.clientId)
      .where("team_id", "=", teamId)
      .execute();
    return {
      team_id: teamId,
      members_removed: Number(removed.numDeletedRows),
      campaigns_released: Number(released.numUpdatedRows),
    };
  });
}

/**
 * Puts an active person in a team with a role, or changes their role there (RevOps, admin; audited
 * team_member_set). Agents and deactivated people are refused: TEAM_MEMBER_NOT_A_PERSON.
 */
export async function setTeamMember(
  db: Kysely<DB>,
  actor: Principal,
  teamId: string,
  principalId: string,
  role: TeamRole,
  source: AuditSource = {},
): Promise<TeamView> {
  requireRole(actor, "set who is in a team", ...TEAM_EDITORS);
  await audited(
    db,
    actor,
    source,
    "team_member_set",
    teamId,
    { principal_id: principalId, role },
    async (tx) => {
      await lockTeam(tx, actor.clientId, teamId);
      const person = await tx
        .selectFrom("principals")
        .select(["kind", "deactivated_at", "display_name"])
        .where("client_id", "=", actor.clientId)
        .where("principal_id", "=", principalId)
        .executeTakeFirst();
      if (!person) throw new BatonError("NOT_FOUND", { entity: "Person", id: principalId });
      if (person.kind !== "person" || person.deactivated_at !== null)
        throw new BatonError("TEAM_MEMBER_NOT_A_PERSON", { principal: person.display_name });
      await tx
        .insertInto("team_members")
        .values({ client_id: actor.clientId, team_id: teamId, principal_id: principalId, role })
        .onConflict((oc) => oc.columns(["client_id", "team_id", "principal_id"]).doUpdateSet({ role }))
        .execute();
    },
  );
  return getTeam(db, actor, teamId);
}

/** Takes a person out of a team (RevOps, admin; audited team_member_removed); NOT_FOUND if not in it. */
export async function removeTeamMember(
  db: Kysely<DB>,
  actor: Principal,
  teamId: string,
  principalId: string,
  source: AuditSource = {},
): Promise<TeamView> {
  requireRole(actor, "set who is in a team", ...TEAM_EDITORS);
  await audited(
    db,
    actor,
    source,
    "team_member_removed",
    teamId,
    { principal_id: principalId },
    async (tx) => {
      await lockTeam(tx, actor.clientId, teamId);
      const r = await tx
        .deleteFrom("team_members")
        .where("client_id", "=", actor.clientId)
        .where("team_id", "=", teamId)
        .where("principal_id", "=", principalId)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0)
        throw new BatonError("NOT_FOUND", { entity: "Team member", id: principalId });
    },
  );
  return getTeam(db, actor, teamId);
}
