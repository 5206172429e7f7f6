// Row type of the books' setting (db/migrations/0460_books.sql).
import type { ColumnType } from "kysely";

export const BOOK_SCOPES = ["tenant", "team", "own"] as const;
export type BookScope = (typeof BOOK_SCOPES)[number];

export interface BookSettingsTable {
  client_id: string;
  scope: BookScope;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by: string | null;
}

export interface BooksTables {
  book_settings: BookSettingsTable;
}

// its table in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends BooksTables {}
}
