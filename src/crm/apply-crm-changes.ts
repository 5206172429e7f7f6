// Changes made in a CRM of record, applied to Baton (issue 41 item 1; docs/adapters.md). The contact
// is found by the CRM's own record id: the link the outbox stored when it created or matched the
// record (crm_links), else contacts.external_id (an import that carried the CRM id). Never by
// email: two people can share an address in a CRM, and an address can change hands.
//   opted_out           → the coordinator's opt-out (flag, live enrollments ended, unsent touches
//                         cancelled, an 'opted_out' event) and the address on the suppression list,
//                         so gate 1 refuses every later touch, under this contact or a re-import;
//                         an opt-in made later in the CRM does not lift it (that is Baton's call)
//   owner_changed       → contacts.crm_owner_id (the CRM's user id), and the contact's Baton owner
//                         when a person of the workspace carries that CRM user id (issue 61)
//   lifecycle_changed   → contacts.crm_lifecycle_stage
//   title_changed       → contacts.title
//   deal_stage_changed  → nothing stored: the CRM keeps its deals; the signal says it, on the person
//                         the change names (Salesforce's contact roles, Attio's associated people),
//                         else on the person of the enrollment whose deal it is (HubSpot)
//   company_changed     → a job change (src/prospects/job-change.ts): live enrollments end as
//                         left_company, the old address is suppressed, the person is created at the
//                         new company (the play execution proposes them there). Only a change the
//                         CRM's own history proves (the adapter's call), with the person's address at
//                         the new company's domain; anything less is company_unconfirmed
//   company_unconfirmed → nothing moves: an event and a signal a person sees and decides on
//                         ("Automation acts only when it is sure")
//   deleted             → the link to the record is removed (a later write creates a new record),
//                         and the person's live enrollments end: the record of truth no longer holds
//                         them, so touches would have nowhere to be logged. Not an opt-out: the
//                         person may be enrolled again.
// Each change but opted_out and deleted is also a signal (issue 69; crm-signals.ts), once.
// A change for a record Baton does not know is counted as unmatched and skipped.
import { type Kysely, sql } from "kysely";
import { accountCellDomain } from "../contact-keys/index.ts";
import { optOut, retryOnLockConflict } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import { moveToCompany, provenMoveDomain } from "../prospects/job-change.ts";
import { stopTouchesOf } from "../prospects/stop-touches.ts";
import { addSuppression } from "../prospects/suppress-address.ts";
import type { CrmChange } from "./crm-adapter.ts";
import { recordCrmSignal } from "./crm-signals.ts";
import type { CrmProviderName } from "./tables.ts";

/** The CRMs whose changes are read back into Baton: the OAuth ones and Attio (attio-changes.ts). */
export type CrmSyncProvider = CrmProviderName | "attio";

export interface ApplyResult {
  applied: number;
  unmatched: number;
}

interface Found {
  contact_id: string;
  account_id: string | null;
  email: string | null;
  crm_owner_id: string | null;
  crm_lifecycle_stage: string | null;
  title: string | null;
  company: string | null;
  company_domain: string | null;
  opt_out_flag: boolean;
}

async function contactOf(
  tx: Kysely<DB>,
  clientId: string,
  provider: string,
  externalId: string,
  /** the contact already known (a deal's): read as the others are */
  contactId?: string,
) {
  const r = await sql<Found>`
    select c.contact_id, c.account_id, c.email, c.crm_owner_id, c.crm_lifecycle_stage, c.title, c.opt_out_flag,
           a.name as company, lower(a.domain) as company_domain
      from contacts c
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where c.client_id = ${clientId} and c.erased_at is null
       and (c.contact_id = ${contactId ?? null}::uuid
            or c.contact_id = (select l.baton_id from crm_links l
                             where l.client_id = ${clientId} and l.adapter = ${provider}
                               and l.kind = 'contact' and l.external_id = ${externalId} limit 1)
            or (${externalId} <> '' and c.external_id = ${externalId}))
     order by c.contact_id limit 1`.execute(tx);
  return r.rows[0];
}

/** The contact of the enrollment whose deal this is (the outbox's create_deal linked it). */
async function contactOfDeal(tx: Kysely<DB>, clientId: string, provider: string, dealId: string) {
  const r = await sql<{ contact_id: string }>`
    select cc.contact_id from crm_links l
      join campaign_contacts cc on cc.client_id = l.client_id and cc.id = l.baton_id
     where l.client_id = ${clientId} and l.adapter = ${provider} and l.kind = 'deal' and l.external_id = ${dealId}
     limit 1`.execute(tx);
  const id = r.rows[0]?.contact_id;
  return id ? contactOf(tx, clientId, provider, "", id) : undefined;
}

/** The active person whose CRM user id this is, if any. */
async function ownerOfCrmUser(tx: Kysely<DB>, clientId: string, crmUserId: string) {
  const p = await tx
    .selectFrom("principals")
    .select("principal_id")
    .where("client_id", "=", clientId)
    .where("crm_user_id", "=", crmUserId)
    .where("kind", "=", "person")
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  return p?.principal_id;
}

function signalAttributes(ch: CrmChange, value: string, before: string | null): Record<string, unknown> {
  if (ch.kind === "lifecycle_changed") return { lifecycle_stage: value };
  if (ch.kind === "title_changed") return { title: value, previous_title: before };
  return { owner: value, previous_owner: before };
}

async function changedEvent(
  tx: Kysely<DB>,
  clientId: string,
  provider: CrmSyncProvider,
  c: Found,
  ch: CrmChange,
  now: Date,
  details: Record<string, unknown>,
  resolution: string = ch.kind,
) {
  await appendEvents(tx, [
    {
      client_id: clientId,
      occurred_at: now,
      contact_id: c.contact_id,
      account_id: c.account_id,
      event_type: "crm_contact_changed",
      resolution,
      lineage: NO_LINEAGE,
      details: { kind: ch.kind, provider, ...details, changed_at: ch.occurredAt.toISOString() },
    },
  ]);
}

/** Whether a change of the same field, made later in the CRM than `ch`, was applied to the contact. */
async function newerChangeApplied(
  tx: Kysely<DB>,
  clientId: string,
  provider: CrmSyncProvider,
  contactId: string,
  ch: CrmChange,
): Promise<boolean> {
  const r = await sql<{ one: number }>`
    select 1 as one from cadence_event_log
     where client_id = ${clientId} and contact_id = ${contactId} and event_type = 'crm_contact_changed'
       and details->>'kind' = ${ch.kind} and details->>'provider' = ${provider}
       and (details->>'changed_at')::timestamptz > ${ch.occurredAt}
     limit 1`.execute(tx);
  return r.rows.length > 0;
}

/**
 * The CRM shows another company, and nothing proves the person moved (a data fix looks the same):
 * nothing ends and nothing is suppressed. The log says it needs a person, and a signal shows it in
 * the rep's Signals view, where a person decides. Once per change (the signal's dedup key).
 */
async function unconfirmed(
  tx: Kysely<DB>,
  clientId: string,
  provider: CrmSyncProvider,
  c: Found,
  ch: CrmChange,
  now: Date,
): Promise<true> {
  const company = (ch.company ?? "").trim().slice(0, 200) || null;
  const domain = ch.value ? accountCellDomain(ch.value) : null;
  const same =
    (domain !== null && domain === c.company_domain) ||
    (company !== null && company.toLowerCase() === (c.company ?? "").trim().toLowerCase());
  if (same || (!company && !domain)) return true;
  const attrs = { company, domain, email: ch.email ?? null, confirmed: false };
  const signal = await recordCrmSignal(
    tx,
    clientId,
    provider,
    { ...ch, kind: "company_unconfirmed" },
    c.contact_id,
    attrs,
    now,
  );
  if (signal)
    await changedEvent(
      tx,
      clientId,
      provider,
      c,
      ch,
      now,
      { company, domain, signal_id: signal, needs_review: true },
      "needs_review",
    );
  return true;
}

async function applyOne(
  tx: Kysely<DB>,
  clientId: string,
  provider: CrmSyncProvider,
  ch: CrmChange,
  now: Date,
): Promise<boolean> {
  // a deal's change names its person (Salesforce's contact roles), or only the deal Baton created (HubSpot)
  const c =
    ch.kind === "deal_stage_changed" && ch.dealId && !ch.externalContactId
      ? await contactOfDeal(tx, clientId, provider, ch.dealId)
      : await contactOf(tx, clientId, provider, ch.externalContactId);
  if (!c) return false;
  const source = `crm:${provider}`;
  switch (ch.kind) {
    case "opted_out":
      // a poll re-reads the last record it saw (the cursor is inclusive): applied once is enough
      if (c.opt_out_flag) return true;
      await optOut(tx, null, { clientId, contactId: c.contact_id, flag: "opt_out", source }, now);
      if (c.email)
        await addSuppression(
          tx,
          {
            clientId,
            kind: "email",
            value: c.email,
            reason: `opted out in ${provider}`,
            source: "unsubscribe",
          },
          now,
        );
      return true;
    case "owner_changed":
    case "lifecycle_changed":
    case "title_changed": {
      const column =
        ch.kind === "owner_changed"
          ? "crm_owner_id"
          : ch.kind === "title_changed"
            ? "title"
            : "crm_lifecycle_stage";
      const value = ch.value?.slice(0, 200) || null;
      const before = c[column] ?? null;
      // a webhook delivered late (HubSpot retries for hours) says what was true when it was sent:
      // a newer change of the same field already applied wins, the old value is not written back
      if (ch.unnamed && (await newerChangeApplied(tx, clientId, provider, c.contact_id, ch))) return true;
      if (before === value) {
        // written already (by a webhook that named no change): the poll's named version is the signal
        if (
          value &&
          ch.changeId &&
          ch.replaced !== undefined &&
          (ch.kind === "lifecycle_changed" || ch.replaced)
        )
          await recordCrmSignal(
            tx,
            clientId,
            provider,
            ch,
            c.contact_id,
            signalAttributes(ch, value, ch.replaced),
            now,
          );
        return true;
      }
      await sql`update contacts set ${sql.ref(column)} = ${value}, updated_at = ${now}
                 where client_id = ${clientId} and contact_id = ${c.contact_id}`.execute(tx);
      // the CRM's owner names a Baton owner when a person carries that CRM user id (principals.crm_user_id);
      // unmapped, the Baton owner stays as it was and the event says so
      const owner =
        ch.kind === "owner_changed" && value ? await ownerOfCrmUser(tx, clientId, value) : undefined;
      if (owner)
        await sql`update contacts set owner_principal_id = ${owner}
                   where client_id = ${clientId} and contact_id = ${c.contact_id}`.execute(tx);
      await changedEvent(tx, clientId, provider, c, ch, now, {
        value,
        ...(ch.kind === "owner_changed" && value ? { owner_principal_id: owner ?? null } : {}),
      });
      // a first reading (nothing before) is no change of owner or title; a stage is news either way.
      // A change pushed without its id is counted by the poll that names it (CrmChange.unnamed).
      if (value && !ch.unnamed && (ch.kind === "lifecycle_changed" || before !== null))
        await recordCrmSignal(
          tx,
          clientId,
          provider,
          ch,
          c.contact_id,
          signalAttributes(ch, value, before),
          now,
        );
      return true;
    }
    case "deal_stage_changed": {
      const value = ch.value?.slice(0, 200) || null;
      if (!value) return true;
      await recordCrmSignal(
        tx,
        clientId,
        provider,
        ch,
        c.contact_id,
        { deal_stage: value, deal_id: ch.dealId ?? null },
        now,
      );
      return true;
    }
    case "company_changed": {
      // sure only with the person's address at the new company's domain; else a person decides
      const domain = provenMoveDomain(ch.value, ch.email);
      if (!domain || !ch.email)
        return unconfirmed(tx, clientId, provider, c, { ...ch, kind: "company_unconfirmed" }, now);
      // a job change (issue 69 item 3): left_company at the old account, the person created at the new one
      const moved = await moveToCompany(
        tx,
        clientId,
        c.contact_id,
        { domain, company: ch.company ?? null, email: ch.email, source },
        now,
      );
      if (moved)
        await recordCrmSignal(
          tx,
          clientId,
          provider,
          ch,
          moved.to_contact_id,
          { from_contact_id: c.contact_id, company: ch.company ?? null, domain },
          now,
        );
      return true;
    }
    case "company_unconfirmed":
      return unconfirmed(tx, clientId, provider, c, ch, now);
    case "deleted":
      await sql`delete from crm_links where client_id = ${clientId} and adapter = ${provider}
                 and kind = 'contact' and baton_id = ${c.contact_id}`.execute(tx);
      await sql`update contacts set external_id = null
                 where client_id = ${clientId} and contact_id = ${c.contact_id}
                   and external_id = ${ch.externalContactId}`.execute(tx);
      await stopTouchesOf(
        tx,
        clientId,
        sql`c.contact_id = ${c.contact_id}`,
        { suppressionId: null, kind: provider, source, actor: null },
        now,
        { eventType: "crm_record_deleted", resolution: "crm_record_deleted" },
      );
      return true;
  }
}

/** Applies the changes in one transaction (the caller's, when it is in one). */
export async function applyCrmChanges(
  db: Kysely<DB>,
  clientId: string,
  provider: CrmSyncProvider,
  changes: CrmChange[],
  now: Date,
): Promise<ApplyResult> {
  const run = async (tx: Kysely<DB>) => {
    const result: ApplyResult = { applied: 0, unmatched: 0 };
    for (const ch of changes) {
      if (await applyOne(tx, clientId, provider, ch, now)) result.applied += 1;
      else result.unmatched += 1;
    }
    return result;
  };
  return db.isTransaction ? run(db) : retryOnLockConflict(() => db.transaction().execute(run));
}
