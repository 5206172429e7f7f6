// Least privilege on PostgreSQL (issue 11): migrations run as the schema's owner; the server and the
// workers connect as a role that owns nothing ('baton db grant-runtime' gives it row access only).
// That role cannot disable a trigger, truncate the event log or alter a table, while normal work
// goes through. A throwaway database and throwaway login roles are created inside the test.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordAudit } from "../../src/audit/record-audit.ts";
import { createPrincipal, ensureClient } from "../../src/auth/create-principal.ts";
import { authenticate, issueToken } from "../../src/auth/tokens.ts";
import { runCli } from "../../src/cli/main.ts";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { describeMultiConnection } from "../support/multi.ts";

const suffix = randomUUID().replace(/-/g, "").slice(0, 10);
const dbName = `baton_roles_${suffix}`;
const ownerRole = `baton_owner_${suffix}`;
const appRole = `baton_app_${suffix}`;

function urlAs(role: string, database = dbName): string {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.username = role;
  u.password = "";
  u.pathname = `/${database}`;
  return u.toString();
}

async function cli(argv: string[], env: Record<string, string | undefined>) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const lines: string[] = [];
  try {
    const exit = await runCli(argv, (s) => lines.push(s));
    const out = lines.join("\n");
    return { exit, out, json: () => JSON.parse(out) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}

describeMultiConnection("database roles: the runtime role owns nothing", () => {
  let superuser: Database;
  let app: Database;
  let owner: Database;
  const env = () => ({
    DATABASE_URL: urlAs(appRole),
    BATON_MIGRATE_DATABASE_URL: urlAs(ownerRole),
    BATON_DEMO: "false",
    BATON_TOKEN: undefined,
  });

  beforeAll(async () => {
    superuser = await openDatabase({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await sql.raw(`create role ${ownerRole} login`).execute(superuser.db);
    await sql.raw(`create role ${appRole} login`).execute(superuser.db);
    await sql.raw(`create database ${dbName} owner ${ownerRole}`).execute(superuser.db);
    // PostgreSQL 15 has no CREATE on public for everyone; say so for older servers too
    const inDb = await openDatabase({
      url: urlAs(new URL(process.env.TEST_DATABASE_URL!).username || "postgres"),
      poolSize: 1,
    });
    await sql.raw("revoke create on schema public from public").execute(inDb.db);
    await sql.raw(`alter schema public owner to ${ownerRole}`).execute(inDb.db);
    await inDb.close();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await owner?.close();
    if (superuser) {
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(superuser.db);
      await sql.raw(`drop role if exists ${appRole}`).execute(superuser.db);
      await sql.raw(`drop role if exists ${ownerRole}`).execute(superuser.db);
      await superuser.close();
    }
  }, 60_000);

  it("'baton db grant-runtime' migrates as the owner and grants the runtime role row access", async () => {
    const r = await cli(["db", "grant-runtime", "--role", appRole], env());
    expect(r.exit, r.out).toBe(0);
    const out = r.json();
    expect(out.applied.length).toBeGreaterThan(10);
    expect(out.role).toBe(appRole);
    expect(out.tables).toBeGreaterThan(10);
    app = await openDatabase({ url: urlAs(appRole), poolSize: 2 });
    owner = await openDatabase({ url: urlAs(ownerRole), poolSize: 1 });
    const owns = await sql<{ n: number }>`
      select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner
      where r.rolname = ${appRole}`.execute(owner.db);
    expect(owns.rows[0].n).toBe(0);
  }, 120_000);

  it("refuses the runtime role to disable a trigger, truncate the event log, alter or create a table", async () => {
    const refused = [
      "alter table plays disable trigger all",
      "alter table audit_log disable trigger audit_log_no_update",
      "truncate cadence_event_log",
      "truncate audit_log",
      "alter table clients add column sneaky int",
      "drop table audit_log",
      "create table sneaky (x int)",
    ];
    for (const stmt of refused) {
      const err = await failure(sql.raw(stmt).execute(app.db));
      expect(err?.code, stmt).toBe("42501"); // insufficient_privilege
    }
    // the owner may alter (it migrates), but the statement trigger still refuses TRUNCATE
    const err = await failure(sql`truncate cadence_event_log`.execute(owner.db));
    expect(err?.code).toBe("BC900");
  });

  it("lets the runtime role do normal work: rows in, rows out, the audit log appended and not changed", async () => {
    const clientId = `roles-${suffix}`;
    await ensureClient(app.db, clientId, "Roles Ltd");
    const p = await createPrincipal(app.db, {
      clientId,
      displayName: "Ada",
      email: "ada@r.test",
      roles: ["admin"],
    });
    const token = await issueToken(
      app.db,
      clientId,
      p.principalId,
      "t",
      undefined,
      new Date(Date.now() + 86_400_000),
    );
    expect((await authenticate(app.db, token)).principalId).toBe(p.principalId);
    await recordAudit(app.db, {
      clientId,
      actorPrincipalId: p.principalId,
      actorLabel: "Ada",
      action: "sign_in",
    });
    const rows = await app.db.selectFrom("audit_log").selectAll().where("client_id", "=", clientId).execute();
    expect(rows).toHaveLength(1);
    const upd = await failure(
      sql`update audit_log set action = 'x' where client_id = ${clientId}`.execute(app.db),
    );
    expect(upd?.code).toBe("BA001");
    const del = await failure(sql`delete from audit_log where client_id = ${clientId}`.execute(app.db));
    expect(del?.code).toBe("BA001");
  });

  it("runs the server's CLI as the runtime role: tokens create --expires-in, admin people, admin audit", async () => {
    const clientId = `cli-${suffix}`;
    const made = await cli(
      [
        "tokens",
        "create",
        "--client",
        clientId,
        "--name",
        "First Admin",
        "--roles",
        "admin",
        "--expires-in",
        "30d",
      ],
      env(),
    );
    expect(made.exit, made.out).toBe(0);
    const { token, expires_at } = made.json();
    const days = (Date.parse(expires_at) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    const invite = await cli(
      [
        "admin",
        "people",
        "invite",
        "--email",
        "bo@cli.test",
        "--name",
        "Bo",
        "--roles",
        "rep",
        "--token",
        token,
      ],
      env(),
    );
    expect(invite.exit, invite.out).toBe(0);
    const roles = await cli(
      ["admin", "people", "roles", "--person", "BO@cli.test", "--roles", "rep,slm", "--token", token],
      env(),
    );
    expect(roles.json().roles).toEqual(["rep", "slm"]);
    const off = await cli(
      ["admin", "people", "deactivate", "--person", "bo@cli.test", "--token", token],
      env(),
    );
    expect(off.json().active).toBe(false);
    const audit = await cli(["admin", "audit", "--token", token], env());
    expect(audit.json().items.map((e: any) => e.action)).toEqual([
      "person_deactivated",
      "role_changed",
      "person_invited",
      "token_created",
    ]);
    const tooLong = await cli(
      [
        "admin",
        "tokens",
        "create",
        "--name",
        "x",
        "--roles",
        "rep",
        "--expires-in",
        "999d",
        "--token",
        token,
      ],
      env(),
    );
    expect(tooLong.exit).toBe(1);
    expect(tooLong.json().error.code).toBe("TOKEN_EXPIRY_TOO_LONG");
    const agent = await cli(
      [
        "admin",
        "tokens",
        "create",
        "--name",
        "brain",
        "--agent",
        "AGT-901",
        "--expires-in",
        "12h",
        "--token",
        token,
      ],
      env(),
    );
    expect(agent.exit, agent.out).toBe(0);
    // an agent's token bound to a team's book, through the database's door as the runtime role (0495)
    await app.db.insertInto("teams").values({ client_id: clientId, name: "Pod" }).execute();
    const bound = await cli(
      [
        "admin",
        "tokens",
        "create",
        "--name",
        "pod agent",
        "--agent",
        "AGT-902",
        "--team",
        "Pod",
        "--token",
        token,
      ],
      env(),
    );
    expect(bound.exit, bound.out).toBe(0);
    expect(bound.json().book).toMatchObject({ kind: "team", name: "Pod" });
    expect((await authenticate(app.db, bound.json().token)).bookBinding?.teamId).toBe(bound.json().book.id);
    const listed = await cli(["admin", "tokens", "list", "--token", token], env());
    expect(listed.json().map((t: any) => t.name)).toContain("brain");
    expect(listed.out).not.toContain(agent.json().token);
    const revoked = await cli(
      ["admin", "tokens", "revoke", "--id", agent.json().token_id, "--token", token],
      env(),
    );
    expect(revoked.json().status).toBe("revoked");
    const refused = await cli(["admin", "people", "list", "--token", agent.json().token], env());
    expect(refused.json().error.code).toBe("TOKEN_REVOKED");
    const people = await cli(["admin", "people", "list", "--token", token], env());
    expect(people.json().map((p: any) => [p.display_name, p.active])).toEqual([
      ["First Admin", true],
      ["Bo", false],
    ]);
  }, 120_000);
});
