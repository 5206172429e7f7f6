// One DB type for Kysely: the core tables here, and each domain's own, which the domain adds from its
// tables.ts (`declare module "…/db/database.ts" { interface DB extends PlaysTables {} }`), as fastify's
// plugins decorate FastifyInstance. So src/db, the bottom floor, imports no domain (issue 59 item 3),
// and every query keeps one Kysely<DB> over the one schema: a domain's tables are in the type wherever
// tsc compiles src/ (tsconfig.json, tsconfig.build.json), as they are in the database wherever the
// migrations ran. Another domain's table stays a typed join, not a second Kysely view to keep in step.
import type { CoreTables } from "./core-tables.ts";

export interface DB extends CoreTables {
  baton_migrations: { name: string; applied_at: Date };
}
