// The clients connected to a workspace (issue 61 item 4): each person's approval of a registered MCP
// client, who approved it, when, with which scopes, and when it was last used. Admins see them and
// revoke a client: every approval of it in this workspace goes, with every code and token of them
// (foreign keys, on delete cascade), so its next call is refused at once. Audited.
import type { Kysely } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../../audit/index.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { type Principal, requireRole } from "../principal.ts";
import { redirectInWords } from "./redirect-uris.ts";

export interface ConnectedClient {
  app_id: string;
  name: string;
  /** every host its codes may go to, comma-separated (issue 73 item 2) */
  redirect_host: string;
  approved_by: { principal_id: string; display_name: string };
  scopes: string[];
  approved_at: string;
  last_used_at: string | null;
}

/** Every host (or native app's scheme) the client may send a code to, not only its first. */
function hostsOf(uris: unknown): string {
  const all = Array.isArray(uris) ? uris.map((u) => redirectInWords(String(u)).host) : [];
  return [...new Set(all)].join(", ");
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export async function listConnectedClients(db: Kysely<DB>, admin: Principal): Promise<ConnectedClient[]> {
  requireRole(admin, "list the connected clients", "admin");
  const rows = await db
    .selectFrom("oauth_grants as g")
    .innerJoin("principals as p", (j) =>
      j.onRef("p.client_id", "=", "g.client_id").onRef("p.principal_id", "=", "g.principal_id"),
    )
    .leftJoin("oauth_records as c", (j) =>
      j.on("c.model", "=", "Client").onRef("c.key_hash", "=", "g.app_id"),
    )
    .select([
      "g.app_id",
      "g.scopes",
      "g.created_at",
      "g.last_used_at",
      "p.principal_id",
      "p.display_name",
      "c.payload as client",
    ])
    .where("g.client_id", "=", admin.clientId)
    .orderBy("g.created_at", "desc")
    .execute();
  return rows.map((r) => {
    const c = (typeof r.client === "string" ? JSON.parse(r.client) : (r.client ?? {})) as Record<
      string,
      unknown
    >;
    return {
      app_id: r.app_id,
      name: typeof c.client_name === "string" ? c.client_name : r.app_id,
      redirect_host: hostsOf(c.redirect_uris),
      approved_by: { principal_id: r.principal_id, display_name: r.display_name },
      scopes: r.scopes,
      approved_at: iso(r.created_at)!,
      last_used_at: iso(r.last_used_at),
    };
  });
}

/** Ends every approval of the client in this workspace; returns how many there were. */
export async function revokeConnectedClient(
  db: Kysely<DB>,
  admin: Principal,
  appId: string,
  source: AuditSource,
): Promise<{ app_id: string; approvals_revoked: number }> {
  requireRole(admin, "revoke a connected client", "admin");
  return db.transaction().execute(async (tx) => {
    const gone = await tx
      .deleteFrom("oauth_grants")
      .where("client_id", "=", admin.clientId)
      .where("app_id", "=", appId)
      .returning("grant_id")
      .execute();
    if (gone.length === 0) throw new BatonError("OAUTH_CLIENT_NOT_CONNECTED", { app_id: appId });
    await recordAudit(tx, {
      clientId: admin.clientId,
      ...auditActor(admin),
      action: "oauth_client_revoked",
      target: appId,
      details: { approvals_revoked: gone.length },
      ip: source.ip,
      userAgent: source.userAgent,
    });
    return { app_id: appId, approvals_revoked: gone.length };
  });
}
