// The API tokens of a tenant, newest first: name, whose, what book it reaches, status, expiry, last
// use. Never the token.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { type TokenView, toTokenView } from "./token-rows.ts";

export function tokenRows(db: Kysely<DB>, clientId: string) {
  return (
    db
      .selectFrom("api_tokens as t")
      .innerJoin("principals as p", (j) =>
        j.onRef("p.principal_id", "=", "t.principal_id").onRef("p.client_id", "=", "t.client_id"),
      )
      // the binding's name (issue 61 item 2): a deleted team or territory leaves it null
      .leftJoin("teams as bt", (j) =>
        j.onRef("bt.client_id", "=", "t.client_id").onRef("bt.team_id", "=", "t.book_team_id"),
      )
      .leftJoin("territories as br", (j) =>
        j.onRef("br.client_id", "=", "t.client_id").onRef("br.territory_id", "=", "t.book_territory_id"),
      )
      .select([
        "t.token_id",
        "t.label",
        "t.principal_id",
        "t.created_at",
        "t.expires_at",
        "t.last_used_at",
        "t.revoked_at",
        "p.display_name",
        "p.kind",
        "p.roles",
        "p.agent_id",
        "p.deactivated_at",
        "t.book_team_id",
        "t.book_territory_id",
        "bt.name as book_team_name",
        "br.name as book_territory_name",
      ])
      .where("t.client_id", "=", clientId)
  );
}

export async function listTokens(
  db: Kysely<DB>,
  actor: Principal,
  now: Date,
  opts: { includeRevoked?: boolean } = {},
): Promise<TokenView[]> {
  requireRole(actor, "list API tokens", "admin");
  let q = tokenRows(db, actor.clientId);
  if (opts.includeRevoked === false) q = q.where("t.revoked_at", "is", null);
  const rows = await q.orderBy("t.created_at", "desc").orderBy("t.token_id").limit(2000).execute();
  return rows.map((r) => toTokenView(r, now));
}
