// HubSpot as the CRM of record, over its CRM objects REST API with each tenant's OAuth2 tokens
// (issue 41 item 1; docs/adapters.md "HubSpot"). Objects are reached by HubSpot's date-versioned
// paths, /crm/objects/{HUBSPOT_API_VERSION}/{type} (issue 58: HubSpot's API reference, "Legacy API
// reference": the numeric /crm/v3 paths "will be deprecated", new integrations use the date
// version; the 2026-09 release is current). Associations are on their dated path too, POST
// /crm/associations/{version}/{from}/{to}/batch/create (HubSpot retires /crm/v4 in September 2027):
// a 207 answer's errors are the write's failure. Mapping:
//   contact  → …/contacts: PATCHed by the stored HubSpot id (crm_links, else the
//              imported contacts.external_id), else created. HubSpot refuses a second contact with
//              the same address (409, naming the existing id): that record is adopted only when its
//              name is the person's too, never on the address alone; otherwise the write is dead-
//              lettered with the id, for a person to link or fix.
//   company  → …/companies (name, domain), associated to the contact (type 279).
//   activity → an email engagement (…/emails, type 198) for an email touch, a note (…/notes,
//              type 202) for a LinkedIn one, associated to the contact.
//   deal     → …/deals in the default pipeline, associated to the contact (type 3), owned by
//              hubspot_owner_id: the CRM user id (principals.crm_user_id) of the person who owns
//              the deal in Baton (deal-owner.ts), when one is set; stage changes PATCH dealstage
//              (DEFAULT_HUBSPOT_STAGES), close sets closedwon/lost.
//   erasure  → DELETE …/contacts/{id}; a 404 means it is already gone.
// Strict portals (hubspot-required-properties.ts): a create fills the properties the portal
// requires or is a dead letter naming them; an update never sends one of them blank.
// Errors: 429 (with Retry-After), 408 and 5xx are transient (the outbox retries, not before
// Retry-After); a 401 refreshes the token once; other 4xx are permanent.
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { splitName } from "./attio-crm.ts";
import { CrmWriteError } from "./builtin-crm.ts";
import type {
  CrmActivity,
  CrmAdapter,
  CrmChange,
  CrmContact,
  DealOwner,
  DealStage,
  NewDeal,
} from "./crm-adapter.ts";
import { accessTokenFor, refreshRejectedToken } from "./crm-oauth.ts";
import { hubspotOAuthProvider } from "./crm-oauth-providers.ts";
import { readHubSpotChanges } from "./hubspot-changes.ts";
import {
  type BatonValues,
  HubSpotRequiredProperties,
  type RequiredHints,
  requiredRefusal,
} from "./hubspot-required-properties.ts";
import { retryAfterMs } from "./outbox-backoff.ts";

/** The date version of HubSpot's CRM objects API Baton calls (/crm/objects/{version}/…). */
export const HUBSPOT_API_VERSION = "2026-09";

export type HubSpotConfig = NonNullable<Config["hubspot"]>;

/** Baton's deal stages → the internal ids of the stages of HubSpot's default sales pipeline. */
export const DEFAULT_HUBSPOT_STAGES: Record<DealStage, string> = {
  enrolled: "appointmentscheduled",
  engaged: "qualifiedtobuy",
  meeting: "presentationscheduled",
  proposal: "contractsent",
  won: "closedwon",
  lost: "closedlost",
};

/** HubSpot-defined association type ids (CRM v4 associations reference). */
export const HUBSPOT_ASSOCIATIONS = {
  contactToCompany: 279,
  dealToContact: 3,
  emailToContact: 198,
  noteToContact: 202,
} as const;

interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
}

function assoc(id: string, typeId: number) {
  return { to: { id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId }] };
}

function names(full: string): { firstname: string; lastname: string } {
  const { first_name, last_name } = splitName(full);
  return { firstname: first_name, lastname: last_name };
}

/** A contact's values by HubSpot's default property names: what a strict portal may require. */
function contactValues(c: CrmContact): BatonValues {
  return {
    ...names(c.fullName),
    email: c.email,
    company: c.company,
    jobtitle: c.title,
    phone: c.phone,
    hubspot_owner_id: c.crmOwnerId,
    lifecyclestage: c.lifecycleStage,
  };
}

/** What a person does in Baton so a deal has its hubspot_owner_id, when a portal requires it. */
function dealOwnerHint(owner: DealOwner | null | undefined, enrollmentId: string | undefined): RequiredHints {
  const hubspot_owner_id = owner
    ? `set the HubSpot owner id of the deal's owner in Baton, ${owner.email}, as their CRM user id ` +
      "(Admin › People, PUT /api/v1/admin/people/{id}/crm-user)"
    : `no person owns enrollment ${enrollmentId ?? "(unknown)"} in Baton: set the contact's owner ` +
      "(a person whose CRM user id is their HubSpot owner id)";
  return { hubspot_owner_id };
}

export class HubSpotCrm implements CrmAdapter {
  readonly name = "hubspot";
  private readonly apiUrl: string;
  /** The portal's required properties on create (strict portals, 2026-09) */
  private readonly required: HubSpotRequiredProperties;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly secret: string,
    private readonly config: HubSpotConfig,
    private readonly opts: {
      stages?: Record<DealStage, string>;
      fetchImpl?: typeof fetch;
      now?: () => Date;
      timeoutMs?: number;
      /** the date version of the objects API (default HUBSPOT_API_VERSION) */
      apiVersion?: string;
    } = {},
  ) {
    this.apiUrl = config.apiUrl.replace(/\/$/, "");
    this.required = new HubSpotRequiredProperties(
      (id, m, p, b) => this.call(id, m, p, b),
      opts.apiVersion ?? HUBSPOT_API_VERSION,
      () => this.now(),
    );
  }

  /** An object path: /crm/objects/{version}/{rest}. */
  private obj(rest: string): string {
    return `/crm/objects/${this.opts.apiVersion ?? HUBSPOT_API_VERSION}/${rest}`;
  }

  private get stages() {
    return this.opts.stages ?? DEFAULT_HUBSPOT_STAGES;
  }

  async upsertContact(clientId: string, c: CrmContact): Promise<{ externalId: string }> {
    const properties: Record<string, string> = { ...names(c.fullName) };
    if (c.email) properties.email = c.email;
    if (c.company) properties.company = c.company;
    const values = contactValues(c);
    if (c.externalId) {
      try {
        await this.call(clientId, "PATCH", this.obj(`contacts/${encodeURIComponent(c.externalId)}`), {
          properties: await this.required.forUpdate(clientId, "contacts", properties),
        });
      } catch (e) {
        throw requiredRefusal(e, "contacts", values, "update");
      }
      if (c.externalCompanyId) await this.associateCompany(clientId, c.externalId, c.externalCompanyId);
      return { externalId: c.externalId };
    }
    try {
      const created = await this.call<HubSpotObject>(clientId, "POST", this.obj("contacts"), {
        properties: await this.required.fill(clientId, "contacts", properties, values),
        associations: c.externalCompanyId
          ? [assoc(c.externalCompanyId, HUBSPOT_ASSOCIATIONS.contactToCompany)]
          : [],
      });
      return { externalId: created.id };
    } catch (e) {
      const existing = e instanceof CrmWriteError && e.status === 409 && /Existing ID: (\d+)/.exec(e.message);
      if (!existing) throw requiredRefusal(e, "contacts", values);
      return this.adoptExisting(clientId, existing[1], c);
    }
  }

  /** HubSpot holds a contact at this address: the same person only if the name matches too. */
  private async adoptExisting(clientId: string, id: string, c: CrmContact): Promise<{ externalId: string }> {
    const found = await this.call<HubSpotObject>(
      clientId,
      "GET",
      this.obj(`contacts/${encodeURIComponent(id)}?properties=firstname,lastname`),
    );
    const norm = (s: string | null | undefined) => (s ?? "").trim().toLowerCase().replace(/\s+/g, " ");
    const theirs = norm(`${found.properties.firstname ?? ""} ${found.properties.lastname ?? ""}`);
    if (theirs !== norm(c.fullName))
      throw new CrmWriteError(
        `HubSpot contact ${id} has this address under another name; Baton links records by id, not by address alone: set the contact's external_id to ${id} if it is the same person`,
        true,
        409,
      );
    return this.upsertContact(clientId, { ...c, externalId: id });
  }

  /** The contact's company association, by the dated associations API (HUBSPOT_DEFINED 279). */
  private async associateCompany(clientId: string, contactId: string, companyId: string) {
    const version = this.opts.apiVersion ?? HUBSPOT_API_VERSION;
    const answer = await this.call<{ errors?: Array<{ category?: string; message?: string }> }>(
      clientId,
      "POST",
      `/crm/associations/${version}/contacts/companies/batch/create`,
      { inputs: [{ from: { id: contactId }, ...assoc(companyId, HUBSPOT_ASSOCIATIONS.contactToCompany) }] },
    );
    const error = answer?.errors?.[0];
    if (error)
      throw new CrmWriteError(
        `HubSpot association of contact ${contactId} to company ${companyId}: ${error.category ?? "error"}: ${error.message ?? ""}`,
        true,
        207,
      );
  }

  async upsertCompany(
    clientId: string,
    c: { accountId: string; name: string; domain: string | null; externalId: string | null },
  ): Promise<{ externalId: string }> {
    const properties: Record<string, string> = { name: c.name };
    if (c.domain) properties.domain = c.domain;
    const values: BatonValues = { name: c.name, domain: c.domain };
    if (c.externalId) {
      try {
        await this.call(clientId, "PATCH", this.obj(`companies/${encodeURIComponent(c.externalId)}`), {
          properties: await this.required.forUpdate(clientId, "companies", properties),
        });
        return { externalId: c.externalId };
      } catch (e) {
        // a company deleted in HubSpot is made again (a company is no person's data)
        if (!(e instanceof CrmWriteError && e.status === 404))
          throw requiredRefusal(e, "companies", values, "update");
      }
    }
    try {
      const created = await this.call<HubSpotObject>(clientId, "POST", this.obj("companies"), {
        properties: await this.required.fill(clientId, "companies", properties, values),
      });
      return { externalId: created.id };
    } catch (e) {
      throw requiredRefusal(e, "companies", values);
    }
  }

  async logActivity(clientId: string, a: CrmActivity): Promise<void> {
    const hs_timestamp = a.occurredAt.toISOString();
    if (a.channel === "email") {
      await this.call(clientId, "POST", this.obj("emails"), {
        properties: {
          hs_timestamp,
          hs_email_direction: "EMAIL",
          hs_email_status: "SENT",
          hs_email_subject: `Baton email touch: ${a.contentType}`,
          hs_email_text: a.note,
        },
        associations: [assoc(a.externalContactId, HUBSPOT_ASSOCIATIONS.emailToContact)],
      });
      return;
    }
    await this.call(clientId, "POST", this.obj("notes"), {
      properties: { hs_timestamp, hs_note_body: `Baton ${a.channel} touch (${a.contentType}): ${a.note}` },
      associations: [assoc(a.externalContactId, HUBSPOT_ASSOCIATIONS.noteToContact)],
    });
  }

  async createDeal(clientId: string, d: NewDeal): Promise<{ dealId: string }> {
    const properties: Record<string, string> = {
      dealname: d.name,
      pipeline: "default",
      dealstage: this.stages[d.stage],
    };
    // the deal's owner in HubSpot when the person who owns it in Baton carries their HubSpot owner
    // id (principals.crm_user_id, the id HubSpot's hubspot_owner_id holds); none is never guessed
    const ownerId = d.owner?.crmUserId?.trim();
    if (ownerId) properties.hubspot_owner_id = ownerId;
    const values: BatonValues = { ...properties, hubspot_owner_id: ownerId ?? null };
    const hints = dealOwnerHint(d.owner, d.enrollmentId);
    try {
      const deal = await this.call<HubSpotObject>(clientId, "POST", this.obj("deals"), {
        properties: await this.required.fill(clientId, "deals", properties, values, hints),
        associations: [assoc(d.externalContactId, HUBSPOT_ASSOCIATIONS.dealToContact)],
      });
      return { dealId: deal.id };
    } catch (e) {
      throw requiredRefusal(e, "deals", values, "create", hints);
    }
  }

  async updateDealStage(clientId: string, dealId: string, stage: DealStage): Promise<void> {
    const properties: Record<string, string> = { dealstage: this.stages[stage] };
    if (stage === "won" || stage === "lost") properties.closedate = this.now().toISOString();
    try {
      await this.call(clientId, "PATCH", this.obj(`deals/${encodeURIComponent(dealId)}`), {
        properties: await this.required.forUpdate(clientId, "deals", properties),
      });
    } catch (e) {
      // a conditional rule (a lost reason when the stage is closedlost) named in a clear dead letter
      throw requiredRefusal(e, "deals", properties, "update");
    }
  }

  async closeDeal(clientId: string, dealId: string, outcome: "won" | "lost"): Promise<void> {
    await this.updateDealStage(clientId, dealId, outcome);
  }

  async eraseContact(clientId: string, externalId: string): Promise<void> {
    try {
      await this.call(clientId, "DELETE", this.obj(`contacts/${encodeURIComponent(externalId)}`));
    } catch (e) {
      if (e instanceof CrmWriteError && e.status === 404) return;
      throw e;
    }
  }

  readChanges(
    clientId: string,
    cursor: string | null,
  ): Promise<{ changes: CrmChange[]; cursor: string | null }> {
    return readHubSpotChanges(
      (id, m, p, b) => this.call(id, m, p, b),
      clientId,
      cursor,
      this.obj("contacts"),
    );
  }

  private now() {
    return this.opts.now?.() ?? new Date();
  }

  private async call<T = unknown>(
    clientId: string,
    method: string,
    path: string,
    body?: unknown,
    refreshed = false,
  ): Promise<T> {
    const fetchImpl = this.opts.fetchImpl ?? fetch;
    const provider = hubspotOAuthProvider(this.config);
    const tokens = await accessTokenFor(this.db, this.secret, clientId, provider, fetchImpl, this.now());
    const where = `HubSpot ${method} ${path.split("?")[0]}`;
    let res: Response;
    try {
      res = await fetchImpl(`${this.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.accessToken}`,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 20_000),
      });
    } catch (e) {
      throw new CrmWriteError(`${where}: ${(e as Error).message}`, false);
    }
    if (res.status === 401 && !refreshed) {
      await res.body?.cancel();
      await refreshRejectedToken(
        this.db,
        this.secret,
        clientId,
        provider,
        tokens.accessToken,
        fetchImpl,
        this.now(),
      );
      return this.call<T>(clientId, method, path, body, true);
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = text.slice(0, 300);
      try {
        const j = JSON.parse(text);
        detail = `${j.category ?? j.errorType ?? j.status ?? "error"}: ${j.message ?? detail}`;
      } catch {}
      const transient = res.status === 429 || res.status === 408 || res.status >= 500;
      throw new CrmWriteError(
        `${where} → ${res.status} ${detail}`,
        !transient,
        res.status,
        retryAfterMs(res.headers.get("retry-after"), res.headers.get("date"), Date.now()),
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
}
