// A signal proposes, people and caps decide (issue 69 item 3). After a batch is recorded, the
// contacts whose last signal moved are offered to the active plays whose target_definition names
// one of their fresh signals as an intent signal: through the same path as any play execution
// (executeActivePlays: only active plays, so only plays inside their segment's cap; the coordinator's
// five gates for each contact; nothing here writes an enrollment). Each cited proposal is logged as
// a `signal_proposal` event with the signals it answers and what they say in words, beside the gate's
// decision and on the enrollment it made, so a touch traces back to its signals.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { type Citation, executeActivePlays, type PlayRun } from "../plays/index.ts";
import { signalWords } from "./signal-words.ts";

/** The window whose signals a proposal cites ("this week"). */
export const CITE_WINDOW_DAYS = 7;

export interface Fresh {
  contact_id: string;
  signal_id: string;
  type: string;
  label: string | null;
  occurred_at: Date;
}

/**
 * The signals of (since, now] that concern each contact: its own, and its account's whose type
 * reaches its people (account_reach all_contacts), oldest first. One index lookup a contact and
 * branch, by the contact's (or account's) own index, the window kept outside the lookup (`offset 0`
 * keeps it there). A join on `contact_id = … or account_id = …`, or a lookup that also named the
 * window, was planned while `signals` looked empty (a fresh schema's first burst) as a range scan of
 * the tenant's whole window on signals_occurred_idx, the two indexes costing the same on a table of
 * "no" rows: each batch then read every signal recorded before it (bench:signals, 40,000 signals:
 * the proposals' read went from 0.5 s to 3.6 s a batch within the round). The catalogue is joined
 * once the contacts' signals are read (`materialized`): joined beside them, its "one row" (15 in
 * truth) became the outer loop, and every lookup ran once a type.
 */
export async function signalsOfContacts(
  db: Kysely<DB>,
  clientId: string,
  contactIds: readonly string[],
  since: Date,
  now: Date,
): Promise<Map<string, Fresh[]>> {
  const of = new Map<string, Fresh[]>();
  if (contactIds.length === 0) return of;
  const rows = await sql<Fresh>`
    with f as materialized (
      select c.contact_id, s.signal_id, s.type, s.subject, s.occurred_at
        from contacts c
        cross join lateral (
          select o.signal_id, o.type, o.subject, o.occurred_at from signals o
           where o.client_id = c.client_id and o.contact_id = c.contact_id
          union all
          select a.signal_id, a.type, a.subject, a.occurred_at from signals a
           where a.client_id = c.client_id and a.account_id = c.account_id and a.subject = 'account'
             and a.contact_id is distinct from c.contact_id
          offset 0) s
       where c.client_id = ${clientId} and c.contact_id = any(${[...contactIds]}::uuid[])
         and s.occurred_at > ${since} and s.occurred_at <= ${now})
    select f.contact_id, f.signal_id, f.type, t.label, f.occurred_at
      from f join signal_types t on t.client_id = ${clientId} and t.name = f.type
     where f.subject = 'contact' or t.account_reach = 'all_contacts'
     order by f.occurred_at, f.signal_id`.execute(db);
  for (const r of rows.rows) of.set(r.contact_id, [...(of.get(r.contact_id) ?? []), r]);
  return of;
}

/** The citation of a contact's fresh signals among a play's intent signals, or null when none answers it. */
export function citationOf(
  fresh: readonly Fresh[],
  intentSignals: readonly string[],
  window = "this week",
): Citation | null {
  const wanted = new Set(intentSignals.map((s) => s.toLowerCase()));
  const answers = fresh.filter((f) => wanted.has(f.type.toLowerCase()));
  if (answers.length === 0) return null;
  const counts = new Map<string, number>();
  const labels = new Map<string, string | null>();
  for (const a of answers) {
    counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
    labels.set(a.type, a.label);
  }
  return {
    signal_ids: answers.map((a) => a.signal_id),
    types: [...counts.keys()].sort(),
    says: signalWords(counts, (t) => labels.get(t) ?? null, window),
  };
}

/** Proposes the raised contacts for the active plays their fresh signals answer; returns the play runs. */
export async function proposeFromSignals(
  db: Kysely<DB>,
  clientId: string,
  contactIds: readonly string[],
  now: Date,
): Promise<PlayRun[]> {
  if (contactIds.length === 0 || db.isTransaction) return [];
  const since = new Date(now.getTime() - CITE_WINDOW_DAYS * 86_400_000);
  const fresh = await signalsOfContacts(db, clientId, contactIds, since, now);
  const raised = [...fresh.keys()].sort();
  if (raised.length === 0) return [];
  return executeActivePlays(db, now, {
    clientId,
    contactIds: raised,
    cite: (contactId, intent) => citationOf(fresh.get(contactId) ?? [], intent),
  });
}
