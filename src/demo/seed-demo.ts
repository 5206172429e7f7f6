// Demo data from the specs: the demo tenant, its principals and tokens, then the seeders listed in
// src/demo/seeders.ts (each idempotent).
import type { Kysely } from "kysely";
import { createPrincipal, ensureClient } from "../auth/create-principal.ts";
import { type Principal, withProof } from "../auth/principal.ts";
import { issueToken } from "../auth/tokens.ts";
import { seedSenderIdentity } from "../channels/index.ts";
import type { DB } from "../db/database.ts";
import { reopenDemoTokens } from "./demo-access.ts";
import { DEMO_CLIENT, type DemoPrincipal, demoPrincipals } from "./demo-principals.ts";
import { seeders } from "./seeders.ts";

export type { SeedContext, Seeder } from "./seeder.ts";

export async function seedDemo(db: Kysely<DB>, now = new Date()): Promise<{ tokens: DemoPrincipal[] }> {
  await ensureClient(db, DEMO_CLIENT, "Demo (B2BEA / RedKey)");
  // issue 41: the footer of the demo's commercial email (CAN-SPAM, CASL)
  await seedSenderIdentity(db, DEMO_CLIENT, {
    company_name: "B2BEA Demo Ltd",
    postal_address: "1 Demo Street\nLondon EC1A 1AA\nUnited Kingdom",
  });
  const principals: Record<string, Principal> = {};
  for (const p of demoPrincipals) {
    const principal = await createDemoPrincipal(db, p);
    await issueToken(db, DEMO_CLIENT, principal.principalId, `demo:${p.key}`, p.token);
    // the demo token is the seeders' proof of who acts, where the runtime role seeds (issue 58, 0350)
    principals[p.key] = withProof(principal, p.token);
  }
  await reopenDemoTokens(db);
  for (const seed of seeders) await seed({ db, clientId: DEMO_CLIENT, principals, now });
  return { tokens: demoPrincipals };
}

async function createDemoPrincipal(db: Kysely<DB>, p: DemoPrincipal): Promise<Principal> {
  if (!p.agentId) {
    const existing = await db
      .selectFrom("principals")
      .select("principal_id")
      .where("client_id", "=", DEMO_CLIENT)
      .where("email", "=", p.email!)
      .executeTakeFirst();
    if (existing) {
      return {
        principalId: existing.principal_id,
        clientId: DEMO_CLIENT,
        kind: "person",
        displayName: p.displayName,
        roles: p.roles ?? [],
        agentId: null,
      };
    }
  }
  const principal = await createPrincipal(db, {
    clientId: DEMO_CLIENT,
    displayName: p.displayName,
    email: p.email,
    roles: p.roles,
    agentId: p.agentId,
    agentRoles: p.agentRoles,
  });
  // an agent seeded before it had its roles (0560) gets them now
  if (p.agentRoles?.length && (principal.agentRoles ?? []).length === 0) {
    await db
      .updateTable("principals")
      .set({ roles: p.agentRoles })
      .where("client_id", "=", DEMO_CLIENT)
      .where("principal_id", "=", principal.principalId)
      .execute();
    return { ...principal, agentRoles: p.agentRoles };
  }
  return principal;
}
