// The simulated days themselves, shared by `baton simulate` (an in-memory database) and the demo's
// living history (the demo tenant, its past 60 days): the production engine, coordinator and
// campaigns code on a virtual clock. People act between engine passes: the exec approves drafts
// and routes hand-offs, reps do their tasks; contacts reply in the evening (seeded), and the replies
// that wait for a person are decided the next morning (simulate-triage.ts).
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { enrollMany, processReplies, type ReplyInput, routeHandoffs } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { isUnfinished, templateLine, unfinishedParts } from "../drafting/contract.ts";
import type { DraftEdit, EngineDeps } from "../engine/index.ts";
import {
  addDays,
  completeRepTasks,
  decideDrafts,
  listMyTasks,
  nextWakeAt,
  runEngineOnce,
} from "../engine/index.ts";
import { isBatonError } from "../errors/baton-error.ts";
import type { ReplyClassifier, ReplyIntent } from "../replies/index.ts";
import { clearTriageQueue } from "./simulate-triage.ts";

/** Replies a transaction in the evening (a reply's contact appears once a day). */
const REPLY_BATCH = 100;

/** Deterministic PRNG (mulberry32) so a seed gives the same run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The simulated contact says what it means: "[intent] ..." (the rule classifier is tested elsewhere). */
export const scriptedClassifier: ReplyClassifier = {
  name: "simulation",
  async classify(text, receivedAt) {
    const intent = (/^\[(\w+)\]/.exec(text)?.[1] ?? "other") as ReplyIntent;
    return {
      intent,
      returnDate: intent === "out_of_office" ? addDays(receivedAt, 5) : null,
      confidence: 1,
      by: "simulation",
    };
  },
};

/** The default evening reply of a touched contact (one random draw): 4% meeting, 2% not interested, … */
export function defaultReply(r: number): ReplyIntent | null {
  return r < 0.04
    ? "meeting"
    : r < 0.06
      ? "not_interested"
      : r < 0.07
        ? "unsubscribe"
        : r < 0.09
          ? "out_of_office"
          : r < 0.12
            ? "other"
            : null;
}

export interface SimulatedContact {
  id: string;
  /** the simulated day it is enrolled */
  day: number;
  enroll: { campaign: string; goal?: "awareness" | "pipeline" | "credibility" | "marketing_relief" }[];
}

export interface DayTouch {
  campaign_id: string | null;
  step_number: number | null;
  variant: string | null;
}

export interface SimulationProgress {
  day: number;
  days: number;
  steps: number;
  sends: number;
  simulatedAt: Date;
}

export interface SimulateDaysOptions {
  deps: EngineDeps;
  clientId: string;
  exec: Principal;
  rep: Principal;
  contacts: SimulatedContact[];
  start: Date;
  days: number;
  random: () => number;
  /** The evening reply of a contact touched today (default: defaultReply of one random draw). */
  replyOf?: (touches: DayTouch[], random: () => number) => ReplyIntent | null;
  /** Whether the exec approves drafts on this day (default: every day). */
  approveOn?: (day: number) => boolean;
  /** Where the exec routes hand-offs. */
  handoffCampaigns?: string[];
  onProgress?: (p: SimulationProgress) => void;
  /** The first day to simulate (default 0): a build resumed after a restart starts at its next day. */
  fromDay?: number;
  /** Stops the simulation between two engine passes (a server shutting down during the build). */
  signal?: AbortSignal;
  /** Called (and awaited) after each day's work is committed, with the number of days done. */
  onDayDone?: (daysDone: number) => Promise<void>;
}

/**
 * A draft as the simulated exec finishes it before approving: the template's note and brief
 * deleted, and each [bracketed] part taken as written, brackets dropped (the server approves no
 * draft with either left). Null when the draft is finished as drafted.
 */
export function finishDraft(subject: string | null, body: string): DraftEdit | null {
  if (!isUnfinished(unfinishedParts(subject, body))) return null;
  const fill = (t: string) => t.replace(/[[\]]/g, "");
  const lines = body.split("\n").filter((l) => !templateLine(l));
  while (lines.length > 1 && lines[0].trim() === "") lines.shift();
  return { subject: subject === null ? null : fill(subject), body: fill(lines.join("\n")) };
}

/**
 * The exec approves every pending draft of the tenant (or, with `only`, of those contacts: the
 * demo's history acts only on the rows it made, issue 56 item 4), finishing each first; returns how
 * many.
 */
export async function approvePending(
  db: Kysely<DB>,
  exec: Principal,
  now: Date,
  only?: ReadonlySet<string>,
): Promise<number> {
  const all = await db
    .selectFrom("staged_drafts as d")
    .leftJoin("sales_send_queue as q", (j) =>
      j.onRef("q.client_id", "=", "d.client_id").onRef("q.id", "=", "d.send_item_id"),
    )
    .select(["d.id", "d.subject", "d.body", "q.contact_id"])
    .where("d.client_id", "=", exec.clientId)
    .where("d.status", "=", "pending")
    .orderBy("d.id")
    .execute();
  const pending = only ? all.filter((d) => d.contact_id !== null && only.has(d.contact_id)) : all;
  if (pending.length === 0) return 0;
  const edits = new Map<string, DraftEdit>();
  for (const d of pending) {
    const edit = finishDraft(d.subject, d.body);
    if (edit) edits.set(d.id, edit);
  }
  await decideDrafts(
    db,
    exec,
    pending.map((p) => p.id),
    { action: "approve" },
    now,
    edits,
  );
  return pending.length;
}

export async function simulateDays(o: SimulateDaysOptions): Promise<SimulationProgress> {
  const fromDay = o.fromDay ?? 0;
  const progress: SimulationProgress = {
    day: fromDay,
    days: o.days,
    steps: 0,
    sends: 0,
    simulatedAt: o.start,
  };
  let now = o.start;
  const heldUntil = new Map<string, Date>();
  // every event of a day comes after the events of the days before it (one writer on a virtual
  // clock): the evening's read of the day's touches starts after the last touch it read the day
  // before, on the log's (client_id, event_type, event_id) index, instead of walking the tenant's
  // whole touch history (201 ms a day at 100,000 contacts; docs/performance-journal.md 0u.1). A resumed run
  // reads its first day from the start.
  let touchesAfter = 0;
  const simulated = new Set(o.contacts.map((c) => c.id));
  for (let d = fromDay; d < o.days; d++) {
    const dayStart = addDays(o.start, d);
    const dayEnd = addDays(o.start, d + 1);
    const approve = o.approveOn?.(d) ?? true;
    if (now < dayStart) now = dayStart;
    await startDay(o, d, fromDay, simulated, now);
    now = await runEngineThroughDay(o, progress, { heldUntil, simulated, approve, dayEnd }, now);
    // evening: replies to today's touches, and the exec routes hand-offs
    const evening = new Date(dayEnd.getTime() - 3_600_000);
    const day = await touchesOfDay(o.deps.db, o.clientId, touchesAfter, dayStart, dayEnd);
    touchesAfter = day.touchesAfter;
    await replyInEvening(o, d === fromDay, day.touchesOf, evening);
    if (approve) await routeDayHandoffs(o, simulated, dayEnd, evening);
    if (now < evening) now = evening;
    progress.day = d + 1;
    progress.simulatedAt = now;
    await o.onDayDone?.(d + 1);
    o.onProgress?.({ ...progress });
  }
  return progress;
}

/**
 * A simulated day's morning: the team clears the replies that waited for a person overnight (issue
 * 56), then the day's list is enrolled as a bulk enrollment does (each item decided in order).
 */
async function startDay(
  o: SimulateDaysOptions,
  d: number,
  fromDay: number,
  simulated: ReadonlySet<string>,
  now: Date,
): Promise<void> {
  const db: Kysely<DB> = o.deps.db;
  const { exec, rep } = o;
  await clearTriageQueue(db, [rep, exec], now, simulated);
  const list = o.contacts
    .filter((x) => x.day === d)
    .flatMap((c) => c.enroll.map((e) => ({ campaign: e.campaign, contactId: c.id, goal: e.goal })));
  for (const r of await enrollMany(db, rep, list, now)) {
    // a day resumed after a restart: its enrollments may have been made before the restart
    if (!r.ok && !(d === fromDay && r.error?.code === "ENROLLMENT_ALREADY_ACTIVE"))
      throw new Error(`simulated enrollment of ${r.contact_id} refused: ${r.error?.message}`);
  }
  await maintainChangedTables(db);
}

/** What a simulated day's passes share: the tasks held until a time, the simulation's contacts. */
interface DayState {
  heldUntil: Map<string, Date>;
  simulated: ReadonlySet<string>;
  approve: boolean;
  dayEnd: Date;
}

/**
 * The engine through the day, jumping to each due time, people acting between passes; stops when
 * nothing is due before the day ends. The clock it reached.
 */
async function runEngineThroughDay(
  o: SimulateDaysOptions,
  progress: SimulationProgress,
  day: DayState,
  start: Date,
): Promise<Date> {
  let now = start;
  for (let guard = 0; guard < 5000; guard++) {
    o.signal?.throwIfAborted();
    // the embedded database answers without I/O, so a chain of queries never lets the event loop
    // poll: a server building its demo history in the background would not answer its requests
    await yieldToLoop();
    const s = await runEngineOnce(o.deps, now, { workerId: "sim", batch: 200 });
    progress.steps += s.claimed;
    progress.sends += s.sends.sent ?? 0;
    const { pending, tasks } = await actBetweenPasses(o, day, now);
    if (s.claimed || s.exited || pending || tasks || Object.keys(s.sends).length) continue;
    const next = await nextWakeAt(o.deps.db, o.clientId);
    if (!next || next >= day.dayEnd) break;
    now = next > now ? next : new Date(now.getTime() + 1000);
  }
  return now;
}

/**
 * Between two engine passes the exec approves the pending drafts and the rep and the exec do their
 * open tasks: the simulation's own rows only (a person's drafts, tasks and replies made while the
 * history builds are theirs to decide, issue 56 item 4). How many of each.
 */
async function actBetweenPasses(
  o: SimulateDaysOptions,
  { heldUntil, simulated, approve, dayEnd }: DayState,
  now: Date,
): Promise<{ pending: number; tasks: number }> {
  const db: Kysely<DB> = o.deps.db;
  const pending = approve ? await approvePending(db, o.exec, now, simulated) : 0;
  let tasks = 0;
  if (approve)
    for (const who of [o.rep, o.exec]) {
      // a task held by the contact's caps (REP_TASK_HELD) is done once its `until` has come
      const open = (await listMyTasks(db, who, {})).items.filter((t) => {
        if (!simulated.has(t.contact_id)) return false;
        const until = heldUntil.get(t.id);
        return !until || until <= now;
      });
      const results = await completeRepTasks(
        o.deps,
        who,
        open.map((t) => t.id),
        now,
      );
      results.forEach((r, i) => {
        if (isBatonError(r) && r.code === "REP_TASK_HELD") {
          heldUntil.set(open[i].id, new Date(String(r.facts.until ?? dayEnd.toISOString())));
        } else if (isBatonError(r) && r.code === "REP_TASK_CANCELLED_CONTACT") {
          // the contact left (a reply, an opt-out) while the task waited: it is closed, no touch
        } else if (r instanceof Error) throw r;
        else tasks++;
      });
    }
  return { pending, tasks };
}

/** The day's touches by contact, read after the last touch read before; and the new last. */
async function touchesOfDay(
  db: Kysely<DB>,
  clientId: string,
  after: number,
  dayStart: Date,
  dayEnd: Date,
): Promise<{ touchesOf: Map<string, DayTouch[]>; touchesAfter: number }> {
  let touchesAfter = after;
  const rows = await db
    .selectFrom("cadence_event_log")
    .select([
      "event_id",
      "contact_id",
      "campaign_id",
      "step_number",
      (eb) => eb.ref("details", "->>").key("variant").as("variant"),
    ])
    .where("client_id", "=", clientId)
    .where("event_type", "=", "touch")
    .where("event_id", ">", touchesAfter)
    .where("occurred_at", ">=", dayStart)
    .where("occurred_at", "<", dayEnd)
    .orderBy("contact_id")
    .orderBy("event_id")
    .execute();
  const touchesOf = new Map<string, DayTouch[]>();
  for (const r of rows) {
    touchesAfter = Math.max(touchesAfter, Number(r.event_id));
    if (!r.contact_id) continue;
    const list = touchesOf.get(r.contact_id) ?? [];
    list.push({
      campaign_id: r.campaign_id,
      step_number: r.step_number,
      variant: (r.variant as string) ?? null,
    });
    touchesOf.set(r.contact_id, list);
  }
  return { touchesOf, touchesAfter };
}

/**
 * The evening's replies to the day's touches (replyOf decides who replies and how), in batches
 * (processReplies: the same effects as one by one, in order). A day resumed after a restart makes
 * no reply it already made.
 */
async function replyInEvening(
  o: SimulateDaysOptions,
  resumed: boolean,
  touchesOf: Map<string, DayTouch[]>,
  evening: Date,
): Promise<void> {
  const db: Kysely<DB> = o.deps.db;
  const replyOf = o.replyOf ?? ((_t, random) => defaultReply(random()));
  // a day resumed after a restart: the evening's replies already made are not made twice
  const replied = resumed
    ? new Set(
        (
          await db
            .selectFrom("cadence_event_log")
            .select("contact_id")
            .where("client_id", "=", o.clientId)
            .where("event_type", "=", "reply")
            .where("occurred_at", "=", evening)
            .execute()
        ).map((r) => r.contact_id),
      )
    : new Set<string | null>();
  const replies: ReplyInput[] = [];
  for (const [contactId, touches] of touchesOf) {
    const intent = replyOf(touches, o.random);
    if (!intent || replied.has(contactId)) continue;
    replies.push({ contactId, text: `[${intent}] simulated reply`, receivedAt: evening });
  }
  for (let from = 0; from < replies.length; from += REPLY_BATCH) {
    await yieldToLoop();
    const done = await processReplies(
      db,
      o.rep,
      replies.slice(from, from + REPLY_BATCH),
      evening,
      scriptedClassifier,
    );
    for (const r of done) if (r instanceof Error) throw r;
  }
}

/**
 * The exec routes the hand-offs the simulation made (issue 56 item 4): opened on its own clock,
 * before this evening, for one of its contacts. A person's hand-off made while the history builds
 * carries the wall clock, after the simulated days, and stays open for the exec.
 */
async function routeDayHandoffs(
  o: SimulateDaysOptions,
  simulated: ReadonlySet<string>,
  dayEnd: Date,
  evening: Date,
): Promise<void> {
  const db: Kysely<DB> = o.deps.db;
  const open = await db
    .selectFrom("campaign_handoffs")
    .select(["id", "contact_id"])
    .where("client_id", "=", o.clientId)
    .where("status", "=", "open")
    .where("created_at", ">=", o.start)
    .where("created_at", "<", dayEnd)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(500)
    .execute();
  const routed = await routeHandoffs(
    db,
    o.exec,
    open
      .filter((h) => simulated.has(h.contact_id))
      .map((h) => ({
        handoffId: h.id,
        campaigns: o.handoffCampaigns ?? ["b2bea_membership_close"],
        notes: "simulated exec routing",
      })),
    evening,
  );
  for (const r of routed) if (r instanceof Error) throw r;
}

/**
 * The tables kept the way a server's autovacuum keeps them, with its default thresholds: a table is
 * vacuumed once 50 rows + 20% of it are dead, or 1,000 rows + 20% of it were inserted since its last
 * vacuum, and analyzed once 50 rows + 10% of it changed. PGlite runs no autovacuum, and the machines'
 * server has it off: without statistics the claims, the contact locks and the send-window facts walked
 * the whole tenant for each row (the simulation's time grew with the square of its contacts); without
 * vacuum every update of a send item, a draft or an enrollment left its old version in the partial
 * indexes on their status (the claims' and the tenant listings' scans read them all: 182,246 dead
 * items beside 72,173 live after 10 days of 30,000 contacts), and no page of the event log was
 * all-visible (gate 3's index-only reads of the touch index went to the heap). Neither changes a row.
 */
export async function maintainChangedTables(db: Kysely<DB>): Promise<void> {
  // the backend sends its counts to pg_stat_user_tables at most once a second, as it goes idle: read
  // without this flush, the counts (and so which tables get analyzed, the plans and the report)
  // depended on how fast the machine ran (docs/performance-journal.md 0e: 52,118 sends alone, 52,254 beside
  // another run). Its own statement: the flush happens when the backend goes idle after it.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const r = await sql<{ t: string; vacuum: boolean; analyze: boolean }>`
    select relname as t,
           n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup as vacuum,
           n_mod_since_analyze > 50 + 0.1 * n_live_tup as analyze
      from pg_stat_user_tables
     where schemaname = current_schema()
       and (n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup
            or n_mod_since_analyze > 50 + 0.1 * n_live_tup)
     order by relname`.execute(db);
  // VACUUM runs outside a transaction, one table a statement
  for (const { t } of r.rows.filter((x) => x.vacuum)) await sql`vacuum ${sql.table(t)}`.execute(db);
  const analyze = r.rows.filter((x) => x.analyze);
  if (analyze.length === 0) return;
  // a sample of 3,000 rows a table instead of the default 30,000 (default_statistics_target 10, not
  // 100): the simulation's tables are uniform, and the event log's and the drafts' ANALYZE (wide
  // rows, JSON and bodies) took 0.1-0.2 s each on a server, 12% of a 10,000-contact run
  await db.transaction().execute(async (tx) => {
    await sql`set local default_statistics_target = 10`.execute(tx);
    for (const { t } of analyze) await sql`analyze ${sql.table(t)}`.execute(tx);
  });
}

/** A progress line for a terminal: rewritten in place (\r), ended with a newline on the last day. */
export function terminalProgress(write: (s: string) => void): (p: SimulationProgress) => void {
  return (p) => {
    const line = `simulated day ${p.day}/${p.days} (${p.simulatedAt.toISOString().slice(0, 10)}): ${p.steps.toLocaleString("en-US")} steps, ${p.sends.toLocaleString("en-US")} sends`;
    write(`\r${line}${p.day === p.days ? "\n" : ""}`);
  };
}
