// Changes made in Attio, read back into Baton (issue 58: spec 002 makes Attio the record of truth,
// so an opt-out, a new owner or a new stage set there must reach Baton as HubSpot's and
// Salesforce's do). Attio's records carry no modification time to poll by and its webhooks need a
// public URL and a signing secret per workspace, so Baton reconciles: each poll reads one page of
// the people it linked (crm_links, adapter 'attio') with the records query
//   POST /v2/objects/people/records/query {"filter":{"$or":[{"record_id":"…"},…]},"limit":n}
// (docs.attio.com rest-api/guides/filtering-and-sorting: shorthand equality joined by $or), and
// reports each person's current state; applyCrmChanges applies only what differs (idempotent), so
// reading an unchanged person again changes nothing. The cursor is the last record id read; a short
// page starts the sweep over. A linked id the answer lacks was deleted in Attio.
// People have no standard opt-out, owner or lifecycle attribute: the workspace adds them, and the
// slugs are AttioReadBack's (defaults email_opt_out: checkbox, owner: actor reference,
// lifecycle_stage: status or select). The job title is the standard `job_title` (text): a
// title_changed named by its value's active_from (the version), so a re-read is one signal.
// A person's company is not read as a job change: the query gives the current value only, and a
// current value that differs is no proof of a move (an import that carries the CRM id does it).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { CrmChange } from "./crm-adapter.ts";

export interface AttioReadBack {
  optOut: string;
  owner: string;
  lifecycle: string;
  title: string;
}

export const DEFAULT_ATTIO_READ_BACK: AttioReadBack = {
  optOut: "email_opt_out",
  owner: "owner",
  lifecycle: "lifecycle_stage",
  title: "job_title",
};

/** People read per poll: a sweep of N linked people takes N / PAGE polls. */
export const ATTIO_READ_PAGE = 100;

type AttioCall = <T>(method: string, path: string, body: unknown) => Promise<T>;

interface AttioValue {
  active_from?: string;
  value?: unknown;
  referenced_actor_type?: string;
  referenced_actor_id?: string | null;
  status?: { title?: string };
  option?: { title?: string };
}

interface PersonRecord {
  id: { record_id: string };
  values: Record<string, AttioValue[] | undefined>;
}

/** The current (first active) value of an attribute. */
const current = (r: PersonRecord, slug: string): AttioValue | undefined => r.values[slug]?.[0];

function changesOf(r: PersonRecord, attrs: AttioReadBack, now: Date): CrmChange[] {
  const id = r.id.record_id;
  const at = (v: AttioValue | undefined) => {
    const d = v?.active_from ? new Date(v.active_from) : now;
    return Number.isNaN(d.getTime()) ? now : d;
  };
  const out: CrmChange[] = [];
  const optOut = current(r, attrs.optOut);
  if (optOut?.value === true) out.push({ externalContactId: id, kind: "opted_out", occurredAt: at(optOut) });
  const owner = current(r, attrs.owner);
  if (owner?.referenced_actor_type === "workspace-member" && owner.referenced_actor_id)
    out.push({
      externalContactId: id,
      kind: "owner_changed",
      value: owner.referenced_actor_id,
      occurredAt: at(owner),
    });
  const stage = current(r, attrs.lifecycle);
  const title = stage?.status?.title ?? stage?.option?.title;
  if (title)
    out.push({ externalContactId: id, kind: "lifecycle_changed", value: title, occurredAt: at(stage) });
  const job = current(r, attrs.title);
  if (typeof job?.value === "string" && job.value.trim())
    out.push({
      externalContactId: id,
      kind: "title_changed",
      value: job.value.trim(),
      occurredAt: at(job),
      ...(job.active_from ? { changeId: `${id}:${attrs.title}:${job.active_from}` } : {}),
    });
  return out;
}

export async function readAttioChanges(
  db: Kysely<DB>,
  call: AttioCall,
  clientId: string,
  cursor: string | null,
  opts: { now: Date; attrs?: AttioReadBack; page?: number },
): Promise<{ changes: CrmChange[]; cursor: string | null }> {
  const page = opts.page ?? ATTIO_READ_PAGE;
  let q = db
    .selectFrom("crm_links")
    .select("external_id")
    .distinct()
    .where("client_id", "=", clientId)
    .where("adapter", "=", "attio")
    .where("kind", "=", "contact");
  if (cursor) q = q.where("external_id", ">", cursor);
  const ids = (await q.orderBy("external_id").limit(page).execute()).map((r) => r.external_id);
  if (ids.length === 0) return { changes: [], cursor: null };
  const answer = await call<{ data: PersonRecord[] }>("POST", "/v2/objects/people/records/query", {
    filter: { $or: ids.map((record_id) => ({ record_id })) },
    limit: ids.length,
  });
  const seen = new Set(answer.data.map((r) => r.id.record_id));
  const changes = answer.data.flatMap((r) => changesOf(r, opts.attrs ?? DEFAULT_ATTIO_READ_BACK, opts.now));
  for (const id of ids)
    if (!seen.has(id)) changes.push({ externalContactId: id, kind: "deleted", occurredAt: opts.now });
  return { changes, cursor: ids.length < page ? null : (ids.at(-1) ?? null) };
}
