// Sign-in from the command line (issue 11; docs/auth.md): the first admin of a tenant, and the
// tenant's single sign-on settings. These are operator commands (like 'tokens create'): whoever
// runs them has the database, so they take --client instead of a token, and each is audited with
// the operator as actor.
import fs from "node:fs";
import { sql } from "kysely";
import { recordAudit } from "../audit/index.ts";
import { ensureClient } from "../auth/create-principal.ts";
import { getIdpSettings, putIdpSettings } from "../auth/oidc/idp-settings.ts";
import { ROLES } from "../auth/principal.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CliCommand, CliContext } from "./command.ts";

const OPERATOR = { principalId: null, label: "operator (CLI)" } as const;

function need(ctx: CliContext, ...names: string[]): Record<string, string> {
  const f = ctx.flags as Record<string, string | undefined>;
  const errors = names.filter((n) => !f[n]).map((n) => ({ path: `--${n}`, message: "is required" }));
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
  return f as Record<string, string>;
}

/** "revops-team=revops;leads=slm,exec" → { "revops-team": ["revops"], leads: ["slm", "exec"] } */
export function parseRoleMap(text: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const part of text.split(";").filter((p) => p.trim())) {
    const i = part.lastIndexOf("=");
    if (i <= 0)
      throw new BatonError("VALIDATION_FAILED", {
        errors: [{ path: "--map", message: `"${part}" is not value=roles` }],
      });
    map[part.slice(0, i).trim()] = part
      .slice(i + 1)
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean);
  }
  return map;
}

export const authCommands: CliCommand[] = [
  {
    name: "admin create",
    summary:
      "Create the first admin of a tenant (or make an existing person admin); they sign in by SSO or email link",
    usage: "baton admin create --client <client_id> --email <email> [--name 'Display Name']",
    options: {
      client: { type: "string", description: "tenant id (created if new)" },
      email: { type: "string", description: "the admin's email (how sign-in finds them)" },
      name: { type: "string", description: "display name (default: the email)" },
    },
    async run(ctx) {
      const f = need(ctx, "client", "email");
      const email = f.email.trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--email", message: "is not an email address" }],
        });
      const db = await ctx.db();
      await ensureClient(db, f.client, f.client);
      const result = await db.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom("principals")
          .select(["principal_id", "roles"])
          .where("client_id", "=", f.client)
          .where("kind", "=", "person")
          .where(sql`lower(email)`, "=", email)
          .executeTakeFirst();
        const row = existing
          ? await tx
              .updateTable("principals")
              .set({ roles: [...new Set([...existing.roles, "admin"])] })
              .where("client_id", "=", f.client)
              .where("principal_id", "=", existing.principal_id)
              .returning(["principal_id", "roles"])
              .executeTakeFirstOrThrow()
          : await tx
              .insertInto("principals")
              .values({
                client_id: f.client,
                kind: "person",
                display_name: f.name || email,
                email,
                roles: ["admin"],
              })
              .returning(["principal_id", "roles"])
              .executeTakeFirstOrThrow();
        await recordAudit(tx, {
          clientId: f.client,
          actorPrincipalId: OPERATOR.principalId,
          actorLabel: OPERATOR.label,
          action: "admin_created",
          target: row.principal_id,
          details: { email, created: !existing },
        });
        return {
          principal_id: row.principal_id,
          client_id: f.client,
          email,
          roles: row.roles,
          created: !existing,
        };
      });
      ctx.print({
        ...result,
        sign_in: `${ctx.config.publicUrl}/signin?client=${f.client}: single sign-on once 'baton admin idp set' ran, or an email link when email sign-in is on`,
      });
    },
  },
  {
    name: "admin idp show",
    summary: "Show a tenant's single sign-on settings (the client secret is never shown)",
    usage: "baton admin idp show --client <client_id>",
    options: { client: { type: "string", description: "tenant id" } },
    async run(ctx) {
      const f = need(ctx, "client");
      ctx.print(await getIdpSettings(await ctx.db(), f.client));
    },
  },
  {
    name: "admin idp set",
    summary: "Set a tenant's single sign-on (OpenID Connect) settings (audited)",
    usage:
      "baton admin idp set --client acme --issuer https://login.acme.com --client-id baton [--client-secret-file f] --domains acme.com --map 'revops-team=revops;baton-admins=admin' [--role-claim groups] [--scopes 'openid email profile groups']",
    options: {
      client: { type: "string", description: "tenant id" },
      issuer: { type: "string", description: "the IdP's issuer URL (https; http only on loopback)" },
      "client-id": { type: "string", description: "Baton's client id at the IdP" },
      "client-secret-file": {
        type: "string",
        description: "file holding the client secret (kept out of shell history)",
      },
      "client-secret": { type: "string", description: "the client secret (prefer --client-secret-file)" },
      domains: { type: "string", description: "comma-separated allowed email domains" },
      map: { type: "string", description: `claim value=roles, ';'-separated (roles: ${ROLES.join(", ")})` },
      "role-claim": { type: "string", description: "the claim holding the values (default groups)" },
      scopes: { type: "string", description: "scopes to ask for (default 'openid email profile')" },
    },
    async run(ctx) {
      const f = need(ctx, "client", "issuer", "client-id", "domains", "map");
      const secretFile = f["client-secret-file"];
      const secret = secretFile ? fs.readFileSync(secretFile, "utf8").trim() : f["client-secret"];
      const db = await ctx.db();
      ctx.print(
        await putIdpSettings(
          db,
          f.client,
          {
            issuer: f.issuer,
            client_id: f["client-id"],
            ...(secret !== undefined ? { client_secret: secret } : {}),
            allowed_domains: f.domains
              .split(",")
              .map((d) => d.trim())
              .filter(Boolean),
            role_claim: f["role-claim"] || undefined,
            role_map: parseRoleMap(f.map),
            scopes: f.scopes || undefined,
          },
          OPERATOR,
          ctx.config.secret,
          ctx.now(),
        ),
      );
    },
  },
];
