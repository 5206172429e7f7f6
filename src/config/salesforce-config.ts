// Salesforce as the CRM (docs/adapters.md "Salesforce"): the Connected App's SALESFORCE_* variables
// and the REST API version, read and checked for loadConfig (config.ts).
import { ConfigError } from "./config-error.ts";

export interface SalesforceConfig {
  clientId: string;
  clientSecret: string;
  loginUrl: string;
  apiVersion: string;
  lifecycleField?: string;
}

/**
 * Salesforce's current REST API version, Winter '27 (its API end-of-life table: 31.0 through 68.0
 * supported; 21.0 through 30.0 retired since Summer '25, answered 410 GONE). Raise it each release.
 */
export const SALESFORCE_API_VERSION = "68.0";
/** The oldest version Salesforce still serves. */
export const SALESFORCE_OLDEST_API_VERSION = 31;

/** SALESFORCE_API_VERSION's value checked: "NN.0", not retired; undefined: the current version. */
export function salesforceApiVersion(raw: string | undefined): string {
  const apiVersion = raw?.trim() || SALESFORCE_API_VERSION;
  if (!/^\d{2,3}\.0$/.test(apiVersion))
    throw new ConfigError(
      `SALESFORCE_API_VERSION must look like ${SALESFORCE_API_VERSION} (a major version and ".0", no "v"); got "${apiVersion}"`,
    );
  if (Number(apiVersion) < SALESFORCE_OLDEST_API_VERSION)
    throw new ConfigError(
      `SALESFORCE_API_VERSION ${apiVersion} is retired: Salesforce answers 410 GONE below ${SALESFORCE_OLDEST_API_VERSION}.0; ` +
        `leave it unset for the current version (${SALESFORCE_API_VERSION})`,
    );
  return apiVersion;
}

export function salesforceConfig(env: NodeJS.ProcessEnv): SalesforceConfig | undefined {
  if (!env.SALESFORCE_CLIENT_ID) return undefined;
  const apiVersion = salesforceApiVersion(env.SALESFORCE_API_VERSION);
  const lifecycleField = env.SALESFORCE_LIFECYCLE_FIELD || undefined;
  // pasted into SOQL: an API name (Lifecycle_Stage__c) and nothing else
  if (lifecycleField && !/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(lifecycleField))
    throw new ConfigError(`SALESFORCE_LIFECYCLE_FIELD must be a field's API name; got "${lifecycleField}"`);
  return {
    clientId: env.SALESFORCE_CLIENT_ID,
    clientSecret: env.SALESFORCE_CLIENT_SECRET || "",
    loginUrl: (env.SALESFORCE_LOGIN_URL || "https://login.salesforce.com").replace(/\/$/, ""),
    apiVersion,
    lifecycleField,
  };
}
