// Salesforce over its REST API (issue 41: a record of truth beside Attio and the built-in CRM).
// Mapping (docs/adapters.md "Salesforce"):
//   contact  → a Contact, matched only by its Salesforce Id (the link Baton stored when it created
//              it, or contacts.external_id from an import), never by email: PATCH
//              /sobjects/Contact/{Id} when known, else POST; AccountId from the company's link.
//   company  → an Account (Name, Website), linked by id (crm_links kind 'company'), PATCHed after.
//   activity → a completed Task on the contact (WhoId), TaskSubtype Email or Task.
//   deal     → an Opportunity on the contact's Account (an Account in the person's name when the
//              contact has none), StageName from spec 002's stages, CloseDate (Salesforce requires
//              one), linked to the contact by a primary OpportunityContactRole.
//   erasure  → DELETE /sobjects/Contact/{Id} (Salesforce deletes its Tasks and contact roles with
//              it); 404 NOT_FOUND means it is already gone.
//   read back → readChanges polls Contacts by SystemModstamp and the deleted-records feed
//              (salesforce-changes.ts): Salesforce's REST API has no signed webhooks.
import { CrmWriteError } from "./builtin-crm.ts";
import type { CrmActivity, CrmAdapter, CrmContact, DealStage } from "./crm-adapter.ts";
import { readSalesforceChanges } from "./salesforce-changes.ts";
import { SalesforceRest, type SalesforceSessions } from "./salesforce-rest.ts";
import { isSalesforceId } from "./salesforce-soql.ts";

/** Baton's deal stages → the Opportunity stages of a new Salesforce org. */
export const DEFAULT_SALESFORCE_STAGES: Record<DealStage, string> = {
  enrolled: "Prospecting",
  engaged: "Qualification",
  meeting: "Needs Analysis",
  proposal: "Proposal/Price Quote",
  won: "Closed Won",
  lost: "Closed Lost",
};

/** An open Opportunity's expected close date, which Salesforce requires: this far ahead. */
const CLOSE_DATE_AHEAD_DAYS = 90;

export interface SalesforceCrmOptions {
  apiVersion: string;
  /** A Contact field read back as the lifecycle stage (e.g. a custom Lifecycle_Stage__c); none by default. */
  lifecycleField?: string;
  stages?: Record<DealStage, string>;
  now?: () => Date;
}

interface Created {
  id: string;
  success: boolean;
  errors: unknown[];
}

function nameParts(full: string): { FirstName?: string; LastName: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  // LastName is required; a one-word name is all last name
  if (parts.length < 2) return { LastName: parts[0] || "(unknown)" };
  return { FirstName: parts[0], LastName: parts.slice(1).join(" ") };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export class SalesforceCrm implements CrmAdapter {
  readonly name = "salesforce";
  readonly rest: SalesforceRest;
  private readonly stages: Record<DealStage, string>;
  private readonly now: () => Date;

  constructor(
    sessions: SalesforceSessions,
    private readonly options: SalesforceCrmOptions,
  ) {
    this.rest = new SalesforceRest(sessions, options.apiVersion);
    this.stages = options.stages ?? DEFAULT_SALESFORCE_STAGES;
    this.now = options.now ?? (() => new Date());
  }

  async upsertContact(clientId: string, c: CrmContact): Promise<{ externalId: string }> {
    const values: Record<string, unknown> = { ...nameParts(c.fullName), Email: c.email };
    if (c.externalCompanyId) values.AccountId = this.id(c.externalCompanyId);
    // an id from an import that is not a Salesforce Id names no record here: create one
    if (c.externalId && isSalesforceId(c.externalId)) {
      await this.rest.call(clientId, "PATCH", `/sobjects/Contact/${c.externalId}`, values);
      return { externalId: c.externalId };
    }
    if (c.company && !values.AccountId)
      values.AccountId = await this.createAccount(clientId, c.company, null);
    const created = await this.rest.call<Created>(clientId, "POST", "/sobjects/Contact", values);
    return { externalId: created.id };
  }

  /** A company as an Account (Name, Website from the domain), PATCHed by its Id once linked. */
  async upsertCompany(
    clientId: string,
    company: { accountId: string; name: string; domain: string | null; externalId: string | null },
  ): Promise<{ externalId: string }> {
    if (company.externalId && isSalesforceId(company.externalId)) {
      await this.rest.call(clientId, "PATCH", `/sobjects/Account/${company.externalId}`, {
        Name: company.name.slice(0, 255),
        ...(company.domain ? { Website: company.domain } : {}),
      });
      return { externalId: company.externalId };
    }
    return { externalId: await this.createAccount(clientId, company.name, company.domain) };
  }

  async logActivity(clientId: string, a: CrmActivity): Promise<void> {
    await this.rest.call(clientId, "POST", "/sobjects/Task", {
      WhoId: this.id(a.externalContactId),
      Subject: `Baton ${a.channel} touch: ${a.contentType}`.slice(0, 255),
      Status: "Completed",
      ActivityDate: day(a.occurredAt),
      TaskSubtype: a.channel === "email" ? "Email" : "Task",
      Description: a.note,
    });
  }

  async createDeal(
    clientId: string,
    d: { externalContactId: string; name: string; stage: DealStage },
  ): Promise<{ dealId: string }> {
    const contactId = this.id(d.externalContactId);
    const opportunity = await this.rest.call<Created>(clientId, "POST", "/sobjects/Opportunity", {
      Name: d.name.slice(0, 120),
      StageName: this.stages[d.stage],
      CloseDate: day(new Date(this.now().getTime() + CLOSE_DATE_AHEAD_DAYS * 86_400_000)),
      AccountId: await this.accountOf(clientId, contactId),
    });
    await this.rest.call(clientId, "POST", "/sobjects/OpportunityContactRole", {
      OpportunityId: opportunity.id,
      ContactId: contactId,
      IsPrimary: true,
    });
    return { dealId: opportunity.id };
  }

  async updateDealStage(clientId: string, dealId: string, stage: DealStage): Promise<void> {
    const closing = stage === "won" || stage === "lost";
    await this.rest.call(clientId, "PATCH", `/sobjects/Opportunity/${this.id(dealId)}`, {
      StageName: this.stages[stage],
      // a closed Opportunity's CloseDate is the day it closed
      ...(closing ? { CloseDate: day(this.now()) } : {}),
    });
  }

  async closeDeal(clientId: string, dealId: string, outcome: "won" | "lost"): Promise<void> {
    await this.updateDealStage(clientId, dealId, outcome);
  }

  async eraseContact(clientId: string, externalId: string): Promise<void> {
    try {
      await this.rest.call(clientId, "DELETE", `/sobjects/Contact/${this.id(externalId)}`);
    } catch (e) {
      if (e instanceof CrmWriteError && e.status === 404) return;
      throw e;
    }
  }

  readChanges(clientId: string, cursor: string | null) {
    return readSalesforceChanges(this.rest, clientId, cursor, {
      now: this.now(),
      lifecycleField: this.options.lifecycleField,
    });
  }

  /** The contact's Account; a contact without one (no company) gets one in its own name, as an
   *  Opportunity belongs to an Account. */
  private async accountOf(clientId: string, contactId: string): Promise<string> {
    const c = await this.rest.call<{ AccountId: string | null; FirstName: string | null; LastName: string }>(
      clientId,
      "GET",
      `/sobjects/Contact/${contactId}?fields=AccountId,FirstName,LastName`,
    );
    if (c.AccountId) return c.AccountId;
    const name = [c.FirstName, c.LastName].filter(Boolean).join(" ");
    const accountId = await this.createAccount(clientId, name, null);
    await this.rest.call(clientId, "PATCH", `/sobjects/Contact/${contactId}`, { AccountId: accountId });
    return accountId;
  }

  private async createAccount(clientId: string, name: string, domain: string | null): Promise<string> {
    const created = await this.rest.call<Created>(clientId, "POST", "/sobjects/Account", {
      Name: name.slice(0, 255),
      ...(domain ? { Website: domain } : {}),
    });
    return created.id;
  }

  /** Ids go into URL paths: only a well-formed Salesforce Id is accepted. */
  private id(id: string): string {
    if (!isSalesforceId(id)) throw new CrmWriteError(`'${id.slice(0, 40)}' is not a Salesforce Id`, true);
    return id;
  }
}
