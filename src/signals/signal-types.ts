// The tenant's signal catalogue (issue 69 item 1): each type's side (spec 001: sales or marketing),
// weight, decay (a half-life in days) and how an account signal reaches the account's contacts.
// A workspace starts with DEFAULT_SIGNAL_TYPES; RevOps and admins change, add and remove types.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { AccountReach, SignalSide } from "./tables.ts";

export const CATALOGUE_ROLES = ["revops", "admin"] as const;

export interface SignalType {
  name: string;
  label: string | null;
  side: SignalSide;
  weight: number;
  half_life_days: number;
  account_reach: AccountReach;
}

/** What a RevOps lead wiring a website and a CRM expects on day one; every figure can be changed. */
export const DEFAULT_SIGNAL_TYPES: readonly SignalType[] = [
  {
    name: "pricing_page_visit",
    label: "Visited the pricing page",
    side: "sales",
    weight: 30,
    half_life_days: 7,
    account_reach: "none",
  },
  {
    name: "demo_request",
    label: "Asked for a demo",
    side: "sales",
    weight: 80,
    half_life_days: 14,
    account_reach: "none",
  },
  {
    name: "trial_signup",
    label: "Started a trial",
    side: "sales",
    weight: 60,
    half_life_days: 14,
    account_reach: "none",
  },
  {
    name: "product_usage_spike",
    label: "Product usage rose",
    side: "sales",
    weight: 40,
    half_life_days: 14,
    account_reach: "all_contacts",
  },
  {
    name: "funding_round",
    label: "Raised a funding round",
    side: "sales",
    weight: 40,
    half_life_days: 60,
    account_reach: "all_contacts",
  },
  {
    name: "job_posting",
    label: "Posted a relevant job",
    side: "sales",
    weight: 15,
    half_life_days: 30,
    account_reach: "none",
  },
  {
    name: "tech_adopted",
    label: "Adopted a related technology",
    side: "sales",
    weight: 20,
    half_life_days: 60,
    account_reach: "none",
  },
  {
    name: "crm_stage_change",
    label: "Deal or lifecycle stage moved in the CRM",
    side: "sales",
    weight: 25,
    half_life_days: 30,
    account_reach: "none",
  },
  {
    name: "crm_title_change",
    label: "Took a new title in the CRM",
    side: "sales",
    weight: 20,
    half_life_days: 30,
    account_reach: "none",
  },
  {
    name: "crm_owner_change",
    label: "Got a new owner in the CRM",
    side: "sales",
    weight: 10,
    half_life_days: 14,
    account_reach: "none",
  },
  {
    name: "job_change",
    label: "Moved to a new company",
    side: "sales",
    weight: 50,
    half_life_days: 60,
    account_reach: "none",
  },
  {
    name: "company_change_unconfirmed",
    label: "Shows another company in the CRM (to confirm)",
    side: "sales",
    weight: 15,
    half_life_days: 30,
    account_reach: "none",
  },
  {
    name: "content_download",
    label: "Downloaded content",
    side: "marketing",
    weight: 10,
    half_life_days: 21,
    account_reach: "none",
  },
  {
    name: "webinar_attended",
    label: "Attended a webinar",
    side: "marketing",
    weight: 15,
    half_life_days: 21,
    account_reach: "none",
  },
  {
    name: "email_engaged",
    label: "Engaged with a marketing email",
    side: "marketing",
    weight: 5,
    half_life_days: 14,
    account_reach: "none",
  },
];

const COLUMNS = ["name", "label", "side", "weight", "half_life_days", "account_reach"] as const;

/**
 * The defaults a workspace was never offered join its catalogue (0641): a new workspace gets them
 * all, an older one each default added since; one RevOps removed stays removed (it was offered) and
 * one RevOps changed is kept as changed. `present`: the catalogue's names when the caller has read
 * them (then a catalogue holding every default costs no statement). True when types were added.
 */
export async function ensureSignalTypes(
  db: Kysely<DB>,
  clientId: string,
  now: Date,
  present?: ReadonlySet<string>,
): Promise<boolean> {
  const have =
    present ??
    new Set(
      (await db.selectFrom("signal_types").select("name").where("client_id", "=", clientId).execute()).map(
        (r) => r.name,
      ),
    );
  const missing = DEFAULT_SIGNAL_TYPES.filter((t) => !have.has(t.name));
  if (!missing.length) return false;
  const offered = await db
    .selectFrom("signal_type_defaults")
    .select("name")
    .where("client_id", "=", clientId)
    .where(
      "name",
      "in",
      missing.map((t) => t.name),
    )
    .execute();
  const was = new Set(offered.map((r) => r.name));
  const add = missing.filter((t) => !was.has(t.name));
  if (!add.length) return false;
  // (often in the caller's transaction: a CRM sync's, a batch's) the type first, then its offer
  await db
    .insertInto("signal_types")
    .values(add.map((t) => ({ ...t, client_id: clientId, created_at: now, updated_at: now })))
    .onConflict((oc) => oc.columns(["client_id", "name"]).doNothing())
    .execute();
  await db
    .insertInto("signal_type_defaults")
    .values(add.map((t) => ({ client_id: clientId, name: t.name, offered_at: now })))
    .onConflict((oc) => oc.columns(["client_id", "name"]).doNothing())
    .execute();
  return true;
}

/** The catalogue by name (with the defaults it was never offered, ensureSignalTypes). */
export async function loadCatalogue(
  db: Kysely<DB>,
  clientId: string,
  now: Date,
): Promise<Map<string, SignalType>> {
  const read = () =>
    db.selectFrom("signal_types").select(COLUMNS).where("client_id", "=", clientId).orderBy("name").execute();
  let rows = await read();
  if (await ensureSignalTypes(db, clientId, now, new Set(rows.map((r) => r.name)))) rows = await read();
  return new Map(rows.map((r) => [r.name, r]));
}

/** Every person and agent of the tenant reads the catalogue. */
export async function listSignalTypes(db: Kysely<DB>, actor: Principal, now: Date): Promise<SignalType[]> {
  return [...(await loadCatalogue(db, actor.clientId, now)).values()];
}

export interface SetSignalTypeInput {
  name: string;
  label?: string | null;
  side: SignalSide;
  weight?: number;
  half_life_days?: number;
  account_reach?: AccountReach;
}

/** Adds a type or changes one (revops, admin). */
export async function setSignalType(
  db: Kysely<DB>,
  actor: Principal,
  input: SetSignalTypeInput,
  now: Date,
): Promise<SignalType & { created: boolean }> {
  requireRole(actor, "change the signal catalogue", ...CATALOGUE_ROLES);
  await ensureSignalTypes(db, actor.clientId, now);
  const values = {
    label: input.label ?? null,
    side: input.side,
    weight: input.weight ?? 10,
    half_life_days: input.half_life_days ?? 14,
    account_reach: input.account_reach ?? "none",
  };
  const before = await db
    .selectFrom("signal_types")
    .select("name")
    .where("client_id", "=", actor.clientId)
    .where("name", "=", input.name)
    .executeTakeFirst();
  const row = await db
    .insertInto("signal_types")
    .values({ client_id: actor.clientId, name: input.name, ...values, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(["client_id", "name"]).doUpdateSet({ ...values, updated_at: now }))
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...row, created: !before };
}

/** Removes a type no signal or page rule names (revops, admin); SIGNAL_TYPE_IN_USE otherwise. */
export async function removeSignalType(
  db: Kysely<DB>,
  actor: Principal,
  name: string,
  now: Date,
): Promise<{ name: string; removed: true }> {
  requireRole(actor, "change the signal catalogue", ...CATALOGUE_ROLES);
  await ensureSignalTypes(db, actor.clientId, now);
  const named = await sql<{ used: boolean }>`
    select exists (select 1 from signals where client_id = ${actor.clientId} and type = ${name})
        or exists (select 1 from signal_page_rules where client_id = ${actor.clientId} and type = ${name}) as used`.execute(
    db,
  );
  if (named.rows[0]?.used) throw new BatonError("SIGNAL_TYPE_IN_USE", { type: name });
  const r = await db
    .deleteFrom("signal_types")
    .where("client_id", "=", actor.clientId)
    .where("name", "=", name)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new BatonError("SIGNAL_TYPE_UNKNOWN", { type: name });
  return { name, removed: true };
}
