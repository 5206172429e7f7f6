// baton admin people|agents|tokens|audit (an admin's token: --token or BATON_TOKEN) and baton db
// grant-runtime (the schema owner's connection, BATON_MIGRATE_DATABASE_URL). Thin over src/admin.
import { sql } from "kysely";
import {
  bookBindingOf,
  changeAgentRoles,
  changeRoles,
  createApiToken,
  deactivatePerson,
  invitePerson,
  listPeople,
  listTokens,
  reactivatePerson,
  revokeApiToken,
  revokePersonSessions,
} from "../admin/index.ts";
import { listAudit } from "../audit/index.ts";
import { AGENT_ROLES, type AgentRole, ROLES, type Role } from "../auth/principal.ts";
import { openDatabase } from "../db/connect.ts";
import { distribute } from "../db/distribute.ts";
import { grantRuntime } from "../db/grant-runtime.ts";
import { migrate } from "../db/migrate.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CliCommand, CliContext } from "./command.ts";

const CLI_SOURCE = { ip: null, userAgent: "baton cli" };

function need(ctx: CliContext, ...names: string[]): Record<string, string> {
  const errors = names
    .filter((n) => typeof ctx.flags[n] !== "string" || ctx.flags[n] === "")
    .map((n) => ({ path: `--${n}`, message: "is required" }));
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
  return ctx.flags as Record<string, string>;
}

export function parseRoles<R extends string = Role>(
  raw: string | undefined,
  path = "--roles",
  known: readonly R[] = ROLES as readonly string[] as readonly R[],
): R[] {
  const roles = (raw ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !known.includes(r as R));
  if (unknown.length) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: unknown.map((r) => ({ path, message: `unknown role ${r} (known: ${known.join(", ")})` })),
    });
  }
  return roles as R[];
}

/** "90d", "12h" or a number of days → days (fractions allowed). */
export function parseExpiresIn(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(d|h)?$/.exec(raw.trim());
  if (!m || Number(m[1]) <= 0) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "--expires-in", message: "a duration like 90d, 12h or 30 (days)" }],
    });
  }
  return m[2] === "h" ? Number(m[1]) / 24 : Number(m[1]);
}

/** A person of the admin's tenant by principal id or email. */
async function personId(ctx: CliContext, ref: string): Promise<string> {
  const me = await ctx.principal();
  const db = await ctx.db();
  const row = await db
    .selectFrom("principals")
    .select("principal_id")
    .where("client_id", "=", me.clientId)
    .where("kind", "=", "person")
    .where((eb) =>
      /^[0-9a-f-]{36}$/i.test(ref)
        ? eb("principal_id", "=", ref)
        : eb(sql<string>`lower(email)`, "=", ref.toLowerCase()),
    )
    .executeTakeFirst();
  if (!row) throw new BatonError("NOT_FOUND", { entity: "Person", id: ref });
  return row.principal_id;
}

const person = { type: "string", description: "principal id or email" } as const;

export const adminCommands: CliCommand[] = [
  {
    name: "admin people list",
    summary: "People of the workspace, with roles and whether active (admin)",
    async run(ctx) {
      ctx.print(await listPeople(await ctx.db(), await ctx.principal()));
    },
  },
  {
    name: "admin people invite",
    summary: "Invite a person: they sign in by single sign-on or an email link (admin; audited)",
    usage: "baton admin people invite --email e --name 'Display Name' --roles rep,slm",
    options: {
      email: { type: "string", description: "their email (how sign-in finds them)" },
      name: { type: "string", description: "display name" },
      roles: { type: "string", description: `comma-separated: ${ROLES.join(", ")}` },
    },
    async run(ctx) {
      const f = need(ctx, "email", "name");
      const roles = parseRoles(f.roles);
      ctx.print(
        await invitePerson(
          await ctx.db(),
          await ctx.principal(),
          { email: f.email, displayName: f.name, roles },
          CLI_SOURCE,
        ),
      );
    },
  },
  {
    name: "admin people roles",
    summary: "Set a person's roles (admin; audited role_changed; the last admin keeps admin)",
    usage: "baton admin people roles --person <id|email> --roles revops,admin",
    options: { person, roles: { type: "string", description: "the full new set, comma-separated" } },
    async run(ctx) {
      const f = need(ctx, "person");
      const roles = parseRoles(typeof ctx.flags.roles === "string" ? ctx.flags.roles : "");
      const id = await personId(ctx, f.person);
      ctx.print(await changeRoles(await ctx.db(), await ctx.principal(), id, roles, CLI_SOURCE));
    },
  },
  {
    name: "admin agents roles",
    summary: "Set an agent's roles: reply_triage works the reply triage queue (admin; audited role_changed)",
    usage: "baton admin agents roles --agent AGT-301 --roles reply_triage   (--roles '' takes them away)",
    options: {
      agent: { type: "string", description: "agent id, e.g. AGT-301" },
      roles: { type: "string", description: `the full new set, comma-separated: ${AGENT_ROLES.join(", ")}` },
    },
    async run(ctx) {
      const f = need(ctx, "agent");
      const roles = parseRoles<AgentRole>(
        typeof ctx.flags.roles === "string" ? ctx.flags.roles : "",
        "--roles",
        AGENT_ROLES,
      );
      ctx.print(await changeAgentRoles(await ctx.db(), await ctx.principal(), f.agent, roles, CLI_SOURCE));
    },
  },
  {
    name: "admin people deactivate",
    summary: "Deactivate a person: sessions end now, tokens are refused (admin; audited)",
    usage: "baton admin people deactivate --person <id|email>",
    options: { person },
    async run(ctx) {
      const id = await personId(ctx, need(ctx, "person").person);
      ctx.print(await deactivatePerson(await ctx.db(), await ctx.principal(), id, ctx.now(), CLI_SOURCE));
    },
  },
  {
    name: "admin people sign-out",
    summary: "Sign a person out everywhere: all their sessions end now; they stay active (admin; audited)",
    usage: "baton admin people sign-out --person <id|email>",
    options: { person },
    async run(ctx) {
      const id = await personId(ctx, need(ctx, "person").person);
      ctx.print(await revokePersonSessions(await ctx.db(), await ctx.principal(), id, ctx.now(), CLI_SOURCE));
    },
  },
  {
    name: "admin people reactivate",
    summary: "Reactivate a deactivated person (admin; audited)",
    usage: "baton admin people reactivate --person <id|email>",
    options: { person },
    async run(ctx) {
      const id = await personId(ctx, need(ctx, "person").person);
      ctx.print(await reactivatePerson(await ctx.db(), await ctx.principal(), id, CLI_SOURCE));
    },
  },
  {
    name: "admin tokens list",
    summary: "API tokens: name, whose, status, expiry, last use; never the token (admin)",
    async run(ctx) {
      ctx.print(await listTokens(await ctx.db(), await ctx.principal(), ctx.now()));
    },
  },
  {
    name: "admin tokens create",
    summary: "Create an API token for an agent or integration, shown once (admin; audited)",
    usage:
      "baton admin tokens create --name <what for> (--roles revops | --agent AGT-901 | --principal <id>) [--team <name or id> | --territory <name or id>] [--expires-in 90d]",
    options: {
      name: { type: "string", description: "what the token is for" },
      roles: { type: "string", description: "roles of a new integration principal" },
      agent: { type: "string", description: "agent id, e.g. AGT-901" },
      principal: { type: "string", description: "an existing principal's id" },
      "expires-in": { type: "string", description: "e.g. 90d or 12h (default BATON_TOKEN_DEFAULT_DAYS)" },
      team: { type: "string", description: "an agent's token: bind it to this team's book (name or id)" },
      territory: {
        type: "string",
        description: "an agent's token: bind it to this territory's book (name or id)",
      },
    },
    async run(ctx) {
      const f = need(ctx, "name");
      const me = await ctx.principal();
      const db = await ctx.db();
      if (f.team !== undefined && f.territory !== undefined) {
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--team|--territory", message: "give one of them" }],
        });
      }
      ctx.print(
        await createApiToken(
          db,
          { clientId: me.clientId, principal: me },
          {
            name: f.name,
            roles: f.roles !== undefined ? parseRoles(f.roles) : undefined,
            agentId: f.agent,
            principalId: f.principal,
            expiresInDays: parseExpiresIn(f["expires-in"]),
            book: await bookBindingOf(db, me.clientId, { team: f.team, territory: f.territory }),
          },
          ctx.config.tokens,
          ctx.now(),
          CLI_SOURCE,
        ),
      );
    },
  },
  {
    name: "admin tokens revoke",
    summary: "Revoke an API token; its next request is refused (admin; audited)",
    usage: "baton admin tokens revoke --id <token id>",
    options: { id: { type: "string", description: "token id (from 'baton admin tokens list')" } },
    async run(ctx) {
      const f = need(ctx, "id");
      ctx.print(await revokeApiToken(await ctx.db(), await ctx.principal(), f.id, ctx.now(), CLI_SOURCE));
    },
  },
  {
    name: "admin audit",
    summary: "The audit log, newest first, with filters and paging (admin)",
    usage:
      "baton admin audit [--action role_changed] [--actor <id|words>] [--since ISO] [--until ISO] [--limit 50] [--cursor c]",
    options: {
      action: { type: "string", description: "e.g. sign_in, sign_in_failed, role_changed, token_created" },
      actor: { type: "string", description: "principal id, or words of the actor's name" },
      since: { type: "string", description: "ISO time, inclusive" },
      until: { type: "string", description: "ISO time, exclusive" },
      limit: { type: "string", description: "1-500 (default 50)" },
      cursor: { type: "string", description: "next_cursor of the previous page" },
    },
    async run(ctx) {
      const f = ctx.flags as Record<string, string | undefined>;
      const time = (name: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        const d = new Date(v);
        if (Number.isNaN(d.getTime())) {
          throw new BatonError("VALIDATION_FAILED", {
            errors: [{ path: `--${name}`, message: "not a time" }],
          });
        }
        return d;
      };
      ctx.print(
        await listAudit(await ctx.db(), await ctx.principal(), {
          action: f.action,
          actor: f.actor,
          since: time("since", f.since),
          until: time("until", f.until),
          limit: f.limit ? Number(f.limit) : undefined,
          cursor: f.cursor,
        }),
      );
    },
  },
  {
    name: "db distribute",
    summary:
      "As the schema owner, on a Citus coordinator: migrate, then distribute Baton's tables by tenant (docs/scaling.md)",
    usage:
      "BATON_MIGRATE_DATABASE_URL=postgres://owner@coordinator/baton baton db distribute [--shard-count 32]",
    options: {
      "shard-count": {
        type: "string",
        description: "shards per distributed table (default: Citus's citus.shard_count)",
      },
    },
    async run(ctx) {
      const url = ctx.config.migrateDatabaseUrl;
      if (!url) {
        throw new BatonError("VALIDATION_FAILED", {
          errors: [
            {
              path: "BATON_MIGRATE_DATABASE_URL",
              message: "is needed (a Citus coordinator; the embedded PGlite database is not distributed)",
            },
          ],
        });
      }
      const owner = await openDatabase({ url, poolSize: 1 });
      try {
        const { applied } = await migrate(owner.db);
        const shards = ctx.flags["shard-count"];
        const shardCount = typeof shards === "string" ? Number(shards) : undefined;
        ctx.print({ migrated: applied, ...(await distribute(owner.db, { shardCount })) });
      } finally {
        await owner.close();
      }
    },
  },
  {
    name: "db grant-runtime",
    summary: "As the schema owner: migrate, then grant the runtime role row access only (docs/operations.md)",
    usage: "BATON_MIGRATE_DATABASE_URL=postgres://owner@… baton db grant-runtime --role baton_app",
    options: {
      role: { type: "string", description: "the role DATABASE_URL connects as (it must own nothing)" },
      schema: { type: "string", description: "schema (default public)" },
    },
    async run(ctx) {
      const f = need(ctx, "role");
      const url = ctx.config.migrateDatabaseUrl;
      if (!url) {
        throw new BatonError("VALIDATION_FAILED", {
          errors: [
            {
              path: "BATON_MIGRATE_DATABASE_URL",
              message: "is needed (PostgreSQL only; the embedded PGlite database has one user)",
            },
          ],
        });
      }
      const owner = await openDatabase({ url, poolSize: 1 });
      try {
        const { applied } = await migrate(owner.db);
        ctx.print({ applied, ...(await grantRuntime(owner.db, f.role, f.schema ?? "public")) });
      } finally {
        await owner.close();
      }
    },
  },
];
