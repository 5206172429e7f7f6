// The record of truth for contacts and deals (spec 002: Attio). Two implementations: the built-in
// one (Baton's own tables, the default) and Attio over its REST API v2. Writes go through an
// outbox (enqueued in the engine's transaction) so a failed CRM write is retried and never blocks
// or loses the touch.
import type { ChannelName } from "../channels/contract.ts";

export interface CrmContact {
  contactId: string;
  externalId: string | null;
  fullName: string;
  email: string | null;
  company: string | null;
  /** The CRM's record of the contact's company, when the adapter keeps companies (upsertCompany). */
  externalCompanyId?: string | null;
  /** More of what Baton knows, for a CRM that requires it on create (HubSpot's strict portals) */
  title?: string | null;
  phone?: string | null;
  crmOwnerId?: string | null;
  lifecycleStage?: string | null;
}

export interface CrmActivity {
  externalContactId: string;
  channel: ChannelName;
  contentType: string;
  occurredAt: Date;
  note: string;
}

/**
 * A change made in the CRM, read back into Baton (issue 41 item 1; src/crm/apply-crm-changes.ts).
 * The contact is named by the CRM's own record id, never by an email address.
 */
export type CrmChange = {
  externalContactId: string;
  kind:
    | "opted_out"
    | "owner_changed"
    | "lifecycle_changed"
    | "title_changed"
    | "deal_stage_changed"
    | "deleted"
    | "company_changed"
    | "company_unconfirmed";
  /**
   * owner_changed: the CRM's owner id; lifecycle_changed and deal_stage_changed: the stage as the
   * CRM names it; title_changed: the job title; company_changed: the new company's domain (a job
   * change the CRM's own history proves, issue 69 item 3); company_unconfirmed: the company as the
   * CRM names it now (a difference nothing proves is a move: a person decides)
   */
  value?: string;
  /** company_changed: the person's address at the new company; company_*: the company's name */
  email?: string;
  company?: string;
  /** deal_stage_changed: the CRM's deal (opportunity) id */
  dealId?: string;
  /**
   * The CRM's own id of the change (a field history row's id, a property version's timestamp):
   * with the CRM's name, the dedup key of the signal it becomes. Absent: the record, kind, value
   * and time stand in for it.
   */
  changeId?: string;
  /**
   * A change the CRM pushed without its id (a HubSpot webhook's property change): it updates the
   * contact at once, but its signal is left to the poll, which names the change by its version, so
   * a change heard both ways counts once (issue 69).
   */
  unnamed?: true;
  /**
   * Owner, lifecycle and title read with their history: the value the change replaced, when the
   * change is one of this poll's window (its version is not older than the cursor). Set, the change
   * is a signal even when a webhook already wrote the value.
   */
  replaced?: string | null;
  occurredAt: Date;
};

export type DealStage = "enrolled" | "engaged" | "meeting" | "proposal" | "won" | "lost";

/** The person who owns a deal (src/crm/deal-owner.ts); the CRM names its own user by this email. */
export interface DealOwner {
  email: string;
  name: string;
  /** Their user id in the CRM (principals.crm_user_id; HubSpot's hubspot_owner_id), when set */
  crmUserId?: string | null;
}

/** A deal to create in the CRM, for a contact it already knows. */
export interface NewDeal {
  externalContactId: string;
  name: string;
  stage: DealStage;
  /** Baton's enrollment: a key the CRM may keep to make a retried create find its deal */
  enrollmentId?: string;
  /** null: no person owns it; a CRM that requires an owner refuses (Attio) */
  owner?: DealOwner | null;
}

export interface CrmAdapter {
  readonly name: string;
  /** Create or update; returns the CRM's record id for the contact. */
  upsertContact(clientId: string, c: CrmContact): Promise<{ externalId: string }>;
  logActivity(clientId: string, a: CrmActivity): Promise<void>;
  createDeal(clientId: string, d: NewDeal): Promise<{ dealId: string }>;
  updateDealStage(clientId: string, dealId: string, stage: DealStage): Promise<void>;
  closeDeal(clientId: string, dealId: string, outcome: "won" | "lost"): Promise<void>;
  /**
   * GDPR Art. 17 erasure (issue 15): delete the person's record in the CRM. Idempotent: a record
   * that is already gone is not an error. Optional for adapters that hold no personal data.
   */
  eraseContact?(clientId: string, externalId: string): Promise<void>;
  /**
   * Changes made in the CRM since `cursor` (null: from now on, or the adapter's own start), and the
   * cursor to give next time. Polled by src/crm/poll-crm-changes.ts; optional.
   */
  readChanges?(
    clientId: string,
    cursor: string | null,
  ): Promise<{ changes: CrmChange[]; cursor: string | null }>;
  /** The account as a CRM company record, when the CRM keeps companies apart from people. */
  upsertCompany?(
    clientId: string,
    c: { accountId: string; name: string; domain: string | null; externalId: string | null },
  ): Promise<{ externalId: string }>;
}

/** What the engine enqueues; the outbox drainer turns it into adapter calls. */
export type CrmWrite =
  | { op: "upsert_contact"; contactId: string }
  | {
      op: "log_activity";
      contactId: string;
      channel: ChannelName;
      contentType: string;
      occurredAt: string;
      note: string;
    }
  | { op: "create_deal"; contactId: string; enrollmentId: string; name: string }
  | { op: "update_deal_stage"; enrollmentId: string; stage: DealStage }
  | { op: "close_deal"; enrollmentId: string; outcome: "won" | "lost" }
  /** erasure: the CRM record id only (the person's data is already gone from Baton) */
  | { op: "erase_contact"; contactId: string; externalId: string | null };
