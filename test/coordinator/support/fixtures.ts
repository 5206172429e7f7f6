// Test data for coordinator tests: accounts, contacts, campaigns with steps, send items.
import type { Kysely } from "kysely";
import type { SequenceType } from "../../../src/db/core-tables.ts";
import type { DB } from "../../../src/db/database.ts";

let seq = 0;

export async function makeAccount(
  db: Kysely<DB>,
  clientId: string,
  opts: { tier?: "T1" | "T2" | "T3"; abm?: boolean } = {},
): Promise<string> {
  const r = await db
    .insertInto("accounts")
    .values({
      client_id: clientId,
      name: `acct ${++seq}`,
      icp_tier: opts.tier ?? "T2",
      abm_active: opts.abm ?? false,
    })
    .returning("account_id")
    .executeTakeFirstOrThrow();
  return r.account_id;
}

export async function makeContact(
  db: Kysely<DB>,
  clientId: string,
  opts: {
    accountId?: string | null;
    timeZone?: string;
    salesAt?: Date | null;
    marketingAt?: Date | null;
    optOut?: boolean;
  } = {},
): Promise<string> {
  const r = await db
    .insertInto("contacts")
    .values({
      client_id: clientId,
      account_id: opts.accountId ?? null,
      full_name: `Contact ${++seq}`,
      email: `c${seq}@example.test`,
      time_zone: opts.timeZone ?? "UTC",
      last_sales_signal_at: opts.salesAt ?? null,
      last_marketing_signal_at: opts.marketingAt ?? null,
      opt_out_flag: opts.optOut ?? false,
    })
    .returning("contact_id")
    .executeTakeFirstOrThrow();
  return r.contact_id;
}

export async function makeCampaign(
  db: Kysely<DB>,
  clientId: string,
  kind: SequenceType,
  opts: { steps?: number[]; status?: "active" | "paused" | "archived"; playId?: string | null } = {},
): Promise<string> {
  const r = await db
    .insertInto("campaigns")
    .values({
      client_id: clientId,
      slug: `c_${kind}_${++seq}`,
      name: `${kind} campaign ${seq}`,
      type: "play",
      owner_role: "roles.sales",
      kind,
      status: opts.status ?? "active",
      on_exit: "{}",
      play_id: opts.playId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const steps = opts.steps ?? [0, 2, 4];
  let n = 0;
  for (const delay of steps) {
    await db
      .insertInto("campaign_sequences")
      .values({
        client_id: clientId,
        campaign_id: r.id,
        step_number: ++n,
        delay_days: delay,
        channel: "email",
        content_type: "follow_up",
        template_instructions: "say hello",
      })
      .execute();
  }
  return r.id;
}

/** A send item for the enrollment's current step (what the engine creates after gateStep allows). */
export async function makeSendItem(
  db: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
  now: Date,
): Promise<string> {
  const e = await db
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("id", "=", enrollmentId)
    .executeTakeFirstOrThrow();
  const r = await db
    .insertInto("sales_send_queue")
    .values({
      client_id: clientId,
      contact_id: e.contact_id,
      campaign_id: e.campaign_id,
      enrollment_id: e.id,
      step_number: e.current_step,
      channel: "email",
      scheduled_at: now,
      idempotency_key: `${e.id}:${e.current_step}:${++seq}`,
      play_id: e.play_id,
      originating_proposal_id: e.originating_proposal_id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function events(db: Kysely<DB>, clientId: string, contactId: string) {
  return db
    .selectFrom("cadence_event_log")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .orderBy("event_id")
    .execute();
}
