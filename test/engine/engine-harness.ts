// Drives the real engine on a simulated clock for tests: the exec approves every pending draft,
// reps and the exec mark their tasks done, and the clock jumps to the next due time.

import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Principal } from "../../src/auth/principal.ts";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import type { ChannelName } from "../../src/channels/channel-kinds.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { defaultEngineDeps } from "../../src/engine/default-engine-deps.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { nextWakeAt } from "../../src/engine/next-wake.ts";
import { completeRepTask, listMyTasks } from "../../src/engine/rep-tasks.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

export async function engineDeps(
  database: Database,
  overrides: Partial<EngineDeps> = {},
): Promise<EngineDeps> {
  const config = {
    ...loadConfig({}),
    demo: false,
    publicUrl: "http://baton.test",
    smtp: undefined,
    llm: undefined,
  };
  return defaultEngineDeps(database, config, overrides);
}

export async function addContact(
  db: Kysely<DB>,
  clientId: string,
  name: string,
  opts: { company?: string; email?: string | null; linkedin?: string } = {},
): Promise<string> {
  const account = await db
    .insertInto("accounts")
    .values({ client_id: clientId, name: opts.company ?? `${name} Co`, segment: null })
    .returning("account_id")
    .executeTakeFirstOrThrow();
  const slug = name.toLowerCase().replace(/[^a-z]+/g, ".");
  const c = await db
    .insertInto("contacts")
    .values({
      client_id: clientId,
      account_id: account.account_id,
      full_name: name,
      email: opts.email === undefined ? `${slug}@example.test` : opts.email,
      linkedin_url: opts.linkedin ?? `https://www.linkedin.com/in/${slug}`,
    })
    .returning("contact_id")
    .executeTakeFirstOrThrow();
  return c.contact_id;
}

/** The exec approves what is pending (finished first); the rep and the exec complete their open tasks. */
export async function actAsPeople(deps: EngineDeps, t: Tenant, now: Date): Promise<number> {
  // finishing each template draft first, as a person does (the server approves no [placeholder])
  const pending = await approvePending(deps.db, t.exec, now);
  let done = 0;
  for (const who of [t.rep, t.exec]) {
    for (const task of (await listMyTasks(deps.db, who, { status: "open" })).items) {
      // a task whose contact had today's touch is held (REP_TASK_HELD): a person does it later
      const held = await completeRepTask(deps, who, task.id, now).then(
        () => false,
        (e) => {
          if (isBatonError(e) && e.code === "REP_TASK_HELD") return true;
          throw e;
        },
      );
      if (!held) done++;
    }
  }
  return pending + done;
}

/** Runs the engine (with people acting) from `from` until `until`, jumping to each due time. */
export async function runUntil(
  deps: EngineDeps,
  t: Tenant,
  from: Date,
  until: Date,
  opts: { people?: boolean; onTick?: (now: Date) => Promise<void> } = {},
): Promise<Date> {
  let now = from;
  for (let guard = 0; guard < 10_000; guard++) {
    await opts.onTick?.(now);
    const s = await runEngineOnce(deps, now, {
      workerId: "test",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    const acted = opts.people === false ? 0 : await actAsPeople(deps, t, now);
    if (s.claimed || s.exited || acted || Object.keys(s.sends).length) continue; // more may be due at this instant
    const next = await nextWakeAt(deps.db, t.clientId);
    if (!next || next > until) return until;
    now = next > now ? next : new Date(now.getTime() + 1000);
  }
  throw new Error("runUntil did not settle");
}

/** A one-step nurture campaign that sends at once without approval (auto_send): one step = one email. */
export function oneStepNurture(db: Kysely<DB>, revops: Principal, slug: string, now: Date) {
  return createCampaign(
    db,
    revops,
    {
      slug,
      name: slug,
      type: "nurture",
      owner_role: "roles.marketing",
      kind: "nurture",
      approval_policy: "auto_send",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Hi.",
        },
      ],
    },
    now,
  );
}

/** A one-step sales campaign: its drafts wait for the exec's approval (approval_policy by default). */
export function oneStepSales(
  db: Kysely<DB>,
  revops: Principal,
  slug: string,
  now: Date,
  opts: { channel?: ChannelName; instructions?: string } = {},
) {
  return createCampaign(
    db,
    revops,
    {
      slug,
      name: slug,
      type: "membership",
      owner_role: "roles.sales",
      kind: "sales",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: opts.channel ?? "email",
          content_type: "follow_up",
          template_instructions: opts.instructions ?? "Say hi.",
        },
      ],
    },
    now,
  );
}

/**
 * A tenant with a one-step auto-send nurture campaign on `database`: the engine's dependencies, and
 * `enroll(name)`, which enrolls a new contact in it at `now`.
 */
export async function oneStepTenant(
  database: Database,
  prefix: string,
  now: Date,
  overrides: Partial<EngineDeps> = {},
): Promise<{ deps: EngineDeps; enroll: (name: string) => Promise<string> }> {
  const deps = await engineDeps(database, overrides);
  const t = await createTenant(database.db, prefix);
  const campaign = `${prefix}_nurture`;
  await oneStepNurture(database.db, t.revops, campaign, now);
  const enroll = async (name: string) => {
    const contactId = await addContact(database.db, t.clientId, name);
    return (await enrollContact(database.db, t.exec, { campaign, contactId }, now)).enrollment_id!;
  };
  return { deps, enroll };
}

/**
 * `n` contacts of the tenant (`<name> 1` … `<name> n`, `<name>1@example.test` …), each enrolled in
 * the campaign at step 1 and due at `now`: written in two statements, for tests that run many steps.
 */
export async function dueEnrollments(
  db: Kysely<DB>,
  clientId: string,
  campaignId: string,
  n: number,
  name: string,
  now: Date,
): Promise<void> {
  const local = name.toLowerCase();
  await sql`insert into contacts (client_id, full_name, email)
            select ${clientId}, ${name} || ' ' || g, ${local} || g || '@example.test' from generate_series(1, ${n}) g`.execute(
    db,
  );
  await sql`insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at, enrolled_at, sequence_type)
            select client_id, contact_id, ${campaignId}, 'active', 1, ${now}, ${now}, 'nurture'
              from contacts where client_id = ${clientId}`.execute(db);
}

/**
 * A tenant of `n` contacts, each enrolled in a one-step nurture and due at `now`, or, with
 * `minutesApart`, the k-th (by contact id) k × minutesApart minutes before it.
 */
export async function enrolledTenant(db: Kysely<DB>, name: string, n: number, now: Date, minutesApart = 0) {
  const t = await createTenant(db, name);
  const campaign = await oneStepNurture(db, t.revops, `${name}_nurture`, now);
  await sql`insert into contacts (client_id, full_name, email)
            select ${t.clientId}, 'p' || g, 'p' || g || ${`@${name}.test`} from generate_series(1, ${n}::int) g`.execute(
    db,
  );
  await sql`insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at,
                                           enrolled_at, sequence_type)
            select client_id, contact_id, ${campaign.id}, 'active', 1,
                   ${now}::timestamptz - (row_number() over (order by contact_id) * ${minutesApart}) * interval '1 minute',
                   ${now}, 'nurture'
              from contacts where client_id = ${t.clientId}`.execute(db);
  return t;
}

/**
 * How a named statement's plan cache planned `q` over 8 calls with its values, as a driver's named
 * statement runs (PREPARE, then EXECUTE with the values as literals; pg_prepared_statements).
 */
export async function planCacheCounts(
  db: Kysely<DB>,
  name: string,
  q: RawBuilder<unknown>,
): Promise<{ generic: number; custom: number }> {
  const literal = (v: unknown) =>
    v instanceof Date ? `'${v.toISOString()}'` : typeof v === "number" ? String(v) : `'${String(v)}'`;
  return db.transaction().execute(async (tx) => {
    const c = q.compile(tx);
    await sql.raw(`prepare ${name} as ${c.sql}`).execute(tx);
    for (let i = 0; i < 8; i++)
      await sql.raw(`execute ${name}(${c.parameters.map(literal).join(", ")})`).execute(tx);
    const r = await sql<{ generic: number; custom: number }>`
      select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
       where name = ${name}`.execute(tx);
    await sql.raw(`deallocate ${name}`).execute(tx);
    return r.rows[0];
  });
}
