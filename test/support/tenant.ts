// Each test owns its data: a tenant of its own with one principal per role and the usual agents.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { createPrincipal, ensureClient } from "../../src/auth/create-principal.ts";
import { type Principal, type Role, withProof } from "../../src/auth/principal.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import { seedSenderIdentity } from "../../src/channels/sender-identity.ts";
import type { DB } from "../../src/db/database.ts";

export interface TestPrincipal extends Principal {
  token: string;
  /** Authorization header value. */
  auth: { authorization: string };
}

export interface Tenant {
  clientId: string;
  revops: TestPrincipal;
  revops2: TestPrincipal;
  slm: TestPrincipal;
  slm2: TestPrincipal;
  /** one person holding both slm and revops */
  both: TestPrincipal;
  exec: TestPrincipal;
  rep: TestPrincipal;
  admin: TestPrincipal;
  agt901: TestPrincipal;
  agt902: TestPrincipal;
  agt301: TestPrincipal;
  agt304: TestPrincipal;
  sales: TestPrincipal;
}

const people: Record<string, Role[]> = {
  revops: ["revops"],
  revops2: ["revops"],
  slm: ["slm"],
  slm2: ["slm"],
  both: ["slm", "revops"],
  exec: ["exec"],
  rep: ["rep"],
  admin: ["admin"],
};
const agents: Record<string, string> = {
  agt901: "AGT-901",
  agt902: "AGT-902",
  agt301: "AGT-301",
  agt304: "AGT-304",
  sales: "AGT-401",
};

/** A tenant named `<prefix>-<random>`, or `clientId` when a test needs the same one on every run. */
export async function createTenant(
  db: Kysely<DB>,
  prefix = "t",
  clientId = `${prefix}-${randomUUID().slice(0, 8)}`,
): Promise<Tenant> {
  await ensureClient(db, clientId, `Test tenant ${clientId}`);
  await seedSenderIdentity(db, clientId, {
    company_name: `Tenant ${clientId} Ltd`,
    postal_address: "1 Test Street, Testville 12345, US",
  });
  const out: Record<string, TestPrincipal> = {};
  const add = async (key: string, p: Principal) => {
    const token = await issueToken(db, clientId, p.principalId, key);
    // the token is also the principal's proof when a test writes plays as the runtime role (0350)
    out[key] = { ...withProof(p, token), token, auth: { authorization: `Bearer ${token}` } };
  };
  for (const [key, roles] of Object.entries(people)) {
    await add(
      key,
      await createPrincipal(db, {
        clientId,
        displayName: `${key} person`,
        email: `${key}@${clientId}.test`,
        roles,
      }),
    );
  }
  for (const [key, agentId] of Object.entries(agents)) {
    // the outreach and sales agents triage replies (issue 73 item 3: a role); the brain agents and
    // AGT-304 do not
    const agentRoles = key === "agt301" || key === "sales" ? (["reply_triage"] as const) : [];
    await add(
      key,
      await createPrincipal(db, {
        clientId,
        displayName: `${agentId} agent`,
        agentId,
        agentRoles: [...agentRoles],
      }),
    );
  }
  return { clientId, ...(out as any) };
}
