// Salesforce over its REST API (issue 41: a record of truth beside Attio and the built-in CRM).
// Mapping (docs/adapters.md "Salesforce"):
//   contact  → a Contact, matched only by its Salesforce Id (the link Baton stored when it created
//              it, or contacts.external_id from an import), never by email: PATCH
//              /sobjects/Contact/{Id} when known, else an upsert by Baton's own id in the org's
//              External ID field (PATCH /sobjects/Contact/Baton_Id__c/{contact_id}, REST API
//              Developer Guide "Insert or Update (Upsert) a Record Using an External ID"): a retry
//              after a lost answer finds the Contact it created instead of creating a second one.
//              AccountId from the company's link.
//   company  → an Account (Name, Website), upserted by Baton's account id the same way, linked by
//              id (crm_links kind 'company'), PATCHed by Id after.
//   activity → a completed Task on the contact (WhoId), TaskSubtype Email or Task.
//   deal     → an Opportunity on the contact's Account (an Account in the person's name when the
//              contact has none), StageName from spec 002's stages, CloseDate (Salesforce requires
//              one), linked to the contact by a primary OpportunityContactRole: ONE composite
//              request with allOrNone (the Account, the Contact's AccountId, the Opportunity upserted
//              by the enrollment id, the role naming @{opportunity.id}), so no Opportunity is ever
//              left without its contact role; a retry first looks the Opportunity up by the
//              enrollment id and returns it.
//   erasure  → DELETE /sobjects/Contact/{Id} (Salesforce deletes its Tasks and contact roles with
//              it); 404 NOT_FOUND means it is already gone.
//   read back → readChanges polls Contacts by SystemModstamp and the deleted-records feed
//              (salesforce-changes.ts): Salesforce's REST API has no signed webhooks.
import { CrmWriteError } from "./builtin-crm.ts";
import type { CrmActivity, CrmAdapter, CrmContact, DealStage, NewDeal } from "./crm-adapter.ts";
import { readSalesforceChanges } from "./salesforce-changes.ts";
import { SalesforceRest, type SalesforceSessions } from "./salesforce-rest.ts";
import { isSalesforceId, soqlString } from "./salesforce-soql.ts";

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

/** The External ID field (unique, text) Baton keys its Contacts, Accounts and Opportunities by. */
export const DEFAULT_SALESFORCE_EXTERNAL_ID_FIELD = "Baton_Id__c";

export interface SalesforceCrmOptions {
  apiVersion: string;
  /** The External ID field on Contact, Account and Opportunity (default Baton_Id__c). */
  externalIdField?: string;
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
  private readonly extId: string;

  constructor(
    sessions: SalesforceSessions,
    private readonly options: SalesforceCrmOptions,
  ) {
    this.rest = new SalesforceRest(sessions, options.apiVersion);
    this.stages = options.stages ?? DEFAULT_SALESFORCE_STAGES;
    this.now = options.now ?? (() => new Date());
    this.extId = options.externalIdField ?? DEFAULT_SALESFORCE_EXTERNAL_ID_FIELD;
    if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(this.extId))
      throw new Error(`'${this.extId}' is not a custom External ID field name (Name__c)`);
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
      values.AccountId = await this.upsertAccount(clientId, `contact:${c.contactId}`, c.company, null);
    return { externalId: await this.upsert(clientId, "Contact", c.contactId, values) };
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
    return {
      externalId: await this.upsertAccount(clientId, company.accountId, company.name, company.domain),
    };
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

  async createDeal(clientId: string, d: NewDeal): Promise<{ dealId: string }> {
    const contactId = this.id(d.externalContactId);
    if (!d.enrollmentId)
      throw new CrmWriteError("a Salesforce deal is keyed by its enrollment id; none given", true);
    const key = this.keyPath("Opportunity", d.enrollmentId);
    // a try whose answer was lost may have committed: the Opportunity and its role came together
    const existing = await this.findByKey(clientId, key);
    if (existing) {
      await this.ensureContactRole(clientId, existing, contactId);
      return { dealId: existing };
    }
    const c = await this.rest.call<{ AccountId: string | null; FirstName: string | null; LastName: string }>(
      clientId,
      "GET",
      `/sobjects/Contact/${contactId}?fields=AccountId,FirstName,LastName`,
    );
    const steps: Array<{ method: string; path: string; referenceId: string; body?: unknown }> = [];
    let accountId = c.AccountId;
    if (!accountId) {
      // an Opportunity belongs to an Account: one in the person's name, given to the Contact too
      steps.push(
        {
          method: "PATCH",
          path: this.keyPath("Account", `contact:${contactId}`),
          referenceId: "account",
          body: { Name: [c.FirstName, c.LastName].filter(Boolean).join(" ").slice(0, 255) },
        },
        {
          method: "PATCH",
          path: `/sobjects/Contact/${contactId}`,
          referenceId: "contactAccount",
          body: { AccountId: "@{account.id}" },
        },
      );
      accountId = "@{account.id}";
    }
    steps.push(
      {
        method: "PATCH",
        path: key,
        referenceId: "opportunity",
        body: {
          Name: d.name.slice(0, 120),
          StageName: this.stages[d.stage],
          CloseDate: day(new Date(this.now().getTime() + CLOSE_DATE_AHEAD_DAYS * 86_400_000)),
          AccountId: accountId,
        },
      },
      {
        method: "POST",
        path: "/sobjects/OpportunityContactRole",
        referenceId: "role",
        body: { OpportunityId: "@{opportunity.id}", ContactId: contactId, IsPrimary: true },
      },
    );
    const answers = await this.rest.composite(clientId, steps);
    return { dealId: String(answers.get("opportunity")?.id) };
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

  /** Upsert by Baton's id in the External ID field; the record's Salesforce Id. */
  private async upsert(clientId: string, type: string, batonId: string, values: object): Promise<string> {
    try {
      const r = await this.rest.call<Created>(clientId, "PATCH", this.keyPath(type, batonId), values);
      return r.id;
    } catch (e) {
      throw this.explained(e);
    }
  }

  private upsertAccount(clientId: string, key: string, name: string, domain: string | null) {
    return this.upsert(clientId, "Account", key, {
      Name: name.slice(0, 255),
      ...(domain ? { Website: domain } : {}),
    });
  }

  private keyPath(type: string, batonId: string): string {
    return `/sobjects/${type}/${this.extId}/${encodeURIComponent(batonId)}`;
  }

  /** The record keyed by Baton's id, or null (404). */
  private async findByKey(clientId: string, path: string): Promise<string | null> {
    try {
      const r = await this.rest.call<{ Id: string }>(clientId, "GET", `${path}?fields=Id`);
      return r.Id;
    } catch (e) {
      if (e instanceof CrmWriteError && e.status === 404 && !/external ID field/i.test(e.message))
        return null;
      throw this.explained(e);
    }
  }

  private async ensureContactRole(clientId: string, opportunityId: string, contactId: string) {
    const { records } = await this.rest.query<{ Id: string }>(
      clientId,
      `SELECT Id FROM OpportunityContactRole WHERE OpportunityId = ${soqlString(opportunityId)} AND ContactId = ${soqlString(contactId)}`,
      1,
    );
    if (records.length === 0)
      await this.rest.call(clientId, "POST", "/sobjects/OpportunityContactRole", {
        OpportunityId: opportunityId,
        ContactId: contactId,
        IsPrimary: true,
      });
  }

  /** Salesforce's refusals that a person must act on, said with what to do. */
  private explained(e: unknown): unknown {
    if (!(e instanceof CrmWriteError)) return e;
    if (/external ID field does not exist/i.test(e.message))
      return new CrmWriteError(
        `${e.message}: create a unique External ID text field ${this.extId} on Contact, Account and Opportunity (docs/adapters.md "Salesforce"), then retry this write`,
        true,
        e.status,
      );
    if (/DUPLICATES_DETECTED/.test(e.message))
      return new CrmWriteError(
        `${e.message}: the org's duplicate rule found this person already in Salesforce; import the Contact's Id as the contact's external_id so Baton updates that record, then retry this write`,
        true,
        e.status,
      );
    return e;
  }

  /** Ids go into URL paths: only a well-formed Salesforce Id is accepted. */
  private id(id: string): string {
    if (!isSalesforceId(id)) throw new CrmWriteError(`'${id.slice(0, 40)}' is not a Salesforce Id`, true);
    return id;
  }
}
