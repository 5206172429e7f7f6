// Territories (issue 61 item 1): which team works which accounts. Everyone of the workspace reads
// them; RevOps and admins create, change and delete them, each change audited. Every write can be a
// dry run: it is made in a transaction that is rolled back, and answers with the preview of who
// moves (the accounts whose territory changes, how many contacts they hold, and a sample), so the
// page shows the effect before anyone saves.
import { type Kysely, sql, type Transaction } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { TEAM_EDITORS } from "./manage-teams.ts";
import { parseDefinition, type TerritoryDefinition, territoryCaseSql } from "./territory-rule.ts";

export interface TerritoryView {
  territory_id: string;
  name: string;
  team_id: string;
  team_name: string;
  priority: number;
  definition: TerritoryDefinition;
  accounts: number;
  updated_at: string;
}

export interface TerritoryRef {
  territory_id: string;
  name: string;
  team_name: string;
}

export interface TerritoryMove {
  account_id: string;
  account_name: string;
  contacts: number;
  from: TerritoryRef | null;
  to: TerritoryRef | null;
}

export interface TerritoryPreview {
  accounts_moving: number;
  contacts_moving: number;
  /** up to 20 of the accounts that move, by name */
  sample: TerritoryMove[];
}

export interface TerritoryWriteResult {
  saved: boolean;
  territory: TerritoryView | null;
  preview: TerritoryPreview;
}

export interface TerritoryInput {
  name: string;
  team_id: string;
  priority: number;
  definition: unknown;
}

interface Loaded {
  territory_id: string;
  name: string;
  team_id: string;
  team_name: string;
  priority: number;
  definition: TerritoryDefinition;
  updated_at: Date;
}

/** The tenant's territories in the order that decides: lowest priority number first, then name. */
export async function loadTerritories(db: Kysely<DB>, clientId: string): Promise<Loaded[]> {
  const rows = await db
    .selectFrom("territories as t")
    .innerJoin("teams as tm", (j) =>
      j.onRef("tm.client_id", "=", "t.client_id").onRef("tm.team_id", "=", "t.team_id"),
    )
    .select([
      "t.territory_id",
      "t.name",
      "t.team_id",
      "tm.name as team_name",
      "t.priority",
      "t.definition",
      "t.updated_at",
    ])
    .where("t.client_id", "=", clientId)
    .orderBy("t.priority")
    .orderBy("t.name")
    .orderBy("t.territory_id")
    .execute();
  return rows.map((r) => ({ ...r, definition: r.definition as TerritoryDefinition }));
}

async function accountCounts(db: Kysely<DB>, clientId: string, ts: Loaded[]) {
  const r = await sql<{ territory_id: string; n: string }>`
    select t.territory_id, count(*)::text as n
      from (select ${territoryCaseSql(ts)} as territory_id from accounts a where a.client_id = ${clientId}) t
     where t.territory_id is not null
     group by t.territory_id`.execute(db);
  return new Map(r.rows.map((x) => [x.territory_id, Number(x.n)]));
}

function view(t: Loaded, accounts: number): TerritoryView {
  return {
    territory_id: t.territory_id,
    name: t.name,
    team_id: t.team_id,
    team_name: t.team_name,
    priority: t.priority,
    definition: t.definition,
    accounts,
    updated_at: t.updated_at.toISOString(),
  };
}

/** The tenant's territories in priority order, each with how many accounts fall in it. */
export async function listTerritories(db: Kysely<DB>, actor: Principal): Promise<TerritoryView[]> {
  const ts = await loadTerritories(db, actor.clientId);
  const counts = await accountCounts(db, actor.clientId, ts);
  return ts.map((t) => view(t, counts.get(t.territory_id) ?? 0));
}

/** Who moves from the territories `before` to `after`: accounts, their contacts, a sample. */
async function previewMoves(
  db: Kysely<DB>,
  clientId: string,
  before: Loaded[],
  after: Loaded[],
): Promise<TerritoryPreview> {
  const r = await sql<{
    account_id: string;
    name: string;
    from_t: string | null;
    to_t: string | null;
    contacts: string;
    total: string;
    total_contacts: string;
  }>`
    with moved as (
      select a.account_id, a.name, m.from_t, m.to_t
        from accounts a
        cross join lateral (select ${territoryCaseSql(before)} as from_t, ${territoryCaseSql(after)} as to_t) m
       where a.client_id = ${clientId} and m.from_t is distinct from m.to_t
    ), counted as (
      select mv.*, (select count(*) from contacts c
                     where c.client_id = ${clientId} and c.account_id = mv.account_id and c.erased_at is null) as contacts
        from moved mv
    )
    select account_id, name, from_t, to_t, contacts::text,
           count(*) over ()::text as total, sum(contacts) over ()::text as total_contacts
      from counted
     order by name, account_id
     limit 20`.execute(db);
  const refs = new Map<string, TerritoryRef>();
  for (const t of [...before, ...after])
    refs.set(t.territory_id, { territory_id: t.territory_id, name: t.name, team_name: t.team_name });
  const ref = (id: string | null) => (id ? (refs.get(id) ?? null) : null);
  return {
    accounts_moving: Number(r.rows[0]?.total ?? 0),
    contacts_moving: Number(r.rows[0]?.total_contacts ?? 0),
    sample: r.rows.map((x) => ({
      account_id: x.account_id,
      account_name: x.name,
      contacts: Number(x.contacts),
      from: ref(x.from_t),
      to: ref(x.to_t),
    })),
  };
}

/** A dry run's way out of its transaction, carrying the answer. */
class DryRun extends Error {
  constructor(readonly result: TerritoryWriteResult) {
    super("dry run");
  }
}

/**
 * One write: `work` changes the territories in a transaction and names the territory to answer
 * with; the preview compares before and after; a dry run rolls it all back, a real one is audited.
 */
async function write(
  db: Kysely<DB>,
  actor: Principal,
  source: AuditSource,
  dryRun: boolean,
  action: string,
  details: Record<string, unknown>,
  work: (tx: Transaction<DB>) => Promise<string | null>,
): Promise<TerritoryWriteResult> {
  try {
    return await db.transaction().execute(async (tx) => {
      // one writer of a tenant's territories at a time, so the preview is of what is saved
      await sql`select pg_advisory_xact_lock(hashtextextended(${`territories:${actor.clientId}`}, 0))`.execute(
        tx,
      );
      const before = await loadTerritories(tx, actor.clientId);
      const id = await work(tx);
      const after = await loadTerritories(tx, actor.clientId);
      const preview = await previewMoves(tx, actor.clientId, before, after);
      const t = id ? after.find((x) => x.territory_id === id) : undefined;
      const counts = t ? await accountCounts(tx, actor.clientId, after) : new Map<string, number>();
      const result: TerritoryWriteResult = {
        saved: !dryRun,
        territory: t ? view(t, counts.get(t.territory_id) ?? 0) : null,
        preview,
      };
      if (dryRun) throw new DryRun(result);
      await recordAudit(tx, {
        clientId: actor.clientId,
        ...auditActor(actor),
        action,
        target: id ?? String(details.territory_id ?? ""),
        details: { ...details, accounts_moving: preview.accounts_moving },
        ip: source.ip,
        userAgent: source.userAgent,
      });
      return result;
    });
  } catch (e) {
    if (e instanceof DryRun) return e.result;
    rethrowDb(e);
  }
}

function cleanName(name: string): string {
  const n = name.trim().replace(/\s+/g, " ");
  if (n.length < 1 || n.length > 80)
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "/name", message: "1 to 80 characters" }] });
  return n;
}

async function checkRefs(
  tx: Transaction<DB>,
  clientId: string,
  teamId: string | undefined,
  d: TerritoryDefinition | undefined,
) {
  if (teamId) {
    const team = await tx
      .selectFrom("teams")
      .select("team_id")
      .where("client_id", "=", clientId)
      .where("team_id", "=", teamId)
      .executeTakeFirst();
    if (!team) throw new BatonError("NOT_FOUND", { entity: "Team", id: teamId });
  }
  if (d?.kind === "segment") {
    const seg = await tx
      .selectFrom("segments")
      .select("segment")
      .where("client_id", "=", clientId)
      .where("segment", "=", d.segment)
      .executeTakeFirst();
    if (!seg)
      throw new BatonError("TERRITORY_DEFINITION_INVALID", {
        problem: `no segment ${d.segment} in this workspace`,
      });
  }
  if (d?.kind === "accounts") {
    const found = await tx
      .selectFrom("accounts")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("client_id", "=", clientId)
      .where("account_id", "in", d.account_ids)
      .executeTakeFirstOrThrow();
    if (Number(found.n) !== d.account_ids.length)
      throw new BatonError("TERRITORY_DEFINITION_INVALID", {
        problem: `${d.account_ids.length - Number(found.n)} of the account ids are not accounts of this workspace`,
      });
  }
}

async function nameTaken(tx: Transaction<DB>, clientId: string, name: string, except?: string) {
  let q = tx
    .selectFrom("territories")
    .select("territory_id")
    .where("client_id", "=", clientId)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (except) q = q.where("territory_id", "!=", except);
  if (await q.executeTakeFirst()) throw new BatonError("TERRITORY_NAME_TAKEN", { name });
}

/** Creates a territory, or previews it with `dryRun` (RevOps, admin; audited territory_created). */
export async function createTerritory(
  db: Kysely<DB>,
  actor: Principal,
  input: TerritoryInput,
  opts: { dryRun?: boolean; source?: AuditSource } = {},
): Promise<TerritoryWriteResult> {
  requireRole(actor, "create a territory", ...TEAM_EDITORS);
  const name = cleanName(input.name);
  const definition = parseDefinition(input.definition);
  return write(
    db,
    actor,
    opts.source ?? {},
    opts.dryRun ?? false,
    "territory_created",
    { name, team_id: input.team_id, priority: input.priority, definition },
    async (tx) => {
      await checkRefs(tx, actor.clientId, input.team_id, definition);
      await nameTaken(tx, actor.clientId, name);
      const row = await tx
        .insertInto("territories")
        .values({
          client_id: actor.clientId,
          name,
          team_id: input.team_id,
          priority: input.priority,
          definition: JSON.stringify(definition),
        })
        .returning("territory_id")
        .executeTakeFirstOrThrow();
      return row.territory_id;
    },
  );
}

async function lockTerritory(tx: Transaction<DB>, clientId: string, id: string) {
  const t = await tx
    .selectFrom("territories")
    .select("territory_id")
    .where("client_id", "=", clientId)
    .where("territory_id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!t) throw new BatonError("NOT_FOUND", { entity: "Territory", id });
}

/** Changes a territory's name, team, priority or definition, or previews it (audited territory_changed). */
export async function changeTerritory(
  db: Kysely<DB>,
  actor: Principal,
  id: string,
  change: Partial<TerritoryInput>,
  opts: { dryRun?: boolean; source?: AuditSource } = {},
): Promise<TerritoryWriteResult> {
  requireRole(actor, "change a territory", ...TEAM_EDITORS);
  const name = change.name === undefined ? undefined : cleanName(change.name);
  const definition = change.definition === undefined ? undefined : parseDefinition(change.definition);
  const set = {
    ...(name ? { name } : {}),
    ...(change.team_id ? { team_id: change.team_id } : {}),
    ...(change.priority !== undefined ? { priority: change.priority } : {}),
    ...(definition ? { definition: JSON.stringify(definition) } : {}),
  };
  return write(
    db,
    actor,
    opts.source ?? {},
    opts.dryRun ?? false,
    "territory_changed",
    { ...set, ...(definition ? { definition } : {}) },
    async (tx) => {
      await lockTerritory(tx, actor.clientId, id);
      await checkRefs(tx, actor.clientId, change.team_id, definition);
      if (name) await nameTaken(tx, actor.clientId, name, id);
      await tx
        .updateTable("territories")
        .set({ ...set, updated_at: new Date() })
        .where("client_id", "=", actor.clientId)
        .where("territory_id", "=", id)
        .execute();
      return id;
    },
  );
}

/** Deletes a territory, or previews it (audited territory_deleted); its accounts fall to the next match. */
export async function deleteTerritory(
  db: Kysely<DB>,
  actor: Principal,
  id: string,
  opts: { dryRun?: boolean; source?: AuditSource } = {},
): Promise<TerritoryWriteResult> {
  requireRole(actor, "delete a territory", ...TEAM_EDITORS);
  return write(
    db,
    actor,
    opts.source ?? {},
    opts.dryRun ?? false,
    "territory_deleted",
    { territory_id: id },
    async (tx) => {
      await lockTerritory(tx, actor.clientId, id);
      await tx
        .deleteFrom("territories")
        .where("client_id", "=", actor.clientId)
        .where("territory_id", "=", id)
        .execute();
      return null;
    },
  );
}
