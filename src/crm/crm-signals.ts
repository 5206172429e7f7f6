// The CRM's changes as signals (issue 69 item 2: "CRM changes already synced (deal stage,
// lifecycle, owner, title and company)"), through the signals module's one door (recordSignals),
// in the caller's transaction. Each is deduplicated by the CRM (source crm:<provider>) and the
// CRM's own id of the change (CrmChange.changeId: a field history row, a property version), else by
// the record, the kind, the value and the time: a change read again by an inclusive poll cursor, or
// by a webhook and a poll both, is one signal. A type the tenant removed from its catalogue is
// simply not recorded (the tenant chose not to count it).
//   owner_changed      → crm_owner_change, when the record had an owner before (a first reading is no change)
//   lifecycle_changed  → crm_stage_change {lifecycle_stage}
//   deal_stage_changed → crm_stage_change {deal_stage, deal_id}
//   title_changed      → crm_title_change, when the record had a title before
//   company_changed    → job_change, on the person at the new company (job-change.ts)
//   company_unconfirmed → company_change_unconfirmed: shown to a person, who decides
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { recordSignals } from "../signals/index.ts";
import type { CrmChange } from "./crm-adapter.ts";

export const CRM_SIGNAL_TYPES = {
  owner_changed: "crm_owner_change",
  lifecycle_changed: "crm_stage_change",
  deal_stage_changed: "crm_stage_change",
  title_changed: "crm_title_change",
  company_changed: "job_change",
  company_unconfirmed: "company_change_unconfirmed",
} as const;

export type SignalledKind = keyof typeof CRM_SIGNAL_TYPES;

/** The dedup id of a change: the CRM's own, else what the change says (record, kind, value, time). */
export function crmChangeKey(ch: CrmChange): string {
  if (ch.changeId) return `${ch.kind}:${ch.changeId}`.slice(0, 200);
  // lifecycle's key is the one recorded before change ids were read (issue 69's first round)
  const kind = ch.kind === "lifecycle_changed" ? "lifecycle" : ch.kind;
  const what = ch.kind === "deal_stage_changed" ? `${ch.dealId ?? ""}:${ch.value ?? ""}` : (ch.value ?? "");
  return `${ch.externalContactId}:${kind}:${what}:${ch.occurredAt.toISOString()}`.slice(0, 200);
}

/** Records the change's signal for the contact; returns its id, or null (a duplicate, or a type the tenant removed). */
export async function recordCrmSignal(
  tx: Kysely<DB>,
  clientId: string,
  provider: string,
  ch: CrmChange,
  contactId: string,
  attributes: Record<string, unknown>,
  now: Date,
): Promise<string | null> {
  if (!(ch.kind in CRM_SIGNAL_TYPES)) return null;
  const r = await recordSignals(
    tx,
    { clientId, principalId: null },
    [
      {
        type: CRM_SIGNAL_TYPES[ch.kind as SignalledKind],
        contactId,
        occurredAt: ch.occurredAt.getTime() > now.getTime() ? now : ch.occurredAt,
        source: `crm:${provider}`,
        externalId: crmChangeKey(ch),
        attributes: { crm: provider, ...attributes },
      },
    ],
    {},
    now,
  );
  return r.results[0]?.signal_id ?? null;
}
