// Kysely row types for the sign-in tables (migration 0115, see src/db/database.ts).
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type SignInMethod = "oidc" | "email_link" | "demo";

export interface SessionsTable {
  session_id: Generated<string>;
  client_id: string;
  principal_id: string;
  id_hash: string;
  csrf_token: string;
  method: SignInMethod;
  created_at: Ts;
  last_seen_at: Ts;
  expires_at: Ts;
  revoked_at: TsNull;
  ip: string | null;
  user_agent: string | null;
}

export interface IdpSettingsTable {
  client_id: string;
  issuer: string;
  oidc_client_id: string;
  oidc_client_secret: string | null;
  allowed_domains: ColumnType<string[], string[] | undefined, string[]>;
  role_claim: Generated<string>;
  role_map: ColumnType<Record<string, string[]>, string | undefined, string>;
  scopes: Generated<string>;
  updated_at: Ts;
  updated_by: string | null;
}

export interface OidcSignInStatesTable {
  client_id: string;
  state_hash: string;
  code_verifier: string;
  nonce: string;
  created_at: Ts;
  expires_at: Ts;
}

export interface EmailSignInLinksTable {
  client_id: string;
  link_id: Generated<string>;
  principal_id: string;
  code_hash: string;
  created_at: Ts;
  expires_at: Ts;
  used_at: TsNull;
}

export interface SignInThrottleTable {
  bucket: string;
  window_start: Ts;
  attempts: Generated<number>;
}

export interface SignInTables {
  sessions: SessionsTable;
  idp_settings: IdpSettingsTable;
  oidc_sign_in_states: OidcSignInStatesTable;
  email_sign_in_links: EmailSignInLinksTable;
  sign_in_throttle: SignInThrottleTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../../db/database.ts" {
  interface DB extends SignInTables {}
}
