import { createPrincipal, ensureClient } from "../auth/create-principal.ts";
import { ROLES, type Role } from "../auth/principal.ts";
import { issueToken } from "../auth/tokens.ts";
import { migrate } from "../db/migrate.ts";
import { BatonError } from "../errors/baton-error.ts";
import { serve } from "../runtime/serve.ts";
import type { CliCommand } from "./command.ts";

export const foundationCommands: CliCommand[] = [
  {
    name: "migrate",
    summary: "Apply pending database migrations (also done at start)",
    async run(ctx) {
      const db = await ctx.db();
      const { applied } = await migrate(db);
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
      "baton tokens create --client <client_id> --name <display name> (--roles revops,slm | --agent AGT-901) [--email e] [--label l]",
    options: {
      client: { type: "string", description: "tenant id (created if new)" },
      name: { type: "string", description: "display name" },
      roles: { type: "string", description: `comma-separated roles: ${ROLES.join(", ")}` },
      agent: { type: "string", description: "agent id, e.g. AGT-901" },
      email: { type: "string", description: "email of a person" },
      label: { type: "string", description: "a label for the token" },
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
      const db = await ctx.db();
      await ensureClient(db, client!, client!);
      const p = await createPrincipal(db, {
        clientId: client!,
        displayName: name!,
        email,
        roles: roleList,
        agentId: agent,
      });
      const token = await issueToken(db, client!, p.principalId, label ?? "");
      ctx.print({ principal_id: p.principalId, client_id: client, token });
    },
  },
];
