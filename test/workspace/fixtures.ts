// Data for workspace tests: segments, accounts, contacts, plays through the plays domain (so the
// database's own rules apply), and event-log rows and flags as the coordinator writes them.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Principal } from "../../src/auth/principal.ts";
import type { DB } from "../../src/db/database.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { createDraft } from "../../src/plays/create-draft.ts";
import { editPlay, pickUpPlay } from "../../src/plays/review-play.ts";

export const playDoc = (name: string, segment = "mm") => ({
  scope: "segment" as const,
  segment,
  name,
  hypothesis: `${name}: mid-market retailers respond to proof.`,
  target_definition: { icp_tiers: ["T1" as const, "T2" as const], verticals: ["retail"] },
  suggested_cadence: {
    cadence_type: "sales" as const,
    steps: [
      { day: 0, channel: "email" as const, content_type: "follow_up" as const, instructions: "Open warmly." },
      {
        day: 3,
        channel: "email" as const,
        content_type: "proof" as const,
        instructions: "Share a proof asset.",
      },
    ],
  },
  success_criteria: { meeting_rate: 0.1 },
  proposal: { payload: { note: name } },
});

export async function seedTaxonomy(db: Kysely<DB>, clientId: string, contacts = 3) {
  await db
    .insertInto("segments")
    .values([
      { client_id: clientId, segment: "mm", name: "Mid-market" },
      { client_id: clientId, segment: "ent", name: "Enterprise" },
    ])
    .execute();
  const account = await db
    .insertInto("accounts")
    .values({ client_id: clientId, name: "Northwind", segment: "mm", icp_tier: "T1" })
    .returning("account_id")
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 0; i < contacts; i++) {
    const r = await db
      .insertInto("contacts")
      .values({
        client_id: clientId,
        account_id: account.account_id,
        full_name: `Contact ${String.fromCharCode(65 + i)} Person`,
        email: `c${i}@northwind.test`,
      })
      .returning("contact_id")
      .executeTakeFirstOrThrow();
    ids.push(r.contact_id);
  }
  return { accountId: account.account_id, contactIds: ids };
}

/** A brain draft taken all the way to active by two different people. */
export async function activePlay(
  db: Kysely<DB>,
  who: { agent: Principal; revops: Principal; slm: Principal },
  name: string,
  now: Date,
  segment = "mm",
) {
  const draft = await createDraft(db, who.agent, playDoc(name, segment), now);
  await pickUpPlay(db, who.revops, draft.play_id, now);
  await editPlay(db, who.revops, draft.play_id, { hypothesis: `${name}: edited in review.` }, now);
  await approvePlay(db, who.slm, draft.play_id, { as: "slm" }, now);
  return approvePlay(db, who.revops, draft.play_id, { as: "revops" }, now);
}

/** Event-log rows: touches over the last days, and suppressions with their reasons. */
export async function seedEvents(
  db: Kysely<DB>,
  clientId: string,
  contactId: string,
  now: Date,
  playId?: string,
) {
  const rows = [];
  for (let d = 0; d < 5; d++) {
    rows.push({
      client_id: clientId,
      contact_id: contactId,
      occurred_at: new Date(now.getTime() - d * 86_400_000),
      event_type: "touch",
      coordinator_action: "allow" as const,
      sequence_type: "sales" as const,
      channel: "email",
      play_id: playId ?? null,
    });
  }
  rows.push({
    client_id: clientId,
    contact_id: contactId,
    occurred_at: new Date(now.getTime() - 3_600_000),
    event_type: "suppressed",
    coordinator_action: "hold" as const,
    sequence_type: "sales" as const,
    channel: "email",
    play_id: playId ?? null,
    suppressed_reason: "touch_cap_exceeded",
    release_at: new Date(now.getTime() + 86_400_000),
    gate: 3,
  } as any);
  await db.insertInto("cadence_event_log").values(rows).execute();
}

export async function seedFlag(db: Kysely<DB>, clientId: string, contactId: string, now: Date) {
  await sql`insert into coordinator_flags (client_id, flag_type, dedup_key, contact_id, details, raised_at)
    values (${clientId}, 'stall', ${randomUUID()}, ${contactId}, '{"days_idle": 8}'::jsonb, ${now.toISOString()}::timestamptz)`.execute(
    db,
  );
}
