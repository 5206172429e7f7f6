// Deal stages and company moves in Attio, read from its dated values (issue 69: "CRM changes already
// synced (deal stage, …, title and company)"). Attio's records carry no modification time, but every
// value does: active_from (when it was set), active_until (when it ended; null while active) and
// created_by_actor (who set it). attio-changes.ts reads a page of linked people; for that page:
//   - deal stages: the deals the people are associated with (their associated_deals), one records
//     query a page (POST /v2/objects/deals/records/query, record_id filters joined by $or): a stage
//     set since the last sweep by a workspace member (not an api-token: Baton's own stage writes
//     come with its key; not the system) is deal_stage_changed for each of the page's people the
//     deal is associated with, named by the deal, the stage value's active_from and the person;
//   - company moves: a person whose current company was set since the last sweep. Its history
//       GET /v2/objects/people/records/{id}/attributes/company/values?show_historic=true
//     (oldest first) shows the company it replaced (none: a first company, no move); then the
//     address's history (…/attributes/email_addresses/values?show_historic=true) and the new
//     company (one companies query a page, for its name and domains) prove it or not, by the rule
//     HubSpot's and Salesforce's moves follow: a new address, set within a day of the company, at a
//     domain of the new company, where the address before it was at another domain →
//     company_changed (the job change path: left_company, the person at the new company); anything
//     less, or a history Attio refuses to give, → company_unconfirmed (a person decides).
// Calls: per page, the deals query (when the people have deals) and the companies query (when one
// moved); per person whose company changed, two (company and address histories; one when the
// company is a first one). At most `budget` history calls a poll: the page is cut before the
// person who would exceed it, and the sweep goes on from there next poll.
import type { CrmChange } from "./crm-adapter.ts";

export type AttioCall = <T>(method: string, path: string, body: unknown) => Promise<T>;

export interface AttioValue {
  active_from?: string;
  active_until?: string | null;
  created_by_actor?: { type?: string; id?: string | null };
  value?: unknown;
  referenced_actor_type?: string;
  referenced_actor_id?: string | null;
  status?: { title?: string };
  option?: { title?: string };
  target_object?: string;
  target_record_id?: string;
  email_address?: string;
  email_domain?: string;
  domain?: string;
}

export interface AttioRecord {
  id: { record_id: string };
  values: Record<string, AttioValue[] | undefined>;
}

/** How far apart the company's and the address's new values may be and still be one move. */
const MOVE_WINDOW_MS = 86_400_000;
/** Records named per records query (its `limit` is at most 500). */
const QUERY_BATCH = 100;

const time = (v: AttioValue | undefined) => Date.parse(v?.active_from ?? "");
const fresh = (v: AttioValue | undefined, since: number) => time(v) >= since;

async function query(call: AttioCall, object: string, ids: string[]): Promise<AttioRecord[]> {
  const out: AttioRecord[] = [];
  for (let i = 0; i < ids.length; i += QUERY_BATCH) {
    const batch = ids.slice(i, i + QUERY_BATCH);
    const r = await call<{ data: AttioRecord[] }>("POST", `/v2/objects/${object}/records/query`, {
      filter: { $or: batch.map((record_id) => ({ record_id })) },
      limit: batch.length,
    });
    out.push(...r.data);
  }
  return out;
}

/** The people whose current company was set since `since` (a move to read the history of). */
export function movedPeople(people: AttioRecord[], since: number): AttioRecord[] {
  return people.filter((p) => {
    const company = p.values.company?.[0];
    return company?.target_record_id && fresh(company, since);
  });
}

/** Stages people set since `since` on the deals of `people`, one change per deal and person of the page. */
export async function readDealStages(
  call: AttioCall,
  people: AttioRecord[],
  since: number,
): Promise<CrmChange[]> {
  const byDeal = new Map<string, string[]>();
  for (const p of people)
    for (const d of p.values.associated_deals ?? [])
      if (d.target_record_id)
        byDeal.set(d.target_record_id, [...(byDeal.get(d.target_record_id) ?? []), p.id.record_id]);
  if (byDeal.size === 0) return [];
  const deals = await query(call, "deals", [...byDeal.keys()]);
  return deals.flatMap((deal) => stageChanges(deal, byDeal.get(deal.id.record_id) ?? [], since));
}

/** A deal's stage, when a person set it since `since`, as one change for each of these people. */
export function stageChanges(deal: AttioRecord, people: string[], since: number): CrmChange[] {
  const stage = deal.values.stage?.[0];
  const title = stage?.status?.title ?? stage?.option?.title;
  // a person's stage: Baton's own writes come with its API key, the system's are no one's
  if (!title || !fresh(stage, since) || stage?.created_by_actor?.type !== "workspace-member") return [];
  const dealId = deal.id.record_id;
  return people.map((person) => ({
    externalContactId: person,
    kind: "deal_stage_changed" as const,
    dealId,
    value: title,
    occurredAt: new Date(time(stage)),
    changeId: `${dealId}:stage:${stage?.active_from}:${person}`,
  }));
}

/** Records of an object by id (records queries of QUERY_BATCH ids): what a webhook's events name. */
export function queryRecords(call: AttioCall, object: string, ids: string[]): Promise<AttioRecord[]> {
  return query(call, object, ids);
}

/** The ids a record-reference attribute of a record points at (a deal's associated_people, a company's team). */
export const referenced = (r: AttioRecord, slug: string): string[] =>
  (r.values[slug] ?? []).flatMap((v) => (v.target_record_id ? [v.target_record_id] : []));

const path = (id: string, slug: string) =>
  `/v2/objects/people/records/${encodeURIComponent(id)}/attributes/${slug}/values?show_historic=true`;
const domainOf = (v: AttioValue | undefined) =>
  (v?.email_domain ?? v?.email_address?.split("@")[1] ?? "").trim().toLowerCase() || null;

/** A value's history, oldest first; null when Attio refuses it (an attribute without history). */
async function historyOf(call: AttioCall, id: string, slug: string): Promise<AttioValue[] | null> {
  try {
    const r = await call<{ data: AttioValue[] }>("GET", path(id, slug), undefined);
    return [...r.data].sort((a, b) => time(a) - time(b));
  } catch (e) {
    if ((e as { status?: number }).status === 400) return null;
    throw e;
  }
}

/**
 * The company moves of `moved` (people whose company changed since the sweep before): proven or
 * not, each named by the person and the company value's active_from.
 */
export async function readCompanyMoves(call: AttioCall, moved: AttioRecord[]): Promise<CrmChange[]> {
  if (moved.length === 0) return [];
  const targets = [...new Set(moved.map((p) => p.values.company![0]!.target_record_id!))];
  const companies = new Map((await query(call, "companies", targets)).map((c) => [c.id.record_id, c]));
  const changes: CrmChange[] = [];
  for (const p of moved) {
    const id = p.id.record_id;
    const now = p.values.company![0]!;
    const to = companies.get(now.target_record_id!);
    const name = to?.values.name?.[0]?.value;
    const company = typeof name === "string" && name.trim() ? name.trim() : undefined;
    const domains = (to?.values.domains ?? []).map((d) => d.domain?.toLowerCase()).filter(Boolean);
    const base = {
      externalContactId: id,
      occurredAt: new Date(time(now)),
      changeId: `${id}:company:${now.active_from}`,
      company,
    };
    const unconfirmed: CrmChange = {
      ...base,
      kind: "company_unconfirmed",
      ...(domains[0] ? { value: domains[0] } : {}),
    };
    const history = await historyOf(call, id, "company");
    if (!history) {
      changes.push(unconfirmed);
      continue;
    }
    const before = history.filter((v) => time(v) < time(now) && v.target_record_id).at(-1);
    // a first company is no move
    if (!before || before.target_record_id === now.target_record_id) continue;
    const emails = await historyOf(call, id, "email_addresses");
    const added = (emails ?? []).filter(
      (e) =>
        !e.active_until &&
        Math.abs(time(e) - time(now)) <= MOVE_WINDOW_MS &&
        domains.includes(domainOf(e) ?? ""),
    );
    const proof = added.find((e) =>
      (emails ?? []).some((o) => time(o) < time(e) && domainOf(o) !== null && domainOf(o) !== domainOf(e)),
    );
    changes.push(
      proof?.email_address
        ? { ...base, kind: "company_changed", value: domainOf(proof)!, email: proof.email_address }
        : unconfirmed,
    );
  }
  return changes;
}
