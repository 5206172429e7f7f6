// An admin revokes an API token: the next request with it is refused (TOKEN_REVOKED). Revoking a
// revoked token changes nothing and records nothing.
import type { Kysely } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { tokenRows } from "./list-tokens.ts";
import { type TokenView, toTokenView } from "./token-rows.ts";

export async function revokeApiToken(
  db: Kysely<DB>,
  actor: Principal,
  tokenId: string,
  now: Date,
  source: AuditSource = {},
): Promise<TokenView> {
  requireRole(actor, "revoke API tokens", "admin");
  try {
    return await db.transaction().execute(async (tx) => {
      const revoked = await tx
        .updateTable("api_tokens")
        .set({ revoked_at: now, revoked_by: actor.principalId })
        .where("client_id", "=", actor.clientId)
        .where("token_id", "=", tokenId)
        .where("revoked_at", "is", null)
        .returning("token_id")
        .executeTakeFirst();
      const row = await tokenRows(tx, actor.clientId).where("t.token_id", "=", tokenId).executeTakeFirst();
      if (!row) throw new BatonError("NOT_FOUND", { entity: "API token", id: tokenId });
      if (revoked) {
        await recordAudit(tx, {
          clientId: actor.clientId,
          ...auditActor(actor),
          action: "token_revoked",
          target: tokenId,
          details: { name: row.label, principal_id: row.principal_id, principal: row.display_name },
          ...source,
        });
      }
      return toTokenView(row, now);
    });
  } catch (e) {
    rethrowDb(e);
  }
}
