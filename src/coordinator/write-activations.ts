// The writes of a list of activation decisions (spec 001 "Schema writes"; issue 14 item 7): the
// enrollment rows and the contacts an allow marks, then the event rows, each kind in one statement
// and in request order, so the enrollments are inserted, and the events numbered, in the order one
// request at a time gives them (request-activations.ts decides them).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { appendEvents } from "../event-log/index.ts";
import type { ActivationInput, ActivationOutcome, Decided } from "./activation-types.ts";
import { applyEffects } from "./apply-effects.ts";
import { decisionEventRow } from "./write-decision-event.ts";

/** The last write per enrollment wins, as it does one request at a time. */
function lastPer<T>(items: T[], key: (x: T) => string): T[] {
  const m = new Map<string, T>();
  for (const x of items) {
    m.delete(key(x));
    m.set(key(x), x);
  }
  return [...m.values()];
}

/**
 * The enrollment rows (inserts in request order, updates and ends of the enrollments asked again),
 * then the contacts an allow marks. Returns the enrollment of each request that has one, by index.
 */
export async function writeEnrollments(
  tx: Kysely<DB>,
  clientId: string,
  decided: Decided[],
  now: Date,
): Promise<Map<number, string>> {
  const enrollmentOf = new Map<number, string>();
  for (const x of decided) if (x.existing) enrollmentOf.set(x.i, x.existing.id);
  const inserts = decided.filter((x) => x.write?.kind === "insert");
  if (inserts.length) {
    const rows = await tx
      .insertInto("campaign_contacts")
      .values(
        inserts.map((x) => ({
          client_id: clientId,
          contact_id: x.req.contactId,
          campaign_id: x.campaign.id,
          status: x.write!.status,
          current_step: 1,
          next_send_at: x.write!.kind === "end" ? null : x.write!.at,
          enrolled_at: now,
          goal: x.req.goal ?? null,
          notes: x.req.notes ?? null,
          sequence_type: x.campaign.kind,
          originating_agent_id: originatingAgentOf(x.req),
          requested_by_principal_id: x.req.requestedBy?.principalId ?? null,
          play_id: x.campaign.play_id,
          originating_proposal_id: x.campaign.originating_proposal_id,
          updated_at: now,
        })),
      )
      .returning(["id", "contact_id", "campaign_id"])
      .execute();
    // a contact has one new enrollment per campaign in a list: a second is refused as a duplicate
    const idOf = new Map(rows.map((r) => [`${r.contact_id}/${r.campaign_id}`, r.id]));
    for (const x of inserts) enrollmentOf.set(x.i, idOf.get(`${x.req.contactId}/${x.campaign.id}`)!);
  }
  const changed = lastPer(
    decided.filter((x) => x.existing && x.write),
    (x) => x.existing!.id,
  );
  const updates = changed.filter((x) => x.write!.kind === "update");
  if (updates.length) {
    const at = (x: Decided) => (x.write!.kind === "end" ? null : (x.write!.at?.toISOString() ?? null));
    await sql`update campaign_contacts e set status = v.status, next_send_at = v.at, updated_at = ${now}
      from (select unnest(${updates.map((x) => x.existing!.id)}::uuid[]) as id,
                   unnest(${updates.map((x) => x.write!.status)}::text[]) as status,
                   unnest(${updates.map(at)}::timestamptz[]) as at) v
     where e.client_id = ${clientId} and e.id = v.id`.execute(tx);
  }
  const ends = changed.filter((x) => x.write!.kind === "end");
  if (ends.length) {
    const reason = (x: Decided) => (x.write!.kind === "end" ? x.write!.reason : null);
    await sql`update campaign_contacts e
                 set status = v.status, exited_at = ${now}, exit_reason = v.reason, next_send_at = null,
                     updated_at = ${now}
      from (select unnest(${ends.map((x) => x.existing!.id)}::uuid[]) as id,
                   unnest(${ends.map((x) => x.write!.status)}::text[]) as status,
                   unnest(${ends.map(reason)}::text[]) as reason) v
     where e.client_id = ${clientId} and e.id = v.id`.execute(tx);
  }
  const allowed = lastPer(
    decided.filter((x) => x.d.action === "allow"),
    (x) => x.req.contactId,
  );
  if (allowed.length) {
    await sql`update contacts c set active_sequence_id = v.eid, current_step = 1, updated_at = ${now}
      from (select unnest(${allowed.map((x) => x.req.contactId)}::uuid[]) as cid,
                   unnest(${allowed.map((x) => enrollmentOf.get(x.i)!)}::uuid[]) as eid) v
     where c.client_id = ${clientId} and c.contact_id = v.cid`.execute(tx);
  }
  return enrollmentOf;
}

/** The event rows in one statement, in request order, then each decision's effects and answer. */
export async function writeEvents(
  tx: Kysely<DB>,
  clientId: string,
  decided: Decided[],
  enrollmentOf: Map<number, string>,
  out: ActivationOutcome[],
  now: Date,
): Promise<void> {
  const rows = await appendEvents(
    tx,
    decided.map((x) =>
      decisionEventRow(
        "activation",
        x.d,
        {
          clientId,
          contactId: x.req.contactId,
          accountId: x.accountId,
          enrollmentId: enrollmentOf.get(x.i) ?? null,
          campaignId: x.campaign.id,
          stepNumber: 1,
          sequenceType: x.campaign.kind,
          originatingAgentId: originatingAgentOf(x.req),
          actorPrincipalId: x.req.requestedBy?.principalId ?? null,
          playId: x.campaign.play_id,
          originatingProposalId: x.campaign.originating_proposal_id,
        },
        now,
      ),
    ),
  );
  // the identity is drawn row by row in the order of the VALUES list
  const eventIds = rows.map((r) => Number(r.event_id)).sort((a, b) => a - b);
  for (const [k, x] of decided.entries()) {
    const eventId = eventIds[k];
    const enrollmentId = enrollmentOf.get(x.i) ?? null;
    if (x.d.effects.length) {
      await applyEffects(
        tx,
        x.d.effects,
        {
          clientId,
          contactId: x.req.contactId,
          enrollmentId,
          campaignId: x.campaign.id,
          eventId,
          sequenceType: x.campaign.kind,
        },
        originatingAgentOf(x.req),
        now,
      );
    }
    const { trace: _t, effects: _e, resolution: _r, ...rest } = x.d;
    out[x.i] = { decision: { ...rest, eventId }, enrollmentId };
  }
}

function originatingAgentOf(req: ActivationInput): string | null {
  return req.originatingAgentId ?? req.requestedBy?.agentId ?? null;
}
