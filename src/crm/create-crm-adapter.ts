// The CRM adapter from config: Attio when ATTIO_API_KEY is set, otherwise the built-in one.
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { AttioCrm } from "./attio-crm.ts";
import { BuiltinCrm } from "./builtin-crm.ts";
import type { CrmAdapter } from "./crm-adapter.ts";

export function createCrmAdapter(db: Kysely<DB>, config: Pick<Config, "attio">): CrmAdapter {
  return config.attio ? new AttioCrm(config.attio) : new BuiltinCrm(db);
}
