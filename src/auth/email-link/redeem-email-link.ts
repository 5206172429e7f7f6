// Email-link sign-in, step 2: the code is used up in one UPDATE (used_at set only if it was null
// and the link has not expired), so two concurrent uses cannot both sign in.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { hashOpaqueId } from "../sessions/opaque-id.ts";

export interface RedeemedLink {
  clientId: string;
  principalId: string;
}

/** Throws EMAIL_LINK_INVALID with `failure` facts (client, reason) for the audit log. */
export async function redeemEmailLink(db: Kysely<DB>, code: string, now: Date): Promise<RedeemedLink> {
  const hash = hashOpaqueId(code);
  const used = await db
    .updateTable("email_sign_in_links")
    .set({ used_at: now })
    .where("code_hash", "=", hash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["client_id", "principal_id"])
    .executeTakeFirst();
  if (!used) {
    const seen = await db
      .selectFrom("email_sign_in_links")
      .select(["client_id", "principal_id", "used_at"])
      .where("code_hash", "=", hash)
      .executeTakeFirst();
    throw new BatonError("EMAIL_LINK_INVALID", {
      client: seen?.client_id,
      principal_id: seen?.principal_id,
      reason: !seen ? "unknown" : seen.used_at ? "used" : "expired",
    });
  }
  const active = await db
    .selectFrom("principals")
    .select("principal_id")
    .where("client_id", "=", used.client_id)
    .where("principal_id", "=", used.principal_id)
    .where(sql.ref("deactivated_at"), "is", null)
    .executeTakeFirst();
  if (!active) {
    throw new BatonError("EMAIL_LINK_INVALID", {
      client: used.client_id,
      principal_id: used.principal_id,
      reason: "deactivated",
    });
  }
  return { clientId: used.client_id, principalId: used.principal_id };
}
