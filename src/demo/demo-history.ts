// The demo's living history (issue 13): on the first start with demo data, simulate the past 60
// days of the demo tenant with the production engine on a virtual clock (src/simulation/simulate-days),
// so every chart, funnel, timeline, flag list and the approval inbox shows data, with a clear A/B
// winner on b2bea_membership step 1. The server builds it in the background after it listens
// (issue 37 item 8); its row carries the progress, and later starts skip only a completed history.
// Kept out of seedDemo so tests that seed the demo do not pay for it.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { StepVariant } from "../campaigns/index.ts";
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import type { DB } from "../db/database.ts";
import type { EngineFactory } from "../engine/index.ts";
import { addDays } from "../engine/index.ts";
import { scanFlags } from "../flags/index.ts";
import { draftRetrospective } from "../learning/index.ts";
import type { SuggestedCadence } from "../plays/index.ts";
import { ensurePlayCampaign } from "../plays/index.ts";
import type { ReplyIntent } from "../replies/index.ts";
import {
  type DayTouch,
  defaultReply,
  rng,
  type SimulatedContact,
  type SimulationProgress,
  simulateDays,
} from "../simulation/index.ts";
import { DEMO_CLIENT } from "./demo-principals.ts";
import { seedWaitingReplies } from "./demo-waiting-replies.ts";
import { DEMO_ACCOUNTS } from "./seed-base.ts";

export const DEMO_HISTORY_DAYS = 60;
/** The history's last days, whose drafts wait for the exec and on which its late contacts arrive. */
const LATE_DAYS = 3;

/** Step 1 of b2bea_membership: B (a specific peer-proof opener) beats A (a generic intro). */
export const DEMO_VARIANTS: StepVariant[] = [
  {
    key: "A",
    subject: "B2BEA membership for your team",
    instructions: "Generic intro: what B2BEA membership is and what members get.",
    weight: 50,
  },
  {
    key: "B",
    subject: "How a peer in your vertical filled its pipeline",
    instructions:
      "Open with one named peer in their vertical and the pipeline it got from B2BEA; one question.",
    weight: 50,
  },
];
const STEP2_VARIANTS: StepVariant[] = [
  { key: "A", subject: null, instructions: "One proof point for their segment, as a number.", weight: 50 },
  {
    key: "B",
    subject: null,
    instructions: "One proof point for their segment, as a short story.",
    weight: 50,
  },
];

export interface DemoHistoryOptions {
  days?: number;
  contacts?: number;
  now?: Date;
  seed?: number;
  onProgress?: (p: SimulationProgress) => void;
  signal?: AbortSignal;
}

/** A demo tenant's person by email, as a principal (null when the demo has no such person). */
export async function demoPerson(database: Database, email: string): Promise<Principal | null> {
  const r = await database.db
    .selectFrom("principals")
    .select(["principal_id", "display_name", "roles"])
    .where("client_id", "=", DEMO_CLIENT)
    .where("email", "=", email)
    .executeTakeFirst();
  return r
    ? {
        principalId: r.principal_id,
        clientId: DEMO_CLIENT,
        kind: "person",
        displayName: r.display_name,
        roles: r.roles as Principal["roles"],
        agentId: null,
      }
    : null;
}

// people's names, so a draft to one reads "Hi Amara," (80 contacts: 16 first names × 5 last names)
const FIRST_NAMES = [
  "Amara",
  "Bastian",
  "Chloe",
  "Dmitri",
  "Elena",
  "Farid",
  "Greta",
  "Hiro",
  "Ines",
  "Jonas",
  "Keiko",
  "Lars",
  "Maya",
  "Nikhil",
  "Olivia",
  "Pablo",
];
const LAST_NAMES = ["Adler", "Brennan", "Castillo", "Dufour", "Eriksen"];

/** The name of the history's i-th contact (found again by its address, history.<i+1>@…). */
export function historyName(i: number): string {
  return `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
}

export interface DemoHistoryStatus {
  /** none: no history for this tenant (not the demo, or it never started); building; done */
  state: "none" | "building" | "done";
  days_done: number;
  days: number;
}

/** Where the tenant's history stands: the dashboard shows it while the server builds it in the background. */
export async function demoHistoryStatus(db: Database["db"], clientId: string): Promise<DemoHistoryStatus> {
  const r = await db
    .selectFrom("learning_demo_history")
    .select(["simulated_days", "days_done", "completed_at"])
    .where("client_id", "=", clientId)
    .executeTakeFirst();
  if (!r) return { state: "none", days_done: 0, days: 0 };
  return {
    state: r.completed_at ? "done" : "building",
    days_done: r.days_done,
    days: r.simulated_days,
  };
}

/**
 * Claims the demo tenant's history before the server listens (one row, fast), so the dashboard says
 * "building" from the first request. Returns whether a build is due: false when the history is
 * complete or the demo people are missing.
 */
export async function beginDemoHistory(database: Database, opts: DemoHistoryOptions = {}): Promise<boolean> {
  const db = database.db;
  const row = await db
    .selectFrom("learning_demo_history")
    .select("completed_at")
    .where("client_id", "=", DEMO_CLIENT)
    .executeTakeFirst();
  if (row) return row.completed_at === null;
  if (!(await demoPerson(database, "justin@demo.test")) || !(await demoPerson(database, "tara@demo.test")))
    return false;
  const days = opts.days ?? DEMO_HISTORY_DAYS;
  await db
    .insertInto("learning_demo_history")
    .values({
      client_id: DEMO_CLIENT,
      simulated_days: days,
      started_at: addDays(opts.now ?? new Date(), -days),
      completed_at: null,
    })
    .onConflict((oc) => oc.column("client_id").doNothing())
    .execute();
  return true;
}

/**
 * Builds the demo tenant's history, or finishes one a restart interrupted: every step is safe to run
 * again (the contacts are found by their addresses, the simulation resumes at the first day not
 * committed, the retrospective is keyed by its window), and the row is marked complete only at the
 * end, so a later start never skips half a history. Returns whether it ran. `buildEngine` wires the
 * engine over this database (the composition root's, src/runtime/engine.ts).
 */
export async function runDemoHistory(
  database: Database,
  config: Config,
  buildEngine: EngineFactory,
  opts: DemoHistoryOptions = {},
): Promise<{ ran: boolean; ms: number; progress?: SimulationProgress }> {
  const t0 = Date.now();
  const db = database.db;
  if (!(await beginDemoHistory(database, opts))) return { ran: false, ms: 0 };
  const marker = await db
    .selectFrom("learning_demo_history")
    .select(["simulated_days", "days_done", "started_at"])
    .where("client_id", "=", DEMO_CLIENT)
    .executeTakeFirstOrThrow();
  const exec = await demoPerson(database, "justin@demo.test");
  const rep = await demoPerson(database, "tara@demo.test");
  if (!exec || !rep) return { ran: false, ms: 0 };
  const days = marker.simulated_days;
  const start = new Date(marker.started_at);
  const end = addDays(start, days);
  // the plan (who is enrolled on which day) draws from its own sequence, so a resumed build plans the
  // same history; the simulation's replies draw from another
  const plan = rng(opts.seed ?? 13);
  const random = rng((opts.seed ?? 13) + marker.days_done + 1);
  const membership = await startDemoAbTest(db);
  const { play, playSlug } = await demoPlayCampaign(db, start);
  const contacts = await planHistoryContacts(db, rep.principalId, opts.contacts ?? 80, days, plan, playSlug);
  const deps = await buildEngine(database, { ...config, smtp: undefined, llm: undefined });
  const replyOf = (touches: DayTouch[], r: () => number): ReplyIntent | null => {
    const x = r();
    const onStep1 = (v: string) =>
      touches.some((t) => t.campaign_id === membership?.id && t.step_number === 1 && t.variant === v);
    if (onStep1("B")) return x < 0.25 ? "meeting" : x < 0.4 ? "other" : x < 0.45 ? "not_interested" : null;
    if (onStep1("A")) return x < 0.02 ? "meeting" : x < 0.04 ? "other" : x < 0.05 ? "not_interested" : null;
    return defaultReply(x * 0.9);
  };
  const progress = await simulateDays({
    deps,
    clientId: DEMO_CLIENT,
    exec,
    rep,
    contacts,
    start,
    days,
    random,
    replyOf,
    // the last days' drafts, tasks and hand-offs wait for people: the inbox has work in it
    approveOn: (d) => d < days - LATE_DAYS,
    onProgress: opts.onProgress,
    fromDay: marker.days_done,
    signal: opts.signal,
    onDayDone: async (daysDone) => {
      await db
        .updateTable("learning_demo_history")
        .set({ days_done: daysDone })
        .where("client_id", "=", DEMO_CLIENT)
        .execute();
    },
  });
  if (play) await draftRetrospective(db, DEMO_CLIENT, play.play_id, start, end);
  // replies in a person's words at the history's end: the triage queue has work in it
  await seedWaitingReplies(db, rep, end);
  // the proactive flags of the history (stalls, caps): the flag list has them on the first page view
  await scanFlags(db, end, { clientId: DEMO_CLIENT });
  await sql`analyze learning_funnel_rollup`.execute(db);
  await db
    .updateTable("learning_demo_history")
    .set({ completed_at: new Date() })
    .where("client_id", "=", DEMO_CLIENT)
    .execute();
  return { ran: true, ms: Date.now() - t0, progress };
}

/** The A/B test the history runs, on the membership campaign's first two steps (only where the step has none yet). */
async function startDemoAbTest(db: Kysely<DB>) {
  const membership = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", DEMO_CLIENT)
    .where("slug", "=", "b2bea_membership")
    .executeTakeFirst();
  for (const [step, variants] of [
    [1, DEMO_VARIANTS],
    [2, STEP2_VARIANTS],
  ] as const) {
    if (!membership) break;
    await db
      .updateTable("campaign_sequences")
      .set({ variants: JSON.stringify(variants) })
      .where("client_id", "=", DEMO_CLIENT)
      .where("campaign_id", "=", membership.id)
      .where("step_number", "=", step)
      .where("variants", "is", null)
      .execute();
  }
  return membership;
}

/** An active play's campaign gets its own contacts, so its funnel and retrospective have numbers. */
async function demoPlayCampaign(db: Kysely<DB>, start: Date) {
  const play = await db
    .selectFrom("plays")
    .select(["play_id", "name", "suggested_cadence"])
    .where("client_id", "=", DEMO_CLIENT)
    .where("state", "=", "active")
    .orderBy("activated_at")
    .limit(1)
    .executeTakeFirst();
  let playSlug: string | null = null;
  if (play) {
    const c = await ensurePlayCampaign(
      db,
      {
        client_id: DEMO_CLIENT,
        play_id: play.play_id,
        name: play.name,
        suggested_cadence: play.suggested_cadence as SuggestedCadence,
      },
      start,
    );
    const row = await db
      .selectFrom("campaigns")
      .select("slug")
      .where("client_id", "=", DEMO_CLIENT)
      .where("id", "=", c.campaignId)
      .executeTakeFirst();
    playSlug = row?.slug ?? null;
  }

  return { play, playSlug };
}

/**
 * The history's contacts (found by their addresses when made before a restart, else made now, owned
 * by the rep) and the day each is enrolled, on which campaigns; drawn from `plan` in a fixed order.
 */
async function planHistoryContacts(
  db: Kysely<DB>,
  repId: string,
  n: number,
  days: number,
  plan: () => number,
  playSlug: string | null,
): Promise<SimulatedContact[]> {
  const contacts: SimulatedContact[] = [];
  for (let i = 0; i < n; i++) {
    const a = DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length];
    const email = `history.${i + 1}@${a.domain}`;
    // made before a restart, or now
    const c =
      (await db
        .selectFrom("contacts")
        .select("contact_id")
        .where("client_id", "=", DEMO_CLIENT)
        .where("email", "=", email)
        .executeTakeFirst()) ??
      (await db
        .insertInto("contacts")
        .values({
          client_id: DEMO_CLIENT,
          account_id: a.account_id,
          full_name: historyName(i),
          title: i % 3 === 0 ? "VP Marketing" : "Head of eCommerce",
          email,
          linkedin_url: `https://www.linkedin.com/in/history-${i + 1}`,
          owner_principal_id: repId,
        })
        .returning("contact_id")
        .executeTakeFirstOrThrow());
    // most join in the first weeks; the last tenth arrive in the last days, so their first drafts
    // wait in the approval inbox whatever the hour or weekday the history ends on (the sequences of
    // the early ones have mostly run their course by then). The day is drawn for every contact, so
    // the plan's later draws (and the other contacts' plans) are what they were.
    const early = Math.floor(plan() * Math.min(25, days - 10));
    const day = i >= n - Math.round(n / 10) ? Math.max(0, days - LATE_DAYS + (i % LATE_DAYS)) : early;
    const world = plan() < 0.3;
    const inPlay = playSlug !== null && plan() < 0.3;
    contacts.push({
      id: c.contact_id,
      day,
      enroll: [
        inPlay && playSlug
          ? { campaign: playSlug }
          : { campaign: "b2bea_membership", goal: "pipeline" as const },
        ...(world ? [{ campaign: "b2bea_world" }] : []),
      ],
    });
  }
  return contacts;
}

/** Progress for the server's start-up lines: one line every 10 simulated days. */
export function demoHistoryProgress(print: (line: string) => void): (p: SimulationProgress) => void {
  const t0 = Date.now();
  let first = true;
  return (p) => {
    if (first)
      print(
        p.day === 1
          ? `Demo history: simulating the past ${p.days} days in the background (the workspace shows its progress)…`
          : `Demo history: resuming at day ${p.day} of ${p.days} (a restart interrupted the build)…`,
      );
    first = false;
    if (p.day % 10 === 0 || p.day === p.days)
      print(
        `  day ${p.day}/${p.days}: ${p.steps} steps, ${p.sends} sends${p.day === p.days ? ` (${((Date.now() - t0) / 1000).toFixed(1)} s)` : ""}`,
      );
  };
}
