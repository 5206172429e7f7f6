// Kysely row types for the tables this module's own migrations add (see src/db/database.ts).
// biome-ignore lint/suspicious/noEmptyInterface: filled in as the module adds tables
export interface DraftingTables {}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends DraftingTables {}
}
