// What a demo seeder is. Seeders live in their domain modules and import only this file from
// src/demo; the list of seeders is composed in src/demo/seeders.ts.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";

export interface SeedContext {
  db: Kysely<DB>;
  clientId: string;
  principals: Record<string, Principal>;
  now: Date;
}

/** Every seeder is idempotent (npm start runs them on every start). */
export type Seeder = (ctx: SeedContext) => Promise<void>;
