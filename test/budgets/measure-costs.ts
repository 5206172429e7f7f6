// Issue 68 item 2: what each hot path costs the database, counted on PGlite with a fixed fixture and
// held to test/budgets/cost-budget.json (checked in, as db/schema.sql is). The counts are those of
// cost-meter.ts: statements sent, statements planned, rows written, functions and triggers called,
// shared buffers touched. Each path runs WARM times first, on rows of its own of the same shape, so
// that the connection has prepared its named statements and the plan cache has made its choice (a
// server's steady state), then once measured. A change that moves a count fails with the budget's
// diff and the command that accepts it; the accepting commit says why. Buffers may drift by a page
// between runs of one tree (buffersWithin); every other count is exact.
import assert from "node:assert/strict";
import { sql } from "kysely";
import {
  createCampaign,
  enrollContact,
  enrollContacts,
  setCampaignPorts,
} from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import { decideReply } from "../../src/campaigns/triage/decide-reply.ts";
import { gateStep, gateStepsBatch } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { ingestSignals } from "../../src/signals/index.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { engineDeps } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import "../../src/runtime/errors.ts";
import { type Cost, costMeter } from "./cost-meter.ts";

const WARM = 6;
const BATCH = 32;
const T0 = new Date("2026-03-03T15:00:00Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// the reply classifier reads the first word of the text as the intent (as test/campaigns/reply-triage)
const fixed = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    return {
      intent: text.split(" ")[0] as ReplyIntent,
      returnDate: null,
      confidence: 1,
      by: "fixed",
      stopSignal: false,
      referral: null,
    };
  },
};

const steps = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    step_number: i + 1,
    delay_days: 2 * i,
    channel: "email" as const,
    content_type: "follow_up" as const,
    template_instructions: "Hi.",
  }));

const measured: Record<string, Cost> = {};
const worlds: World[] = [];

/** A database of its own, its tenant (its id fixed), campaigns and meter. */
interface World {
  database: Database;
  deps: EngineDeps;
  t: Tenant;
  meter: Awaited<ReturnType<typeof costMeter>>;
  contacts: number;
}

type CampaignShape = { slug: string; approval: "auto_send" | "require_approval"; steps: number };

async function world(campaigns: CampaignShape[]): Promise<World> {
  const database = await testDatabase();
  // every row's id drawn from a sequence here, not at random: with random ids an index's pages split
  // at other rows on each run, and a path's buffers moved by one (the counts' only drift)
  await sql`create sequence budget_ids`.execute(database.db);
  await sql`
    do $$
    declare r record;
    begin
      for r in select table_name, column_name from information_schema.columns
                where table_schema = current_schema() and column_default = 'gen_random_uuid()' loop
        execute format('alter table %I alter column %I set default md5(nextval(''budget_ids'')::text)::uuid',
                       r.table_name, r.column_name);
      end loop;
    end $$`.execute(database.db);
  const t = await createTenant(database.db, "budget", "budget-00000001");
  for (const c of campaigns)
    await createCampaign(
      database.db,
      t.revops,
      {
        slug: c.slug,
        name: c.slug,
        type: "nurture",
        owner_role: "roles.marketing",
        kind: "nurture",
        approval_policy: c.approval,
        steps: steps(c.steps),
      },
      T0,
    );
  const w: World = {
    database,
    deps: await engineDeps(database),
    t,
    meter: await costMeter(database.db, database.pglite!),
    contacts: 0,
  };
  worlds.push(w);
  return w;
}

/**
 * `k` contacts, each of an account of its own (the fixture's shape for every path), in one statement.
 * Their ids are fixed (md5 of their number), as their tenant's is: rows laid out in the same order on
 * every run touch the same pages (with random ids, the buffers of three paths moved by up to 6%).
 */
async function contacts(w: World, k: number): Promise<string[]> {
  const first = w.contacts + 1;
  w.contacts += k;
  const r = await sql<{ contact_id: string }>`
    with a as (
      insert into accounts (account_id, client_id, name)
      select md5('account ' || g)::uuid, ${w.t.clientId}, 'Budget Co ' || g
        from generate_series(${first}::int, ${w.contacts}::int) g
      returning account_id, name)
    insert into contacts (contact_id, client_id, account_id, full_name, email)
    select md5('contact ' || substr(a.name, 11))::uuid, ${w.t.clientId}, a.account_id,
           'Budget Person ' || substr(a.name, 11), 'person' || substr(a.name, 11) || '@budget.test'
      from a order by a.name
    returning contact_id`.execute(w.database.db);
  return r.rows.map((x) => x.contact_id);
}

/** `k` new contacts enrolled in `campaign` at `now`: their enrollments. */
async function enrolled(w: World, campaign: string, k: number, now: Date): Promise<string[]> {
  const items = await enrollContacts(
    w.database.db,
    w.t.exec,
    { campaign, contacts: (await contacts(w, k)).map((contactId) => ({ contactId })) },
    now,
  );
  return items.map((x) => x.result!.enrollment_id!);
}

/**
 * Runs `setup(i)` then `op` WARM times, then once more measuring `op` alone (i = WARM). The tables are
 * analyzed after the first setup, as a server's autovacuum would have: without statistics the batch's
 * plan read 1,200 buffers a decision, a plan no server makes.
 */
async function warmThenMeasure<S>(
  w: World,
  name: string,
  setup: (i: number) => Promise<S>,
  op: (s: S, i: number) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i <= WARM; i++) {
    const s = await setup(i);
    if (i === 0) await sql`analyze`.execute(w.database.db);
    if (i < WARM) await op(s, i);
    else measured[name] = await w.meter.measure(() => op(s, i));
  }
}

/** Every path measured, in order, in this process (a fresh one: cost-budget.test.ts spawns it). */
export async function measureAll(): Promise<Record<string, Cost>> {
  setCampaignPorts({ classifier: fixed });
  try {
    await decisions();
    const engine = await engineStep();
    await approvedSend(engine);
    await replyAndTriage(engine);
    await signalIngested();
  } finally {
    setCampaignPorts({});
    for (const w of worlds) await w.database.close();
  }
  return measured;
}

/** One decision (gateStep, one a transaction), and a batch of 32 (gateStepsBatch). */
async function decisions(): Promise<void> {
  const w = await world([{ slug: "decide", approval: "auto_send", steps: 3 }]);
  const { clientId } = w.t;
  // a tenant's other enrollments, there when the tables are analyzed: with a handful of rows every
  // plan is as cheap as any other, and a generic plan that reads many rows for one (issue 68's
  // snapshot) costs no more than its custom one
  await enrolled(w, "decide", 64, T0);
  await warmThenMeasure(
    w,
    "decision",
    async () => (await enrolled(w, "decide", 1, T0))[0],
    (id) =>
      w.database.db
        .transaction()
        .execute((tx) => gateStep(tx, { clientId, enrollmentId: id }, T0, { endsTransaction: true })),
  );
  await warmThenMeasure(
    w,
    "batch of 32 decisions",
    () => enrolled(w, "decide", BATCH, T0),
    (ids) =>
      w.database.db.transaction().execute((tx) => gateStepsBatch(tx, { clientId, enrollmentIds: ids }, T0)),
  );
}

// the engine's paths share one database, one after the other: a pass claims any due step, so each
// path leaves none behind (the steps exit, the drafts are sent, the replies come last)

/** One engine step (a pass with one due step of an auto-sent campaign: gates, send, touch, exit). */
async function engineStep(): Promise<World> {
  const engine = await world([
    { slug: "step", approval: "auto_send", steps: 1 },
    { slug: "approve", approval: "require_approval", steps: 1 },
    { slug: "reply", approval: "auto_send", steps: 3 },
  ]);
  const w = engine;
  await warmThenMeasure(
    w,
    "engine step",
    async (i) => {
      const at = new Date(T0.getTime() + i * 60 * MINUTE);
      await enrolled(w, "step", 1, at);
      return at;
    },
    async (at) => {
      const s = await runEngineOnce(w.deps, at, { workerId: "budget", batch: 1 });
      assert.equal(s.errors, 0);
    },
  );
  return engine;
}

/** One approved send (the pass that sends one draft a person approved). */
async function approvedSend(w: World): Promise<void> {
  await warmThenMeasure(
    w,
    "approved send",
    async (i) => {
      const at = new Date(T0.getTime() + DAY + i * 60 * MINUTE);
      await enrolled(w, "approve", 1, at);
      await runEngineOnce(w.deps, at, { workerId: "budget", batch: 1 }); // stages the draft
      assert.equal(await approvePending(w.database.db, w.t.exec, at), 1);
      return new Date(at.getTime() + MINUTE);
    },
    async (at) => {
      const s = await runEngineOnce(w.deps, at, { workerId: "budget", batch: 1 });
      assert.equal(s.errors, 0);
    },
  );
}

/** One reply processed, and one triage decision. */
async function replyAndTriage(w: World): Promise<void> {
  const at = new Date(T0.getTime() + 2 * DAY);
  const held: string[] = [];
  await warmThenMeasure(
    w,
    "reply processed",
    async () => {
      const [c] = await contacts(w, 1);
      await enrollContact(
        w.database.db,
        w.t.exec,
        { campaign: "reply", contactId: c },
        new Date(at.getTime() - 60 * MINUTE),
      );
      return c;
    },
    async (contactId) => {
      const r = await processReply(
        w.database.db,
        w.t.agt301,
        { contactId, text: "other What is this about?", receivedAt: at },
        at,
      );
      assert.ok(r.action === "held" && r.triage === "pending", `held for triage: ${JSON.stringify(r)}`);
      held.push(r.reply_id);
    },
  );
  const later = new Date(at.getTime() + 60 * MINUTE);
  await warmThenMeasure(
    w,
    "triage decision",
    async (i) => held[i],
    (replyId) => decideReply(w.database.db, w.t.revops, { replyId, decision: "continue" }, later),
  );
}

/**
 * One signal ingested (issue 69, a batch of one through ingestSignals, as the API, the CLI and MCP
 * record it): a website visit naming a known contact by address, matched, recorded, and the active
 * plays' hook run on it (none here).
 */
async function signalIngested(): Promise<void> {
  const w = await world([]);
  await contacts(w, 64);
  await warmThenMeasure(
    w,
    "signal ingested",
    async (i) => {
      const [id] = await contacts(w, 1);
      return { i, email: `person${w.contacts}@budget.test`, id };
    },
    async ({ i, email }) => {
      const r = await ingestSignals(
        w.database.db,
        w.t.revops,
        [
          {
            type: "pricing_page_visit",
            email,
            occurredAt: new Date(T0.getTime() - (WARM + 1 - i) * MINUTE),
            source: "website",
            externalId: `visit-${i}`,
            attributes: { path: "/pricing" },
          },
        ],
        { secret: "budget" },
        T0,
      );
      assert.equal(r.recorded, 1, JSON.stringify(r));
    },
  );
}

// the child cost-budget.test.ts spawns: the counts as JSON on stdout
if (process.argv[1] === import.meta.filename) {
  process.stdout.write(`${JSON.stringify(await measureAll())}\n`);
}
