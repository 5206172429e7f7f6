// Changes made in HubSpot, read back (issue 41 item 1; docs/adapters.md "HubSpot"), by polling:
// (Paths under the contacts object's base, /crm/objects/{date version}/contacts: hubspot-crm.ts.)
//   - POST …/contacts/search: contacts whose lastmodifieddate ≥ the cursor, sorted by
//     it ascending, paged with `after` (at most MAX_PAGES pages a poll: the next poll goes on from
//     the last date seen). The cursor is inclusive, so a record modified in the same millisecond
//     as the last one read is never skipped; applying a change twice is harmless.
//     Each contact yields its current state: hs_email_optout = "true" → opted_out (HubSpot's
//     "Unsubscribed from all email"); hubspot_owner_id → owner_changed; lifecyclestage →
//     lifecycle_changed (applyCrmChanges writes only what differs).
//   - GET …/contacts?archived=true: the deleted (archived) contacts, paged; those
//     archived at or after the cursor → deleted.
// The cursor is JSON {"modified": ms, "archived": ms}; a tenant's first poll starts at 0 (the whole
// portal, MAX_PAGES at a time), so opt-outs made before Baton was connected are read too.
import type { CrmChange } from "./crm-adapter.ts";

/** The adapter's authenticated call to HubSpot's API (src/crm/hubspot-crm.ts). */
export type HubSpotCall = <T>(clientId: string, method: string, path: string, body?: unknown) => Promise<T>;

const PAGE = 100;
const MAX_PAGES = 10;
/** The archived list has no date filter: at most this many pages are read a poll. */
const MAX_ARCHIVED_PAGES = 50;
const PROPERTIES = ["hs_email_optout", "hubspot_owner_id", "lifecyclestage", "lastmodifieddate"];

interface Found {
  id: string;
  properties: Record<string, string | null | undefined>;
  archivedAt?: string;
}
interface Page {
  results: Found[];
  paging?: { next?: { after: string } };
}

function parseCursor(cursor: string | null): { modified: number; archived: number } {
  if (!cursor) return { modified: 0, archived: 0 };
  try {
    const c = JSON.parse(cursor);
    return { modified: Number(c.modified) || 0, archived: Number(c.archived) || 0 };
  } catch {
    return { modified: 0, archived: 0 };
  }
}

/** A contact's current state as changes (opt-out, owner, lifecycle stage). */
export function changesOfContact(c: Found, occurredAt: Date): CrmChange[] {
  const out: CrmChange[] = [];
  const p = c.properties;
  if (p.hs_email_optout === "true") out.push({ externalContactId: c.id, kind: "opted_out", occurredAt });
  if (p.hubspot_owner_id !== undefined)
    out.push({ externalContactId: c.id, kind: "owner_changed", value: p.hubspot_owner_id ?? "", occurredAt });
  if (p.lifecyclestage !== undefined)
    out.push({
      externalContactId: c.id,
      kind: "lifecycle_changed",
      value: p.lifecyclestage ?? "",
      occurredAt,
    });
  return out;
}

export async function readHubSpotChanges(
  call: HubSpotCall,
  clientId: string,
  cursor: string | null,
  /** the contacts object's path, e.g. /crm/objects/2026-09/contacts */
  contacts: string,
): Promise<{ changes: CrmChange[]; cursor: string | null }> {
  const from = parseCursor(cursor);
  const changes: CrmChange[] = [];
  let modified = from.modified;
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await call<Page>(clientId, "POST", `${contacts}/search`, {
      filterGroups: [
        { filters: [{ propertyName: "lastmodifieddate", operator: "GTE", value: String(from.modified) }] },
      ],
      sorts: [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }],
      properties: PROPERTIES,
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    for (const c of r.results) {
      const at = Number(c.properties.lastmodifieddate) || Date.parse(String(c.properties.lastmodifieddate));
      if (at > modified) modified = at;
      changes.push(...changesOfContact(c, new Date(at || Date.now())));
    }
    after = r.paging?.next?.after;
    if (!after) break;
  }
  let archived = from.archived;
  let archivedAfter: string | undefined;
  for (let page = 0; page < MAX_ARCHIVED_PAGES; page++) {
    const q = new URLSearchParams({ archived: "true", limit: String(PAGE) });
    if (archivedAfter) q.set("after", archivedAfter);
    const r = await call<Page>(clientId, "GET", `${contacts}?${q}`);
    for (const c of r.results) {
      const at = Date.parse(c.archivedAt ?? "");
      if (!(at >= from.archived)) continue;
      if (at > archived) archived = at;
      changes.push({ externalContactId: c.id, kind: "deleted", occurredAt: new Date(at) });
    }
    archivedAfter = r.paging?.next?.after;
    if (!archivedAfter) break;
  }
  return { changes, cursor: JSON.stringify({ modified, archived }) };
}

/** One event of a HubSpot webhook delivery (the app's webhook subscriptions, v3 payload). */
export interface HubSpotWebhookEvent {
  eventId?: number;
  portalId: number;
  subscriptionType: string;
  objectId: number;
  occurredAt: number;
  propertyName?: string;
  propertyValue?: string;
}

/** The changes a delivery's events carry; events of other kinds are left out. */
export function changesOfWebhookEvents(events: HubSpotWebhookEvent[]): CrmChange[] {
  const out: CrmChange[] = [];
  for (const e of events) {
    const base = { externalContactId: String(e.objectId), occurredAt: new Date(e.occurredAt) };
    if (e.subscriptionType === "contact.deletion" || e.subscriptionType === "contact.privacyDeletion") {
      out.push({ ...base, kind: "deleted" });
    } else if (e.subscriptionType === "contact.propertyChange") {
      if (e.propertyName === "hs_email_optout" && e.propertyValue === "true")
        out.push({ ...base, kind: "opted_out" });
      else if (e.propertyName === "hubspot_owner_id")
        out.push({ ...base, kind: "owner_changed", value: e.propertyValue ?? "" });
      else if (e.propertyName === "lifecyclestage")
        out.push({ ...base, kind: "lifecycle_changed", value: e.propertyValue ?? "" });
    }
  }
  return out;
}
