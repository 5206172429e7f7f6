// The shape of a person as the admin pages, the API and the CLI show it.
import type { Selectable } from "kysely";
import type { PrincipalsTable } from "../db/core-tables.ts";

export interface PersonView {
  principal_id: string;
  email: string | null;
  display_name: string;
  roles: string[];
  active: boolean;
  deactivated_at: string | null;
  created_at: string;
  /** issue 61: the person's user id in the connected CRM (so the CRM's owner names them), or null */
  crm_user_id: string | null;
}

export function toPersonView(row: Selectable<PrincipalsTable>): PersonView {
  return {
    principal_id: row.principal_id,
    email: row.email,
    display_name: row.display_name,
    roles: row.roles,
    active: row.deactivated_at === null,
    deactivated_at: row.deactivated_at ? new Date(row.deactivated_at).toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
    crm_user_id: row.crm_user_id,
  };
}
