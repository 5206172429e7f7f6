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
// Attio's signed webhooks (receive-attio-webhook.ts) name the records that changed: people, read
// with the same query (readAttioPeople) with their company moves; deals, whose stages are read as
// the poll reads them; companies, whose linked people are read again. The poll is the fallback for a
// missed delivery.
// Deal stages people set and company moves are read from the values' dates (attio-moves.ts): a value
// set since the sweep before this one. The cursor is JSON {a, s, p}: the last record id read (null:
// a sweep starts), when this sweep started, and when the one before it started (the first sweep
// looks 29 days back); a plain record id (a cursor of before) goes on from it.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import {
  type AttioCall,
  type AttioRecord,
  type AttioValue,
  movedPeople,
  readCompanyMoves,
  readDealStages,
} from "./attio-moves.ts";
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
/** History calls (two per person whose company changed) a poll may make. */
export const ATTIO_HISTORY_BUDGET = 40;
/** A first sweep looks this far back for stages and moves. */
const FIRST_SWEEP_MS = 29 * 86_400_000;

type PersonRecord = AttioRecord;

interface SweepCursor {
  /** the last record id read; null: a sweep starts */
  a: string | null;
  /** when this sweep started */
  s: string | null;
  /** when the sweep before it started */
  p: string | null;
}

export function decodeAttioCursor(raw: string | null): SweepCursor {
  if (!raw) return { a: null, s: null, p: null };
  try {
    const j = JSON.parse(raw);
    const date = (x: unknown) => (typeof x === "string" && !Number.isNaN(Date.parse(x)) ? x : null);
    if (j && typeof j === "object")
      return { a: typeof j.a === "string" ? j.a : null, s: date(j.s), p: date(j.p) };
  } catch {}
  // a cursor of before (the last record id, a uuid): the sweep goes on from it
  return { a: raw, s: null, p: null };
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

/** The records query for these people: the poll's page, or the records a webhook named. */
async function queryPeople(call: AttioCall, ids: string[]): Promise<Map<string, PersonRecord>> {
  const answer = await call<{ data: PersonRecord[] }>("POST", "/v2/objects/people/records/query", {
    filter: { $or: ids.map((record_id) => ({ record_id })) },
    limit: ids.length,
  });
  return new Map(answer.data.map((r) => [r.id.record_id, r]));
}

/** Each person's current state as changes; an id the answer lacks was deleted in Attio. */
function stateChanges(
  ids: string[],
  found: Map<string, PersonRecord>,
  attrs: AttioReadBack,
  now: Date,
): CrmChange[] {
  const changes = ids.flatMap((id) => {
    const r = found.get(id);
    return r ? changesOf(r, attrs, now) : [];
  });
  for (const id of ids)
    if (!found.has(id)) changes.push({ externalContactId: id, kind: "deleted", occurredAt: now });
  return changes;
}

/**
 * The current state of these people read from Attio, as changes: what the poll and a webhook both
 * apply (receive-attio-webhook.ts), so a change heard both ways is one change and one signal. With
 * `movesSince`, also their company moves set since then, as the poll reads them (two history calls
 * a moved person, at most ATTIO_HISTORY_BUDGET: the people past it are left to the poll).
 */
export async function readAttioPeople(
  call: AttioCall,
  ids: string[],
  opts: { now: Date; attrs?: AttioReadBack; movesSince?: number; budget?: number },
): Promise<CrmChange[]> {
  if (ids.length === 0) return [];
  const found = await queryPeople(call, ids);
  const changes = stateChanges(ids, found, opts.attrs ?? DEFAULT_ATTIO_READ_BACK, opts.now);
  if (opts.movesSince !== undefined) {
    const moved = movedPeople([...found.values()], opts.movesSince);
    const within = moved.slice(0, Math.floor((opts.budget ?? ATTIO_HISTORY_BUDGET) / 2));
    changes.push(...(await readCompanyMoves(call, within)));
  }
  return changes;
}

export async function readAttioChanges(
  db: Kysely<DB>,
  call: AttioCall,
  clientId: string,
  raw: string | null,
  opts: { now: Date; attrs?: AttioReadBack; page?: number; budget?: number },
): Promise<{ changes: CrmChange[]; cursor: string | null }> {
  const page = opts.page ?? ATTIO_READ_PAGE;
  const cursor = decodeAttioCursor(raw);
  const started = cursor.a === null ? opts.now.toISOString() : (cursor.s ?? opts.now.toISOString());
  // what is new: set since the sweep before this one began (a person read twice is one signal)
  const since = cursor.p ? Date.parse(cursor.p) : opts.now.getTime() - FIRST_SWEEP_MS;
  let q = db
    .selectFrom("crm_links")
    .select("external_id")
    .distinct()
    .where("client_id", "=", clientId)
    .where("adapter", "=", "attio")
    .where("kind", "=", "contact");
  if (cursor.a) q = q.where("external_id", ">", cursor.a);
  const linked = (await q.orderBy("external_id").limit(page).execute()).map((r) => r.external_id);
  const done = (last: string | null): string =>
    JSON.stringify(last ? { a: last, s: started, p: cursor.p } : { a: null, s: null, p: started });
  if (linked.length === 0) return { changes: [], cursor: done(null) };
  // the history budget: the page ends before the person who would exceed it
  const found = await queryPeople(call, linked);
  const moving = new Set(movedPeople([...found.values()], since).map((r) => r.id.record_id));
  const budget = opts.budget ?? ATTIO_HISTORY_BUDGET;
  let spent = 0;
  let end = linked.length;
  for (let i = 0; i < linked.length; i++) {
    if (!moving.has(linked[i]!)) continue;
    if (spent + 2 > budget && i > 0) {
      end = i;
      break;
    }
    spent += 2;
  }
  const ids = linked.slice(0, end);
  const people = ids.flatMap((id) => found.get(id) ?? []);
  const changes = stateChanges(ids, found, opts.attrs ?? DEFAULT_ATTIO_READ_BACK, opts.now);
  changes.push(...(await readDealStages(call, people, since)));
  changes.push(...(await readCompanyMoves(call, movedPeople(people, since))));
  const finished = end === linked.length && linked.length < page;
  return { changes, cursor: done(finished ? null : (ids.at(-1) ?? null)) };
}
