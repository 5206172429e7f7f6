// The resource server's side (issue 61 item 4): an OAuth access token sent to /mcp resolves to the
// person who approved, acting through that client with the scopes they granted. The token must be
// live (10 minutes), issued for exactly Baton's /mcp resource (RFC 8707 audience), of a grant not
// revoked, and its person active; roles are the person's roles of the moment, so a token never
// carries more than the person has. Any failure is UNAUTHENTICATED (a 401 the client answers by
// refreshing or signing in again), never a hint of which check failed.
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { type Principal, withProof } from "../principal.ts";
import { toPrincipal } from "../tokens.ts";
import { parseAccountId } from "./account.ts";
import type { OAuthProvider } from "./provider.ts";
import { MCP_SCOPES, mcpResourceUrl } from "./resource.ts";

const LAST_USED_EVERY_MS = 60_000;

/** API tokens start with bt_; anything else sent to /mcp is taken for an OAuth access token. */
export function isApiToken(token: string): boolean {
  return token.startsWith("bt_");
}

export async function authenticateAccessToken(
  provider: OAuthProvider,
  db: Kysely<DB>,
  publicUrl: string,
  token: string,
  now: Date,
): Promise<Principal> {
  const refuse = () => new BatonError("UNAUTHENTICATED", { reason: "invalid" });
  const at = await provider.AccessToken.find(token);
  if (!at || at.isExpired) throw refuse();
  const audience = Array.isArray(at.aud) ? at.aud : [at.aud];
  if (audience.length !== 1 || audience[0] !== mcpResourceUrl(publicUrl)) throw refuse();
  const account = parseAccountId(at.accountId);
  if (!account || typeof at.grantId !== "string") throw refuse();
  const row = await db
    .selectFrom("oauth_grants as g")
    .innerJoin("principals as p", (j) =>
      j.onRef("p.client_id", "=", "g.client_id").onRef("p.principal_id", "=", "g.principal_id"),
    )
    .select([
      "g.app_id",
      "g.last_used_at",
      "p.principal_id",
      "p.client_id",
      "p.kind",
      "p.display_name",
      "p.roles",
      "p.agent_id",
      "p.deactivated_at",
    ])
    .where("g.client_id", "=", account.clientId)
    .where("g.grant_id", "=", at.grantId)
    .where("g.principal_id", "=", account.principalId)
    .executeTakeFirst();
  if (row?.kind !== "person" || row.deactivated_at || row.app_id !== at.clientId) throw refuse();
  const last = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (now.getTime() - last >= LAST_USED_EVERY_MS) {
    await db
      .updateTable("oauth_grants")
      .set({ last_used_at: now })
      .where("client_id", "=", account.clientId)
      .where("grant_id", "=", at.grantId)
      .execute();
  }
  const scopes = String(at.scope ?? "")
    .split(" ")
    .filter((s): s is (typeof MCP_SCOPES)[number] => (MCP_SCOPES as readonly string[]).includes(s));
  // the raw access token is the proof the plays rules ask for (issue 58): the database hashes it
  // and accepts the person only as the holder of this live token of their grant, with mcp:write (0475)
  return withProof({ ...toPrincipal(row), oauth: { appId: row.app_id, grantId: at.grantId, scopes } }, token);
}

/** Whether an OAuth principal's scopes allow a tool (mcp:write includes reading); others always may. */
export function scopeAllows(p: Principal, write: boolean): boolean {
  if (!p.oauth) return true;
  return p.oauth.scopes.includes("mcp:write") || (!write && p.oauth.scopes.includes("mcp:read"));
}

export function requireScope(p: Principal, tool: string, write: boolean): void {
  if (scopeAllows(p, write)) return;
  throw new BatonError("OAUTH_SCOPE_MISSING", {
    tool,
    granted: p.oauth?.scopes.join(" ") ?? "",
    required: write ? "mcp:write" : "mcp:read",
  });
}
