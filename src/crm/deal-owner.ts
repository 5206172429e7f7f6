// Who owns a deal Baton opens in the CRM (spec 002: deals are written "by roles.sales"; Attio's Deal
// object requires an owner, a workspace member named by email). The first of these that is an
// active person with an email address:
//   1. the contact's owner in Baton (contacts.owner_principal_id),
//   2. the person who enrolled the contact (campaign_contacts.requested_by_principal_id: the exec
//      at the exec gate, or a rep; an agent's request names no person),
//   3. the sales leader who approved the enrollment's play (plays.slm_approver_user_id).
// None: null, and an adapter that requires an owner refuses the deal with a reason a person can
// act on (dead letter), never a guess. Attio names the owner by email; HubSpot by the person's CRM
// user id (principals.crm_user_id, set on Admin › People), which the owner carries too.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { DealOwner } from "./crm-adapter.ts";

export async function dealOwnerOf(
  db: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
): Promise<DealOwner | null> {
  const r = await sql<{ email: string; display_name: string; crm_user_id: string | null }>`
    select p.email, p.display_name, p.crm_user_id
      from campaign_contacts e
      join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
      left join plays pl on pl.client_id = e.client_id and pl.play_id = e.play_id
      join principals p on p.client_id = e.client_id
       and p.principal_id in (c.owner_principal_id, e.requested_by_principal_id, pl.slm_approver_user_id)
     where e.client_id = ${clientId} and e.id = ${enrollmentId}
       and p.kind = 'person' and p.email is not null and p.deactivated_at is null
     order by case p.principal_id
                when c.owner_principal_id then 1
                when e.requested_by_principal_id then 2
                else 3 end
     limit 1`.execute(db);
  const p = r.rows[0];
  return p ? { email: p.email, name: p.display_name, crmUserId: p.crm_user_id } : null;
}

/** The dead letter's reason when no person can own the deal: what to do, in Baton. */
export function noDealOwnerReason(crm: string, enrollmentId: string): string {
  return (
    `${crm} requires a deal owner, and no person owns enrollment ${enrollmentId}: set the contact's ` +
    "owner in Baton (a person with an email address who is a member of the CRM workspace), then " +
    "retry this write (POST /api/v1/crm/outbox/{id}/retry)"
  );
}
