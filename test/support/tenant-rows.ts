// Every row of a tenant that an exit or a reply may write, ids replaced by stable labels, so that two
// tenants given the same scenario (one handled in a batch, the other one by one) compare equal.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../src/db/database.ts";
import type { Tenant } from "./tenant.ts";

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The tenant's rows; `contacts` names its contacts (id → label). */
export async function tenantRows(db: Kysely<DB>, t: Tenant, contacts: Record<string, string>) {
  const { clientId } = t;
  const names = new Map<string, string>();
  for (const [l, id] of Object.entries(contacts)) names.set(id, `contact:${l}`);
  for (const [k, p] of Object.entries(t))
    if (typeof p === "object") names.set(p.principalId, `principal:${k}`);
  const all = async (table: string, order = "1") =>
    (
      await sql<Record<string, any>>`select * from ${sql.table(table)} where client_id = ${clientId}
                                     order by ${sql.raw(order)}`.execute(db)
    ).rows;
  for (const c of await all("campaigns")) names.set(c.id, `campaign:${c.slug}`);
  const enr = await all("campaign_contacts", "enrolled_at, campaign_id");
  for (const e of enr) names.set(e.id, `enrollment:${names.get(e.contact_id)}/${names.get(e.campaign_id)}`);
  const items = await all("sales_send_queue");
  for (const q of items) {
    names.set(q.id, `item:${q.step_number}`);
    if (q.staged_draft_id) names.set(q.staged_draft_id, `draft:${q.step_number}`);
  }
  const handoffs = await all("campaign_handoffs");
  for (const h of handoffs) names.set(h.id, `handoff:${names.get(h.contact_id)}`);
  const replies = await all("campaign_replies", "received_at, body");
  for (const r of replies) names.set(r.id, `reply:${names.get(r.contact_id)}:${r.body}`);
  const drafts = await all("staged_drafts");
  const contactRows = (await all("contacts")).map((c) => ({
    contact_id: c.contact_id,
    account_id: c.account_id,
    active_sequence_id: c.active_sequence_id,
    current_step: c.current_step,
    updated_at: c.updated_at,
    last_touch_at: c.last_touch_at,
    unsubscribe_flag: c.unsubscribe_flag,
  }));
  // an account is named after its first contact in `contacts` (a referral opens one at the replier's)
  const contactOf = new Map(contactRows.map((c) => [c.contact_id, c]));
  for (const id of Object.values(contacts)) {
    const c = contactOf.get(id);
    if (c?.account_id && !names.has(c.account_id)) names.set(c.account_id, `account:${names.get(id)}`);
  }
  const events = await all("cadence_event_log", "event_id");
  const outbox = await all("crm_outbox", "id");
  const notes = await all("notification_outbox", "notification_id");
  const norm = (rows: object[], drop: string[]) =>
    rows.map((r) => {
      const o: Record<string, unknown> = { ...r };
      for (const k of ["client_id", "created_at", ...drop]) delete o[k];
      const text = JSON.stringify(o).replace(UUID, (id) => names.get(id) ?? `unknown:${id}`);
      const row = JSON.parse(text.replaceAll(clientId, "tenant"));
      // the enrollments a reply held are a set, listed in the lock order of their random ids
      const bySet = (v: unknown[]) =>
        [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      if (Array.isArray(row.held)) row.held = bySet(row.held);
      if (Array.isArray(row.details?.held)) row.details.held = bySet(row.details.held);
      return row;
    });
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  // Per contact, in the order written (a batch writes all exits before the chains, so the
  // interleaving across contacts differs by design).
  const perContact = (rows: Record<string, any>[]) =>
    sameKindRunsSorted([...rows].sort((a, b) => String(a.contact_id).localeCompare(String(b.contact_id))));
  return {
    names,
    enrollments: sorted(norm(enr, ["enrolled_at"])),
    items: sorted(norm(items, [])),
    drafts: sorted(norm(drafts, [])),
    contacts: sorted(norm(contactRows, [])),
    handoffs: sorted(norm(handoffs, [])),
    replies: sorted(norm(replies, ["recorded_at"])),
    // xact: the writing transaction's id (0310), which differs from one database to the other
    events: perContact(norm(events, ["event_id", "recorded_at", "xact"])),
    crm: perContact(norm(outbox, ["id"])),
    notifications: norm(notes, ["notification_id"]),
  };
}

/**
 * A contact's consecutive rows of one kind (the `held` events of a reply that held several of its
 * enrollments) are written in the lock order of the enrollments' random ids, which differs from one
 * tenant to the other: each such run is compared as a set.
 */
function sameKindRunsSorted(rows: Record<string, any>[]): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  let run: Record<string, any>[] = [];
  const flush = () => {
    out.push(...run.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    run = [];
  };
  for (const r of rows) {
    const last = run[run.length - 1];
    if (last && (last.contact_id !== r.contact_id || last.event_type !== r.event_type)) flush();
    run.push(r);
  }
  flush();
  return out;
}

/** `value` with every id replaced by its label in `rows` (results, errors). */
export function labelled(rows: { names: Map<string, string> }, value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(UUID, (id) => rows.names.get(id) ?? `unknown:${id}`));
}

/** Two tenants' rows are the same, table by table, and every id in them was labelled. */
export function sameRows(
  expect: (v: unknown) => { toEqual(v: unknown): void; not: { toContain(v: string): void } },
  a: Awaited<ReturnType<typeof tenantRows>>,
  b: Awaited<ReturnType<typeof tenantRows>>,
) {
  const { names: _a, ...rowsA } = a;
  const { names: _b, ...rowsB } = b;
  expect(JSON.stringify([rowsA, rowsB])).not.toContain("unknown:");
  for (const k of Object.keys(rowsA) as (keyof typeof rowsA)[]) expect([k, rowsA[k]]).toEqual([k, rowsB[k]]);
}
