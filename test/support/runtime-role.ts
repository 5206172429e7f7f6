// A throw-away PostgreSQL database set up as docs/operations.md "Database roles" says: an owner role
// (not a superuser) that migrates and owns the schema, and a runtime role that owns nothing, granted
// by grantRuntime. For tests of what the runtime role can and cannot do. Only inside
// describeMultiConnection.
import { randomUUID } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe } from "vitest";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { grantRuntime } from "../../src/db/grant-runtime.ts";
import { migrate } from "../../src/db/migrate.ts";
import { testDatabase } from "./db.ts";
import { describeMultiConnection } from "./multi.ts";
import { migrationsHash } from "./template.ts";

export interface RuntimeRoleDatabase {
  /** connected as the runtime role (what DATABASE_URL names in production) */
  app: Database;
  /** connected as the owner role (BATON_MIGRATE_DATABASE_URL) */
  owner: Database;
  appRole: string;
  ownerRole: string;
  urlAs: (role: string) => string;
  close: () => Promise<void>;
}

export async function runtimeRoleDatabase(label: string): Promise<RuntimeRoleDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("runtimeRoleDatabase() needs TEST_DATABASE_URL");
  const suffix = randomUUID().replace(/-/g, "").slice(0, 10);
  const dbName = `baton_${label}_${suffix}`;
  const ownerRole = `baton_owner_${suffix}`;
  const appRole = `baton_app_${suffix}`;
  const urlAs = (role: string, database = dbName) => {
    const u = new URL(base);
    u.username = role;
    u.password = "";
    u.pathname = `/${database}`;
    return u.toString();
  };
  const superuser = await openDatabase({ url: base, poolSize: 1 });
  await sql.raw(`create role ${ownerRole} login`).execute(superuser.db);
  await sql.raw(`create role ${appRole} login`).execute(superuser.db);
  // a copy of this migration set's template, migrated once by a role like ownerRole (not a
  // superuser), whose objects then pass to ownerRole: every migration on PostgreSQL took 5-19 s of
  // each of the 7 files' setup; the copy and the hand-over take under a second
  const template = await runtimeTemplate(superuser.db, urlAs);
  await copyDatabase(superuser.db, template.name, dbName, ownerRole);
  const inDb = await openDatabase({ url: urlAs(new URL(base).username || "postgres"), poolSize: 1 });
  await sql.raw(`reassign owned by ${template.owner} to ${ownerRole}`).execute(inDb.db);
  await inDb.close();
  const owner = await openDatabase({ url: urlAs(ownerRole), poolSize: 2 });
  await grantRuntime(owner.db, appRole);
  const app = await openDatabase({ url: urlAs(appRole), poolSize: 4 });
  return {
    app,
    owner,
    appRole,
    ownerRole,
    urlAs,
    close: async () => {
      await app.close();
      await owner.close();
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(superuser.db);
      await sql.raw(`drop role if exists ${appRole}`).execute(superuser.db);
      await sql.raw(`drop role if exists ${ownerRole}`).execute(superuser.db);
      await superuser.close();
    },
  };
}

/**
 * The database runtimeRoleDatabase copies: set up as it used to set up each one (created for an owner
 * role that is not a superuser, public's CREATE revoked, the schema the owner's) and migrated by that
 * owner. One per migration set on the server, built by the first file that needs it (an advisory
 * lock keeps the others waiting) under a name of its own, renamed when complete, so a crashed build
 * is never copied. Its database belongs to the connecting superuser, so that the copy's REASSIGN
 * OWNED moves only the copy's objects.
 */
async function runtimeTemplate(
  superuser: Kysely<any>,
  urlAs: (role: string, database: string) => string,
): Promise<{ name: string; owner: string }> {
  const hash = migrationsHash();
  const name = `baton_rtmpl_${hash}`;
  const owner = `baton_rtmpl_owner_${hash}`;
  const exists = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_database where datname = ${name}`.execute(
        superuser,
      )
    ).rows[0]!.n > 0;
  if (await exists()) return { name, owner };
  await sql`select pg_advisory_lock(hashtext(${name}))`.execute(superuser);
  try {
    if (await exists()) return { name, owner };
    const building = `${name}_${process.pid}`;
    const su = new URL(process.env.TEST_DATABASE_URL!).username || "postgres";
    await sql.raw(`drop database if exists ${building} with (force)`).execute(superuser);
    await sql
      .raw(`do $$ begin create role ${owner} login; exception when duplicate_object then null; end $$`)
      .execute(superuser);
    await sql.raw(`create database ${building}`).execute(superuser);
    const inDb = await openDatabase({ url: urlAs(su, building), poolSize: 1 });
    await sql.raw("revoke create on schema public from public").execute(inDb.db);
    await sql.raw(`alter schema public owner to ${owner}`).execute(inDb.db);
    await inDb.close();
    const migrator = await openDatabase({ url: urlAs(owner, building), poolSize: 2 });
    try {
      await migrate(migrator.db);
    } finally {
      await migrator.close();
    }
    await sql.raw(`alter database ${building} rename to ${name}`).execute(superuser);
    return { name, owner };
  } finally {
    await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(superuser);
  }
}

/** `create database … template …`, which needs the template to have no session: another file may be copying it. */
async function copyDatabase(superuser: Kysely<any>, template: string, name: string, owner: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql.raw(`create database ${name} template ${template} owner ${owner}`).execute(superuser);
      return;
    } catch (e: any) {
      if (e.code !== "55006" || attempt === 20) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/**
 * Where a suite runs: `db` sets up (fixtures, reads) as the runtime role on PostgreSQL, `owner` as
 * the owner, `runtime` opens a transaction as the runtime role.
 */
export interface AsRuntime {
  db: Kysely<DB>;
  owner: Kysely<DB>;
  runtime: <T>(fn: (tx: Transaction<DB>) => Promise<T>) => Promise<T>;
}

/**
 * The same suite twice: on PGlite under SET LOCAL ROLE to a role grantRuntime granted (so the
 * default run holds it), and on PostgreSQL connected as the runtime role (`label` names its database).
 */
export function describeAsRuntimeRole(title: string, label: string, suite: (get: () => AsRuntime) => void) {
  describe(`${title} (PGlite, under SET LOCAL ROLE to a runtime role)`, () => {
    let d: Database;
    const role = `baton_app_${label}`;
    beforeAll(async () => {
      d = await testDatabase();
      await sql.raw(`create role ${role} nologin`).execute(d.db);
      await grantRuntime(d.db, role);
    });
    afterAll(() => d?.close());
    suite(() => ({
      db: d.db,
      owner: d.db,
      runtime: (fn) =>
        d.db.transaction().execute(async (tx) => {
          await sql.raw(`set local role ${role}`).execute(tx);
          return fn(tx);
        }),
    }));
  });
  describeMultiConnection(`${title} (PostgreSQL, connected as the runtime role)`, () => {
    let r: RuntimeRoleDatabase;
    beforeAll(async () => {
      r = await runtimeRoleDatabase(label);
    }, 180_000);
    afterAll(async () => r?.close(), 60_000);
    suite(() => ({ db: r.app.db, owner: r.owner.db, runtime: (fn) => r.app.db.transaction().execute(fn) }));
  });
}
