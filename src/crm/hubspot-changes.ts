// Changes made in HubSpot, read back (issue 41 item 1; docs/adapters.md "HubSpot"), by polling:
// (Paths under the contacts object's base, /crm/objects/{date version}/contacts: hubspot-crm.ts.)
//   - POST …/contacts/search: contacts whose lastmodifieddate ≥ the cursor, sorted by
//     it ascending, paged with `after` (at most MAX_PAGES pages a poll: the next poll goes on from
//     the last date seen). The cursor is inclusive, so a record modified in the same millisecond
//     as the last one read is never skipped; applying a change twice is harmless.
//     Each contact yields its current state: hs_email_optout = "true" → opted_out (HubSpot's
//     "Unsubscribed from all email"); hubspot_owner_id → owner_changed; lifecyclestage →
//     lifecycle_changed; jobtitle → title_changed (applyCrmChanges writes only what differs).
//   - POST …/contacts/batch/read with propertiesWithHistory (50 a call, HubSpot's limit with
//     history) for the page's contacts: each property's latest version names the change
//     (changeId: record, property, version time), so a change read again is one signal. The
//     company is read from its history only: a `company` version that replaced another, non-empty
//     one within this poll is a job change (company_changed) when the `email` history shows, in the
//     same poll and within a day of it, a new address at another domain than the one it replaced;
//     the new address's domain is the new company's. Without that proof it is company_unconfirmed:
//     a person decides (a renamed company and a moved person look the same in one property).
//   - GET …/contacts?archived=true: the deleted (archived) contacts, paged; those
//     archived at or after the cursor → deleted.
//   - POST …/deals/search by hs_lastmodifieddate, and the deals' dealstage history (batch read):
//     a stage a person set in HubSpot (a version whose sourceType is not INTEGRATION: Baton's own
//     stage writes come back as an app's) → deal_stage_changed, named by its version; applyCrmChanges
//     finds the contact by the deal Baton created for the enrollment (crm_links kind deal).
// The cursor is JSON {"modified": ms, "archived": ms, "deals": ms}; a tenant's first poll starts at 0 (the whole
// portal, MAX_PAGES at a time), so opt-outs made before Baton was connected are read too.
import type { CrmChange } from "./crm-adapter.ts";

/** The adapter's authenticated call to HubSpot's API (src/crm/hubspot-crm.ts). */
export type HubSpotCall = <T>(clientId: string, method: string, path: string, body?: unknown) => Promise<T>;

const PAGE = 100;
const MAX_PAGES = 10;
/** The archived list has no date filter: at most this many pages are read a poll. */
const MAX_ARCHIVED_PAGES = 50;
const PROPERTIES = ["hs_email_optout", "hubspot_owner_id", "lifecyclestage", "jobtitle", "lastmodifieddate"];
/** The properties whose versions name a change (HubSpot's batch read takes 50 records a call with history). */
const HISTORY = ["hubspot_owner_id", "lifecyclestage", "jobtitle", "company", "email"];
const HISTORY_BATCH = 50;
/** How far apart the company's and the address's new versions may be and still be one move. */
const MOVE_WINDOW_MS = 86_400_000;

/** One version of a property (newest first in propertiesWithHistory). */
export interface PropertyVersion {
  value: string | null;
  timestamp: string;
  sourceType?: string;
}
type History = Record<string, PropertyVersion[] | undefined>;

interface Found {
  id: string;
  properties: Record<string, string | null | undefined>;
  propertiesWithHistory?: History;
  archivedAt?: string;
}
interface Page {
  results: Found[];
  paging?: { next?: { after: string } };
}

function parseCursor(cursor: string | null): { modified: number; archived: number; deals: number } {
  if (!cursor) return { modified: 0, archived: 0, deals: 0 };
  try {
    const c = JSON.parse(cursor);
    return {
      modified: Number(c.modified) || 0,
      archived: Number(c.archived) || 0,
      deals: Number(c.deals) || 0,
    };
  } catch {
    return { modified: 0, archived: 0, deals: 0 };
  }
}

/** The histories of `ids` (HubSpot's batch read: 50 records a call with history). */
async function historiesOf(
  call: HubSpotCall,
  clientId: string,
  path: string,
  ids: string[],
  properties: string[],
): Promise<Map<string, History>> {
  const out = new Map<string, History>();
  for (let i = 0; i < ids.length; i += HISTORY_BATCH) {
    const batch = await call<{ results: Found[] }>(clientId, "POST", `${path}/batch/read`, {
      inputs: ids.slice(i, i + HISTORY_BATCH).map((id) => ({ id })),
      properties: [],
      propertiesWithHistory: properties,
    });
    for (const h of batch.results) out.set(h.id, h.propertiesWithHistory ?? {});
  }
  return out;
}

/** Deal stages people set in HubSpot since `since` (ms); the newest modification seen. */
async function readDealStages(
  call: HubSpotCall,
  clientId: string,
  deals: string,
  since: number,
): Promise<{ changes: CrmChange[]; seen: number }> {
  const changes: CrmChange[] = [];
  let seen = since;
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await call<Page>(clientId, "POST", `${deals}/search`, {
      filterGroups: [
        { filters: [{ propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(since) }] },
      ],
      sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }],
      properties: ["dealstage", "hs_lastmodifieddate"],
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    const histories = await historiesOf(
      call,
      clientId,
      deals,
      r.results.map((d) => d.id),
      ["dealstage"],
    );
    for (const d of r.results) {
      const at = Number(d.properties.hs_lastmodifieddate) || 0;
      if (at > seen) seen = at;
      const latest = histories.get(d.id)?.dealstage?.[0];
      const t = Date.parse(latest?.timestamp ?? "");
      if (!latest?.value || latest.sourceType === "INTEGRATION" || !(t >= since)) continue;
      changes.push({
        externalContactId: "",
        kind: "deal_stage_changed",
        dealId: d.id,
        value: latest.value,
        occurredAt: new Date(t),
        changeId: `${d.id}:dealstage:${latest.timestamp}`,
      });
    }
    after = r.paging?.next?.after;
    if (!after) break;
  }
  return { changes, seen };
}

const CHANGED: Record<string, "owner_changed" | "lifecycle_changed" | "title_changed"> = {
  hubspot_owner_id: "owner_changed",
  lifecyclestage: "lifecycle_changed",
  jobtitle: "title_changed",
};

/** A contact's current state as changes (opt-out, owner, lifecycle stage, title), each named by its latest version when the history is known. */
export function changesOfContact(
  c: Found,
  occurredAt: Date,
  history: History = {},
  since = Number.POSITIVE_INFINITY,
): CrmChange[] {
  const out: CrmChange[] = [];
  const p = c.properties;
  if (p.hs_email_optout === "true") out.push({ externalContactId: c.id, kind: "opted_out", occurredAt });
  for (const [prop, kind] of Object.entries(CHANGED)) {
    if (p[prop] === undefined) continue;
    const latest = history[prop]?.[0];
    const at = latest ? new Date(latest.timestamp) : occurredAt;
    out.push({
      externalContactId: c.id,
      kind,
      value: p[prop] ?? "",
      occurredAt: Number.isNaN(at.getTime()) ? occurredAt : at,
      ...(latest ? { changeId: `${c.id}:${prop}:${latest.timestamp}` } : {}),
      // a version of this poll's window: what it replaced (a webhook may have written the value already)
      ...(latest && Date.parse(latest.timestamp) >= since
        ? { replaced: history[prop]?.[1]?.value || null }
        : {}),
    });
  }
  return out;
}

const domainOf = (email: string | null | undefined) => {
  const at = email?.lastIndexOf("@") ?? -1;
  return at > 0
    ? email!
        .slice(at + 1)
        .trim()
        .toLowerCase() || null
    : null;
};
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A company change the history shows since `since` (ms): company_changed when the address moved to
 * another domain with it, company_unconfirmed otherwise; null when the company did not change
 * (a first value is no change).
 */
export function companyChangeOf(id: string, history: History, since: number): CrmChange | null {
  const [now, before] = history.company ?? [];
  const t = Date.parse(now?.timestamp ?? "");
  if (!now?.value?.trim() || !before?.value?.trim() || !(t >= since) || sameName(now.value, before.value))
    return null;
  const base = {
    externalContactId: id,
    company: now.value.trim(),
    occurredAt: new Date(t),
    changeId: `${id}:company:${now.timestamp}`,
  };
  const [email, oldEmail] = history.email ?? [];
  const te = Date.parse(email?.timestamp ?? "");
  const domain = domainOf(email?.value);
  const oldDomain = domainOf(oldEmail?.value);
  const proves =
    domain !== null &&
    oldDomain !== null &&
    domain !== oldDomain &&
    te >= since &&
    Math.abs(te - t) <= MOVE_WINDOW_MS;
  return proves
    ? { ...base, kind: "company_changed", value: domain, email: email!.value!.trim() }
    : { ...base, kind: "company_unconfirmed" };
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
    const histories = await historiesOf(
      call,
      clientId,
      contacts,
      r.results.map((c) => c.id),
      HISTORY,
    );
    for (const c of r.results) {
      const at = Number(c.properties.lastmodifieddate) || Date.parse(String(c.properties.lastmodifieddate));
      if (at > modified) modified = at;
      const history = histories.get(c.id) ?? {};
      changes.push(...changesOfContact(c, new Date(at || Date.now()), history, from.modified));
      const company = companyChangeOf(c.id, history, from.modified);
      if (company) changes.push(company);
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
  const deals = await readDealStages(call, clientId, contacts.replace(/contacts$/, "deals"), from.deals);
  changes.push(...deals.changes);
  return { changes, cursor: JSON.stringify({ modified, archived, deals: deals.seen }) };
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

/**
 * The changes a delivery's events carry; events of other kinds are left out. A `company` property
 * change is left to the poll, which reads its history (one property's new value proves no move).
 */
export function changesOfWebhookEvents(events: HubSpotWebhookEvent[]): CrmChange[] {
  const out: CrmChange[] = [];
  for (const e of events) {
    // no id of the change: its signal is the poll's (CrmChange.unnamed)
    const base = {
      externalContactId: String(e.objectId),
      occurredAt: new Date(e.occurredAt),
      unnamed: true as const,
    };
    if (e.subscriptionType === "contact.deletion" || e.subscriptionType === "contact.privacyDeletion") {
      out.push({ ...base, kind: "deleted" });
    } else if (e.subscriptionType === "contact.propertyChange") {
      if (e.propertyName === "hs_email_optout" && e.propertyValue === "true")
        out.push({ ...base, kind: "opted_out" });
      else if (e.propertyName === "hubspot_owner_id")
        out.push({ ...base, kind: "owner_changed", value: e.propertyValue ?? "" });
      else if (e.propertyName === "lifecyclestage")
        out.push({ ...base, kind: "lifecycle_changed", value: e.propertyValue ?? "" });
      else if (e.propertyName === "jobtitle")
        out.push({ ...base, kind: "title_changed", value: e.propertyValue ?? "" });
    }
  }
  return out;
}
