// Issue 72's "Must show" on the held-out sets, through the real path: each held-out reply comes to
// a contact enrolled in a campaign and goes through processReply with the real default classifier
// (the campaigns' port: rules+model), as mail would, in three states of earned automation
// (src/replies/automation.ts, src/campaigns/triage/automation-classes.ts):
// - before: the static thresholds as they were before issue 72 item 1: every class open (a row per
//   earned intent and language at the intent's threshold) and no spot check (one in 1,000, more
//   than a set holds), so Baton acts alone on every sure reading (decidesAlone) as it did;
// - fresh: a tenant of its own with every class closed (no row), as a new tenant starts;
// - earned: a tenant that first replays the tuned stream of the replay test
//   (test/campaigns/earned-automation-replay.test.ts: the tuned English and no-language replies,
//   twice), its people deciding every reply that waits by its label, so it opens the classes its
//   team's decisions earn; then the held-out replies come;
// - earned-all: the same with every tuned reply (all seven languages and none, twice): the replay
//   test's stream is English, and a class is a language's, so this is what a team writing in the
//   held-out sets' languages would have earned from the same kind of stream.
// Nobody decides the held-out replies: each is counted as Baton first handles it, so the order of
// the set changes nothing but an open class's spot check. Both sets go to the same tenant of a
// state (holdout-72 first), each reply to a new contact.
// Only aggregate figures leave this module (measure-holdout.ts says why): no reply's text, id,
// contact or which reply a figure counts.
import type { Kysely } from "kysely";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import type { ReplyResult } from "../../src/campaigns/reply-lookups.ts";
import { decideReply } from "../../src/campaigns/triage/decide-reply.ts";
import { listAutomationClasses } from "../../src/campaigns/triage/read-automation-classes.ts";
import type { DB } from "../../src/db/database.ts";
import { AUTOMATION_THRESHOLDS, EARNED_INTENTS } from "../../src/replies/automation.ts";
import type { ReplyClassifier } from "../../src/replies/classifier.ts";
import { addContact } from "../engine/engine-harness.ts";
import { LABELLED_RECEIVED_AT, LABELLED_REPLIES } from "../fixtures/replies/tuned/labelled-replies.ts";
import { createReplayCampaign, decisionFor } from "../support/replies/triage-decision.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { HOLDOUT_LANGUAGES, type HoldoutReply } from "./measure-holdout.ts";

export const EARNED_STATES = ["before", "fresh", "earned", "earned-all"] as const;
export type EarnedState = (typeof EARNED_STATES)[number];

/** Counts; the table derives the percentages. */
export interface EarnedFigures {
  replies: number;
  intentRight: number;
  /** Baton acted without a person (triage auto) */
  alone: number;
  /** of those, the intent read is the labelled one (a delay's date too) */
  aloneRight: number;
  /** of those, by a rule that needs no class: a sure stop request, a "has left" notice */
  aloneFixed: number;
  /** decided alone as unsubscribe without a stop request (the contact is opted out: the safe side) */
  falseStops: number;
  /** the reply waits in the triage queue */
  toPerson: number;
  stopRequests: number;
  /** a stop request Baton handled alone without opting the contact out: the sequence goes on */
  stopContinued: number;
  /** a reply labelled not_interested whose enrollment exited as positive */
  noExitedPositive: number;
  /** any reply that did not say yes (label neither interested nor meeting) exited as positive */
  notYesExitedPositive: number;
  /** harmful errors and wrong readings acted on alone, by what let Baton act alone */
  wrongAlone: BySource;
  harmful: BySource;
  /** a sure reading of an earned intent that waited: its class closed or its spot check */
  sureWithheld: number;
}

/** fixed: a rule that needs no class (a sure stop request, a "has left" notice); class: an open class */
export interface BySource {
  fixed: number;
  cls: number;
}

export interface EarnedRow {
  set: string;
  state: EarnedState;
  figures: EarnedFigures;
}

export interface ClassesOpened {
  state: EarnedState;
  /** per earned intent: classes open of the classes the tenant has (its languages seen) */
  byIntent: { intent: string; open: number; of: number }[];
}

export interface EarnedMeasurement {
  rows: EarnedRow[];
  /** the classes as they stood when the held-out replies came (the earned state's: after its replay) */
  classes: ClassesOpened[];
  replay: { state: EarnedState; replies: number; alone: number; wrongAlone: number }[];
}

export interface EarnedOptions {
  /** the held-out sets, in order (each reply's labels stay in this module) */
  sets: readonly { name: string; replies: readonly HoldoutReply[] }[];
  states?: readonly EarnedState[];
  /** the classifier for every reply; default the campaigns' port (the real default) */
  classifier?: ReplyClassifier;
  /**
   * States "earned" and "earned-all": the classifier for the held-out replies once the tenant has replayed the tuned
   * stream and its people decided (issue 72 item 2: a model retrained on the tenant's own decisions
   * plugs in here). Default: the same classifier as the replay.
   */
  classifierAfterReplay?: (ctx: { db: Kysely<DB>; clientId: string }) => Promise<ReplyClassifier>;
}

const YES = new Set(["interested", "meeting"]);
const POSITIVE = new Set(["converted", "meeting", "registered", "meeting_booked"]);
const CAMPAIGN = "bdr_holdout";
/** Every class's language in the before state: the held-out languages and `und` (not known). */
const LANGUAGES = [...HOLDOUT_LANGUAGES, "und"];
/** The before state's spot check: one in the column's largest, more than any class gets here. */
const NO_SPOT_CHECK = 1000;

let contacts = 0;

async function newTenant(db: Kysely<DB>, state: EarnedState): Promise<Tenant> {
  const t = await createTenant(db, `ho-${state}`);
  await createReplayCampaign(db, t.revops, CAMPAIGN, "held-out", new Date("2026-01-01T00:00:00Z"));
  return t;
}

/** The before state: every earned class open at its intent's threshold, no spot check. */
async function openEveryClass(db: Kysely<DB>, clientId: string): Promise<void> {
  const now = new Date("2026-01-01T00:00:00Z");
  await db
    .insertInto("reply_automation_classes")
    .values(
      EARNED_INTENTS.flatMap((intent) =>
        LANGUAGES.map((language) => ({
          client_id: clientId,
          intent,
          language,
          state: "open" as const,
          min_confidence: AUTOMATION_THRESHOLDS[intent] as number,
          spot_check_every: NO_SPOT_CHECK,
          opened_at: now,
          updated_at: now,
        })),
      ),
    )
    .execute();
}

/** One reply to a new contact enrolled in the campaign, through processReply. */
async function send(
  db: Kysely<DB>,
  t: Tenant,
  text: string,
  at: Date,
  classifier: ReplyClassifier | undefined,
): Promise<ReplyResult> {
  contacts++;
  const contactId = await addContact(db, t.clientId, `Held ${contacts}`, {
    email: `held${contacts}@h${contacts}.example`,
  });
  const en = await enrollContact(
    db,
    t.exec,
    { campaign: CAMPAIGN, contactId },
    new Date(at.getTime() - 60_000),
  );
  if (!en.enrollment_id) throw new Error("a measured contact was not enrolled");
  return processReply(
    db,
    t.agt301,
    { contactId, text, receivedAt: at, messageId: `<held-${contacts}@measure.test>` },
    at,
    classifier,
  );
}

/** The tuned stream of the replay test, its people deciding each reply that waits by its label. */
async function replayTuned(
  db: Kysely<DB>,
  t: Tenant,
  classifier: ReplyClassifier | undefined,
  everyLanguage: boolean,
) {
  const stream = LABELLED_REPLIES.filter((r) => everyLanguage || (r.lang ?? "en") === "en");
  const out = { replies: 0, alone: 0, wrongAlone: 0 };
  for (let round = 0; round < 2; round++)
    for (const r of stream) {
      out.replies++;
      const at = new Date(new Date(r.receivedAt ?? LABELLED_RECEIVED_AT).getTime() + out.replies * 60_000);
      const res = await send(db, t, r.text, at, classifier);
      if (res.triage === "pending")
        await decideReply(
          db,
          t.revops,
          { replyId: res.reply_id, ...decisionFor(r.intent, at, r.returnDate) },
          at,
        );
      else if (res.triage === "auto") {
        out.alone++;
        if (res.intent !== r.intent) out.wrongAlone++;
      }
    }
  return out;
}

const isoDay = (iso: string | null) => (iso === null ? null : iso.slice(0, 10));

/** What let Baton act alone: a rule that needs no class, or an open class. */
const sourceOf = (res: ReplyResult): keyof BySource =>
  res.intent === "unsubscribe" || res.exit_reason === "left_company" ? "fixed" : "cls";

/** The held-out replies of one set in one tenant, counted from the results and the rows after. */
async function measureSet(
  db: Kysely<DB>,
  t: Tenant,
  replies: readonly HoldoutReply[],
  classifier: ReplyClassifier | undefined,
): Promise<EarnedFigures> {
  const f: EarnedFigures = {
    replies: 0,
    intentRight: 0,
    alone: 0,
    aloneRight: 0,
    aloneFixed: 0,
    falseStops: 0,
    toPerson: 0,
    stopRequests: 0,
    stopContinued: 0,
    noExitedPositive: 0,
    notYesExitedPositive: 0,
    wrongAlone: { fixed: 0, cls: 0 },
    harmful: { fixed: 0, cls: 0 },
    sureWithheld: 0,
  };
  const done: { reply: HoldoutReply; res: ReplyResult }[] = [];
  for (const reply of replies) {
    done.push({ reply, res: await send(db, t, reply.text, new Date(reply.received_at), classifier) });
  }
  const ids = done.map((d) => d.res.contact_id);
  const optedOut = new Set(
    (
      await db
        .selectFrom("contacts")
        .select("contact_id")
        .where("client_id", "=", t.clientId)
        .where("contact_id", "in", ids)
        .where("unsubscribe_flag", "=", true)
        .execute()
    ).map((r) => r.contact_id),
  );
  const exits = new Map(
    (
      await db
        .selectFrom("campaign_contacts")
        .select(["contact_id", "exit_reason"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "in", ids)
        .execute()
    ).map((r) => [r.contact_id, r.exit_reason]),
  );
  const sure = new Map(
    (
      await db
        .selectFrom("campaign_replies")
        .select(["contact_id", "sure"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "in", ids)
        .execute()
    ).map((r) => [r.contact_id, r.sure === true]),
  );
  for (const { reply, res } of done) {
    const alone = res.triage === "auto";
    const right =
      res.intent === reply.intent && (reply.intent !== "later" || isoDay(res.return_date) === reply.date);
    const positive = POSITIVE.has(exits.get(res.contact_id) ?? "");
    f.replies++;
    if (res.intent === reply.intent) f.intentRight++;
    if (alone) {
      f.alone++;
      if (sourceOf(res) === "fixed") f.aloneFixed++;
      if (res.intent === "unsubscribe" && !reply.stop) f.falseStops++;
      if (right) f.aloneRight++;
      else f.wrongAlone[sourceOf(res)]++;
    } else {
      f.toPerson++;
      if (sure.get(res.contact_id) && (EARNED_INTENTS as readonly string[]).includes(res.intent))
        f.sureWithheld++;
    }
    let harmful = false;
    if (reply.stop) {
      f.stopRequests++;
      if (alone && !optedOut.has(res.contact_id)) {
        f.stopContinued++;
        harmful = true;
      }
    }
    if (positive && reply.intent === "not_interested") f.noExitedPositive++;
    if (positive && !YES.has(reply.intent)) {
      f.notYesExitedPositive++;
      harmful = true;
    }
    if (harmful) f.harmful[sourceOf(res)]++;
  }
  return f;
}

async function classesOpened(db: Kysely<DB>, t: Tenant, state: EarnedState): Promise<ClassesOpened> {
  const classes = await listAutomationClasses(db, t.revops);
  return {
    state,
    byIntent: EARNED_INTENTS.map((intent) => {
      const of = classes.filter((c) => c.intent === intent);
      return { intent, open: of.filter((c) => c.state === "open").length, of: of.length };
    }),
  };
}

/** The three states over the sets: one tenant a state, every reply through processReply. */
export async function measureEarned(db: Kysely<DB>, options: EarnedOptions): Promise<EarnedMeasurement> {
  setCampaignPorts({});
  const out: EarnedMeasurement = { rows: [], classes: [], replay: [] };
  for (const state of options.states ?? EARNED_STATES) {
    const t = await newTenant(db, state);
    let classifier = options.classifier;
    if (state === "before") await openEveryClass(db, t.clientId);
    if (state === "earned" || state === "earned-all") {
      out.replay.push({ state, ...(await replayTuned(db, t, classifier, state === "earned-all")) });
      if (options.classifierAfterReplay)
        classifier = await options.classifierAfterReplay({ db, clientId: t.clientId });
    }
    out.classes.push(await classesOpened(db, t, state));
    for (const set of options.sets)
      out.rows.push({ set: set.name, state, figures: await measureSet(db, t, set.replies, classifier) });
  }
  return out;
}

const pct = (n: number, of: number) => (of === 0 ? "-" : `${((100 * n) / of).toFixed(1)}%`);
const by = (s: BySource) => `${s.fixed + s.cls} (${s.fixed}/${s.cls})`;

/** The figures as one Markdown table (aggregates only), and the classes each state had open. */
export function formatEarnedTable(m: EarnedMeasurement, classifierName: string): string {
  const head = [
    "set",
    "state",
    "replies",
    "intent right",
    "decided alone",
    "of which fixed",
    "right alone",
    "to a person",
    "stop requests continuing",
    "no's exiting positive",
    "not-yes exiting positive",
    "wrong alone (fixed/class)",
    "harmful (fixed/class)",
    "false stops",
    "sure, withheld",
  ];
  const rows = m.rows.map(({ set, state, figures: f }) => [
    set,
    state,
    String(f.replies),
    pct(f.intentRight, f.replies),
    `${f.alone} (${pct(f.alone, f.replies)})`,
    String(f.aloneFixed),
    pct(f.aloneRight, f.alone),
    pct(f.toPerson, f.replies),
    `${f.stopContinued} of ${f.stopRequests}`,
    String(f.noExitedPositive),
    String(f.notYesExitedPositive),
    by(f.wrongAlone),
    by(f.harmful),
    String(f.falseStops),
    String(f.sureWithheld),
  ]);
  const line = (r: string[]) => `| ${r.join(" | ")} |`;
  const classes = m.classes.map(
    (c) => `${c.state}: open ${c.byIntent.map((i) => `${i.intent} ${i.open}/${i.of}`).join(", ")}`,
  );
  const replay = m.replay.map(
    (r) =>
      `${r.state}: the tenant first replayed ${r.replies} tuned replies (decided alone ${r.alone}, wrong alone ${r.wrongAlone}), people deciding the rest by label`,
  );
  return [
    `held-out replies through processReply, classifier: ${classifierName}`,
    line(head),
    line(head.map((_, i) => (i < 2 ? "---" : "---:"))),
    ...rows.map(line),
    "",
    ...replay,
    "classes open when the held-out replies came (open/of the tenant's classes, by intent):",
    ...classes,
  ].join("\n");
}
