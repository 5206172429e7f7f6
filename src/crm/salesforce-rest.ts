// Salesforce REST API calls for one tenant's org: the versioned base under the token's
// instance_url (/services/data/vNN.N), the bearer token, one refresh-and-retry on a 401
// INVALID_SESSION_ID (Salesforce returns no expires_in: a token is good until it is refused),
// query paging by nextRecordsUrl, `composite` (several writes in one all-or-none transaction), and
// Salesforce's error arrays [{message, errorCode, fields}] turned into CrmWriteError: lock
// contention and 5xx are transient (the outbox backs off and retries), the rest permanent.
// REQUEST_LIMIT_EXCEEDED (403) is the org's API allowance for a rolling 24 hours being spent
// (Salesforce Developer Limits, "API Request Limits and Allocations"): no retry can succeed until
// calls made a day ago age out of the window, so it is a pause of the tenant's writes (CrmPaused),
// not an attempt of this one.
import { CrmWriteError } from "./builtin-crm.ts";
import { CrmPaused } from "./crm-paused.ts";

export interface SalesforceSession {
  accessToken: string;
  /** https://<my-domain>.my.salesforce.com, from the token answer. */
  instanceUrl: string;
  /** The user the token acts as (the identity URL's user id); null while not known (0720). */
  userId?: string | null;
}

/** Where the REST client gets a tenant's session; `renew` is called once after a 401 of `rejected`. */
export interface SalesforceSessions {
  current(clientId: string): Promise<SalesforceSession>;
  renew(clientId: string, rejectedAccessToken: string): Promise<SalesforceSession>;
}

export interface SfQueryPage<T> {
  totalSize: number;
  done: boolean;
  records: T[];
  nextRecordsUrl?: string;
}

/** How long the writes of a tenant whose daily API allowance is spent wait before trying again. */
export const SALESFORCE_LIMIT_PAUSE_MS = 60 * 60_000;

const TRANSIENT_CODES = new Set([
  "UNABLE_TO_LOCK_ROW",
  "SERVER_UNAVAILABLE",
  "QUERY_TIMEOUT",
  "TXN_SECURITY_METERING_ERROR",
]);

/** The first error of a Salesforce error array (or an OAuth error object), for messages and retries. */
export function salesforceErrorOf(text: string): { errorCode: string; message: string; fields: string[] } {
  try {
    const j = JSON.parse(text);
    const e = Array.isArray(j) ? j[0] : j;
    if (e && typeof e === "object")
      return {
        errorCode: String(e.errorCode ?? e.error ?? "UNKNOWN"),
        message: String(e.message ?? e.error_description ?? ""),
        fields: Array.isArray(e.fields) ? e.fields.map(String) : [],
      };
  } catch {}
  return { errorCode: "UNKNOWN", message: text.slice(0, 300), fields: [] };
}

export function isTransientSalesforceError(status: number, errorCode: string): boolean {
  return TRANSIENT_CODES.has(errorCode) || status === 408 || status === 429 || status >= 500;
}

function errorOf(
  where: string,
  status: number,
  e: { errorCode: string; message: string; fields: string[] },
): CrmWriteError {
  const fields = e.fields.length ? ` (${e.fields.join(", ")})` : "";
  const message = `${where} → ${status} ${e.errorCode}: ${e.message}${fields}`;
  if (e.errorCode === "REQUEST_LIMIT_EXCEEDED")
    return new CrmPaused(
      `${message} (the org's 24-hour API allowance is spent: this tenant's CRM writes wait an hour, then try again)`,
      SALESFORCE_LIMIT_PAUSE_MS,
      status,
    );
  return new CrmWriteError(message, !isTransientSalesforceError(status, e.errorCode), status);
}

export class SalesforceRest {
  constructor(
    private readonly sessions: SalesforceSessions,
    private readonly apiVersion: string,
    private readonly timeoutMs = 20_000,
  ) {}

  /** A call under /services/data/vNN.N (`path` like "/sobjects/Contact"), or a full
   *  /services/data/… path as Salesforce hands back in nextRecordsUrl. 204 → undefined. */
  async call<T = unknown>(clientId: string, method: string, path: string, body?: unknown): Promise<T> {
    let session = await this.sessions.current(clientId);
    let res = await this.send(session, method, path, body);
    if (res.status === 401) {
      // the token was revoked or timed out: one refresh, one retry
      session = await this.sessions.renew(clientId, session.accessToken);
      res = await this.send(session, method, path, body);
    }
    const text = await res.text();
    if (!res.ok)
      throw errorOf(`Salesforce ${method} ${path.split("?")[0]}`, res.status, salesforceErrorOf(text));
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Several writes as ONE transaction (the Composite resource with allOrNone: true): all are
   * applied or none, and a later subrequest names an earlier one's answer as @{referenceId.id}.
   * The answers by referenceId; the first real failure (not PROCESSING_HALTED) is thrown.
   */
  async composite(
    clientId: string,
    subrequests: Array<{ method: string; path: string; referenceId: string; body?: unknown }>,
  ): Promise<Map<string, any>> {
    const out = await this.call<{
      compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }>;
    }>(clientId, "POST", "/composite", {
      allOrNone: true,
      compositeRequest: subrequests.map((r) => ({
        method: r.method,
        url: `/services/data/v${this.apiVersion}${r.path}`,
        referenceId: r.referenceId,
        ...(r.body === undefined ? {} : { body: r.body }),
      })),
    });
    const failed = out.compositeResponse.filter((r) => r.httpStatusCode >= 400);
    const cause =
      failed.find((r) => salesforceErrorOf(JSON.stringify(r.body)).errorCode !== "PROCESSING_HALTED") ??
      failed[0];
    if (cause) {
      const sub = subrequests.find((r) => r.referenceId === cause.referenceId);
      throw errorOf(
        `Salesforce composite ${sub?.method ?? ""} ${sub?.path.split("?")[0] ?? cause.referenceId} (rolled back)`,
        cause.httpStatusCode,
        salesforceErrorOf(JSON.stringify(cause.body)),
      );
    }
    return new Map(out.compositeResponse.map((r) => [r.referenceId, r.body]));
  }

  /** The Salesforce user this tenant's calls act as (Baton's own writes carry it), or null. */
  async userId(clientId: string): Promise<string | null> {
    return (await this.sessions.current(clientId)).userId ?? null;
  }

  /** Runs a SOQL query and follows nextRecordsUrl for at most `maxPages` batches. */
  async query<T>(clientId: string, soql: string, maxPages = 10): Promise<{ records: T[]; done: boolean }> {
    let page = await this.call<SfQueryPage<T>>(clientId, "GET", `/query?q=${encodeURIComponent(soql)}`);
    const records = [...page.records];
    for (let n = 1; !page.done && page.nextRecordsUrl && n < maxPages; n++) {
      page = await this.call<SfQueryPage<T>>(clientId, "GET", page.nextRecordsUrl);
      records.push(...page.records);
    }
    return { records, done: page.done };
  }

  private async send(session: SalesforceSession, method: string, path: string, body: unknown) {
    const base = session.instanceUrl.replace(/\/$/, "");
    const url = path.startsWith("/services/")
      ? `${base}${path}`
      : `${base}/services/data/v${this.apiVersion}${path}`;
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new CrmWriteError(`Salesforce ${method} ${path.split("?")[0]}: ${(e as Error).message}`, false);
    }
  }
}
