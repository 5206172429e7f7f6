// Kysely row types for the tables this module's own migrations add (see src/db/database.ts).
// biome-ignore lint/suspicious/noEmptyInterface: filled in as the module adds tables
export interface EngineTables {}
