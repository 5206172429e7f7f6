// The erasure log (GET /api/v1/erasures, docs/prospect-data.md): who asked, when, under what
// reference, and what was removed; no personal data. Newest first, a page at a time (keyset on
// erased_at, id): it grew past the 500 rows the route used to cut it at without saying so.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { ERASER_ROLES } from "./erase-contact.ts";

export interface ErasureView {
  id: string;
  contact_id: string;
  request_reference: string;
  requested_by_principal_id: string | null;
  erased_at: string;
  removed: Record<string, number>;
  crm_erasure_queued: boolean;
}

export async function listErasures(
  db: Kysely<DB>,
  actor: Principal,
  args: PageArgs = {},
): Promise<Page<ErasureView>> {
  requireRole(actor, "read the erasure log", ...ERASER_ROLES);
  const q = db.selectFrom("erasure_log").selectAll().where("client_id", "=", actor.clientId);
  const key = byTimeAndId("erased_at", "id");
  const page = await keysetPage(
    q,
    { list: "erasures", tenant: actor.clientId, key, direction: "desc" },
    args,
    100,
  );
  return {
    items: page.items.map((r) => ({
      id: r.id,
      contact_id: r.contact_id,
      request_reference: r.request_reference,
      requested_by_principal_id: r.requested_by_principal_id,
      erased_at: r.erased_at.toISOString(),
      removed: r.removed as Record<string, number>,
      crm_erasure_queued: r.crm_erasure_queued,
    })),
    next_cursor: page.next_cursor,
  };
}
