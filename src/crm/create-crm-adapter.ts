// The CRM adapter from config: Attio when ATTIO_API_KEY is set (read back from the linked people), else HubSpot when HUBSPOT_CLIENT_ID
// is set (each tenant connects its own portal over OAuth2), else Salesforce when SALESFORCE_CLIENT_ID
// is set, otherwise the built-in one.
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { AttioCrm } from "./attio-crm.ts";
import { BuiltinCrm } from "./builtin-crm.ts";
import type { CrmAdapter } from "./crm-adapter.ts";
import { HubSpotCrm } from "./hubspot-crm.ts";
import { SalesforceCrm } from "./salesforce-crm.ts";
import { salesforceOAuthProvider, storedSalesforceSessions } from "./salesforce-oauth.ts";

export type CrmAdapterConfig = Pick<Config, "attio" | "hubspot" | "secret"> &
  Partial<Pick<Config, "salesforce">>;

export function createCrmAdapter(db: Kysely<DB>, config: CrmAdapterConfig): CrmAdapter {
  if (config.attio) return new AttioCrm(config.attio, undefined, undefined, { db });
  if (config.hubspot) return new HubSpotCrm(db, config.secret, config.hubspot);
  if (config.salesforce) {
    const sf = config.salesforce;
    const sessions = storedSalesforceSessions(db, config.secret, salesforceOAuthProvider(sf));
    return new SalesforceCrm(sessions, { apiVersion: sf.apiVersion, lifecycleField: sf.lifecycleField });
  }
  return new BuiltinCrm(db);
}
