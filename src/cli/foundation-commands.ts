import { tokenExpiry } from "../admin/index.ts";
import { recordAudit } from "../audit/index.ts";
import { createPrincipal, ensureClient } from "../auth/create-principal.ts";
import { ROLES, type Role } from "../auth/principal.ts";
import { issueTokenRow, newToken } from "../auth/tokens.ts";
import { migrateAsOwner } from "../db/migrate-as-owner.ts";
import { BatonError } from "../errors/baton-error.ts";
import { serve } from "../runtime/serve.ts";
import { parseExpiresIn } from "./admin-commands.ts";
import type { CliCommand } from "./command.ts";

export const foundationCommands: CliCommand[] = [
  {
    name: "migrate",
    summary: "Apply pending database migrations (also done at start)",
    async run(ctx) {
      // as the schema's owner (BATON_MIGRATE_DATABASE_URL), not the runtime role
      const { applied } = await migrateAsOwner(ctx.config, await ctx.database());
      ctx.print({ applied });
    },
  },
  {
    name: "serve",
    summary: "Run the HTTP server and the engine (same as npm start)",
    async run(ctx) {
      const server = await serve(ctx.config);
      await new Promise<void>((resolve) => {
        for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => resolve());
      });
      await server.close();
    },
  },
  {
    name: "tokens create",
    summary: "Issue an API token for a new person or agent (the token is shown once)",
    usage:
      "baton tokens create --client <client_id> --name <display name> (--roles revops,slm | --agent AGT-901) [--email e] [--label l] [--expires-in 90d]",
    options: {
      client: { type: "string", description: "tenant id (created if new)" },
      name: { type: "string", description: "display name" },
      roles: { type: "string", description: `comma-separated roles: ${ROLES.join(", ")}` },
      agent: { type: "string", description: "agent id, e.g. AGT-901" },
      email: { type: "string", description: "email of a person" },
      label: { type: "string", description: "a label for the token" },
      "expires-in": { type: "string", description: "e.g. 90d or 12h (default BATON_TOKEN_DEFAULT_DAYS)" },
    },
    async run(ctx) {
      const { client, name, roles, agent, email, label } = ctx.flags as Record<string, string | undefined>;
      const errors: { path: string; message: string }[] = [];
      if (!client) errors.push({ path: "--client", message: "is required" });
      if (!name) errors.push({ path: "--name", message: "is required" });
      if (!roles === !agent) errors.push({ path: "--roles/--agent", message: "give exactly one of them" });
      const roleList = (roles ?? "").split(",").filter(Boolean) as Role[];
      for (const r of roleList)
        if (!ROLES.includes(r)) errors.push({ path: "--roles", message: `unknown role ${r}` });
      if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
      const expiresInDays = parseExpiresIn(ctx.flags["expires-in"] as string | undefined);
      const expiresAt = tokenExpiry({ name: name!, roles: [], expiresInDays }, ctx.config.tokens, ctx.now());
      const db = await ctx.db();
      await ensureClient(db, client!, client!);
      const p = await createPrincipal(db, {
        clientId: client!,
        displayName: name!,
        email,
        roles: roleList,
        agentId: agent,
      });
      const token = newToken();
      const tokenId = await issueTokenRow(db, {
        clientId: client!,
        principalId: p.principalId,
        label: label ?? "",
        token,
        expiresAt,
      });
      await recordAudit(db, {
        clientId: client!,
        actorPrincipalId: null,
        actorLabel: "operator (baton tokens create)",
        action: "token_created",
        target: tokenId,
        details: {
          name: label ?? "",
          principal_id: p.principalId,
          principal: name,
          expires_at: expiresAt.toISOString(),
        },
        userAgent: "baton cli",
      });
      ctx.print({
        principal_id: p.principalId,
        client_id: client,
        token,
        token_id: tokenId,
        expires_at: expiresAt,
      });
    },
  },
];
