// API tokens for agents and integrations: random, shown once, stored as SHA-256 hashes. A token is
// refused on the next request once it expired (TOKEN_EXPIRED), was revoked (TOKEN_REVOKED) or its
// principal was deactivated (PRINCIPAL_DEACTIVATED). Tokens never appear in URLs or logs.
import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  ACTOR_PROOF,
  AGENT_ROLES,
  type AgentRole,
  type Principal,
  ROLES,
  type Role,
  withProof,
} from "./principal.ts";

/** last_used_at is written at most once a minute per token, not on every request. */
const LAST_USED_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return `bt_${randomBytes(24).toString("base64url")}`;
}

/** Stores a token's hash (null expiresAt = never expires: demo tokens). Returns the token. */
export async function issueToken(
  db: Kysely<DB>,
  clientId: string,
  principalId: string,
  label = "",
  token = newToken(),
  expiresAt: Date | null = null,
): Promise<string> {
  await issueTokenRow(db, { clientId, principalId, label, token, expiresAt });
  return token;
}

/** Stores a token's hash and returns its id (undefined when that exact token already exists). */
export async function issueTokenRow(
  db: Kysely<DB>,
  t: { clientId: string; principalId: string; label: string; token: string; expiresAt: Date | null },
): Promise<string | undefined> {
  // through the database's door (0350): the runtime role inserts no token row itself
  const { rows } = await sql<{ token_id: string | null }>`
    select baton_issue_token(${t.clientId}, ${t.principalId}::uuid, ${hashToken(t.token)}, ${t.label},
                             ${t.expiresAt}::timestamptz) as token_id`.execute(db);
  return rows[0]?.token_id ?? undefined;
}

export async function authenticate(
  db: Kysely<DB>,
  token: string | undefined,
  now: Date = new Date(),
): Promise<Principal> {
  if (!token) throw new BatonError("UNAUTHENTICATED", { reason: "missing" });
  const principal = await checkedToken(db, (q) => q.where("t.token_hash", "=", hashToken(token)), now);
  // the token is this request's proof of who acts (issue 58): the plays rules check it again
  return withProof(principal, token);
}

/**
 * The principal of a stored token, checked again as a request's would be (revoked, expired, its
 * principal deactivated: refused): an action a person approved for an agent runs only while the
 * agent's token is good (issue 71 item 2). No proof: the token itself is not kept.
 */
export function authenticateTokenId(db: Kysely<DB>, clientId: string, tokenId: string, now: Date) {
  return checkedToken(
    db,
    (q) => q.where("t.client_id", "=", clientId).where("t.token_id", "=", tokenId),
    now,
  );
}

/** The id of the API token a principal authenticated with (UNAUTHENTICATED: none, e.g. a session). */
export async function tokenIdOf(db: Kysely<DB>, p: Principal): Promise<string> {
  const proof = p[ACTOR_PROOF];
  const row = proof
    ? await db
        .selectFrom("api_tokens")
        .select("token_id")
        .where("client_id", "=", p.clientId)
        .where("principal_id", "=", p.principalId)
        .where("token_hash", "=", hashToken(proof))
        .executeTakeFirst()
    : undefined;
  if (!row) throw new BatonError("UNAUTHENTICATED", { reason: "invalid" });
  return row.token_id;
}

function tokenRows(db: Kysely<DB>) {
  return db
    .selectFrom("api_tokens as t")
    .innerJoin("principals as p", (j) =>
      j.onRef("p.principal_id", "=", "t.principal_id").onRef("p.client_id", "=", "t.client_id"),
    )
    .select([
      "t.token_id",
      "t.label",
      "t.revoked_at",
      "t.expires_at",
      "t.last_used_at",
      "t.book_team_id",
      "t.book_territory_id",
      "p.principal_id",
      "p.client_id",
      "p.kind",
      "p.display_name",
      "p.roles",
      "p.agent_id",
      "p.deactivated_at",
    ]);
}

async function checkedToken(
  db: Kysely<DB>,
  which: (q: ReturnType<typeof tokenRows>) => ReturnType<typeof tokenRows>,
  now: Date,
): Promise<Principal> {
  const row = await which(tokenRows(db)).executeTakeFirst();
  if (!row) throw new BatonError("UNAUTHENTICATED", { reason: "invalid" });
  if (row.revoked_at) {
    throw new BatonError("TOKEN_REVOKED", { token_id: row.token_id, revoked_at: iso(row.revoked_at) });
  }
  if (row.expires_at && new Date(row.expires_at).getTime() <= now.getTime()) {
    throw new BatonError("TOKEN_EXPIRED", { token_id: row.token_id, expired_at: iso(row.expires_at) });
  }
  if (row.deactivated_at) {
    throw new BatonError("PRINCIPAL_DEACTIVATED", {
      principal: row.display_name,
      deactivated_at: iso(row.deactivated_at),
    });
  }
  const last = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (now.getTime() - last >= LAST_USED_EVERY_MS) {
    // one cheap guarded write a minute per token; a concurrent request's write makes this a no-op
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: now })
      .where("token_id", "=", row.token_id)
      .where((eb) =>
        eb.or([
          eb("last_used_at", "is", null),
          eb("last_used_at", "<", sql<Date>`${new Date(now.getTime() - LAST_USED_EVERY_MS)}::timestamptz`),
        ]),
      )
      .execute();
  }
  const principal = toPrincipal(row);
  if (row.book_team_id || row.book_territory_id) {
    principal.bookBinding = { teamId: row.book_team_id, territoryId: row.book_territory_id };
  }
  return principal;
}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
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
    // a person's roles and an agent's are two vocabularies in one column (0560)
    roles:
      row.kind === "person"
        ? (row.roles.filter((r) => (ROLES as readonly string[]).includes(r)) as Role[])
        : [],
    agentId: row.agent_id,
    ...(row.kind === "agent"
      ? {
          agentRoles: row.roles.filter((r): r is AgentRole => (AGENT_ROLES as readonly string[]).includes(r)),
        }
      : {}),
  };
}
