// API tokens: random, shown once, stored as SHA-256 hashes.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { Principal, Role } from "./principal.ts";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return `bt_${randomBytes(24).toString("base64url")}`;
}

export async function issueToken(
  db: Kysely<DB>,
  clientId: string,
  principalId: string,
  label = "",
  token = newToken(),
): Promise<string> {
  await db
    .insertInto("api_tokens")
    .values({ client_id: clientId, principal_id: principalId, token_hash: hashToken(token), label })
    .onConflict((oc) => oc.column("token_hash").doNothing())
    .execute();
  return token;
}

export async function authenticate(db: Kysely<DB>, token: string | undefined): Promise<Principal> {
  if (!token) throw new BatonError("UNAUTHENTICATED", { reason: "missing" });
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("principals as p", (j) =>
      j.onRef("p.principal_id", "=", "t.principal_id").onRef("p.client_id", "=", "t.client_id"),
    )
    .select(["p.principal_id", "p.client_id", "p.kind", "p.display_name", "p.roles", "p.agent_id"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new BatonError("UNAUTHENTICATED", { reason: "invalid" });
  return toPrincipal(row);
}

export function toPrincipal(row: {
  principal_id: string;
  client_id: string;
  kind: "person" | "agent";
  display_name: string;
  roles: string[];
  agent_id: string | null;
}): Principal {
  return {
    principalId: row.principal_id,
    clientId: row.client_id,
    kind: row.kind,
    displayName: row.display_name,
    roles: row.roles as Role[],
    agentId: row.agent_id,
  };
}
