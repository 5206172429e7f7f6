// Row types of the OAuth authorization server's storage (db/migrations/0420_mcp_oauth.sql).
import type { ColumnType } from "kysely";

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OAuthRecordsTable {
  model: string;
  key_hash: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  uid_hash: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface OAuthGrantsTable {
  client_id: string;
  grant_id: string;
  app_id: string;
  principal_id: string;
  scopes: string[];
  payload: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_used_at: Stamp | null;
}

export interface OAuthTokensTable {
  client_id: string;
  token_hash: string;
  model: "AuthorizationCode" | "AccessToken" | "RefreshToken";
  grant_id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Date | null;
  consumed_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Every access token issued, kept (0476): written by baton_store_access_token only. */
export interface OAuthAccessTokenIssuesTable {
  client_id: string;
  token_hash: string;
  grant_id: string;
  principal_id: string;
  app_id: string;
  scopes: string[];
  issued_at: ColumnType<Date, never, never>;
  expires_at: ColumnType<Date, never, never>;
}

export interface OAuthTables {
  oauth_access_token_issues: OAuthAccessTokenIssuesTable;
  oauth_records: OAuthRecordsTable;
  oauth_grants: OAuthGrantsTable;
  oauth_tokens: OAuthTokensTable;
}

declare module "../../db/database.ts" {
  interface DB extends OAuthTables {}
}
