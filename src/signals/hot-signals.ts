// What is hot (issue 69 item 4): accounts and people ranked by their decayed signal score, each
// signal weighing its type's weight × 0.5^(age / half-life) (signal_types), with its reasons in
// words and the active play its signals answer (hot-signal-plays.ts); the view's actions are in
// act-on-hot-signal.ts. A person sees the prospects of their book.
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { type Book, bookOf, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { activeIntentPlays, playFor } from "./hot-signal-plays.ts";
import { signalWords } from "./signal-words.ts";
import type { SignalSubject } from "./tables.ts";

/** Who reads the Signals view: every person of the tenant (their book) and agents. */
export const SIGNAL_VIEW_ROLES = ["rep", "revops", "slm", "exec", "admin"] as const;
const DAY = 86_400_000;

export function requireSignalReader(actor: Principal, action = "read signals"): void {
  if (actor.kind === "agent" || hasRole(actor, ...SIGNAL_VIEW_ROLES)) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action,
    required: `an agent token or the ${SIGNAL_VIEW_ROLES.join(", ")} role`,
  });
}

export interface HotReason {
  type: string;
  label: string | null;
  count: number;
  last_at: string;
  score: number;
}

export interface HotItem {
  subject: SignalSubject;
  contact_id: string | null;
  account_id: string | null;
  name: string;
  account_name: string | null;
  icp_tier: string | null;
  segment: string | null;
  score: number;
  last_at: string;
  /** the reasons in words: "visited the pricing page twice in 14 days" */
  says: string;
  reasons: HotReason[];
  /** the active play the signals answer, which "enroll" proposes for */
  play: { play_id: string; name: string } | null;
  /** the open follow-up (a task of the rep's queue, 0640) */
  open_task: { action_id: string; task_id: string | null; note: string | null; due_at: string | null } | null;
}

export interface HotQuery {
  subject?: SignalSubject;
  /** the window of signals counted (default 14 days) */
  days?: number;
  limit?: number;
}

interface Group {
  key: string;
  type: string;
  label: string | null;
  n: string | number;
  last_at: Date;
  received_at: Date;
  score: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * listHotSignals' score: each subject's signals in the window, by type, decayed by each type's
 * half-life (a person's own and their account's that reach its people; an account's: all of
 * them), within the caller's book; the subjects hottest first.
 */
async function rankSubjects(
  db: Kysely<DB>,
  clientId: string,
  subject: SignalSubject,
  book: Book,
  since: Date,
  now: Date,
) {
  const decayed = sql`t.weight * power(0.5, extract(epoch from (${now}::timestamptz - s.occurred_at)) / 86400.0 / t.half_life_days)`;
  // a person's score: their own signals and their account's that reach its people; an account's: all of them
  const groups =
    subject === "contact"
      ? await sql<Group>`
          select c.contact_id::text as key, s.type, t.label, count(*) as n, max(s.occurred_at) as last_at, max(s.received_at) as received_at,
                 sum(${decayed})::float8 as score
            from signals s
            join signal_types t on t.client_id = s.client_id and t.name = s.type
            join contacts c on c.client_id = s.client_id
                           and (c.contact_id = s.contact_id
                                or (s.subject = 'account' and t.account_reach = 'all_contacts' and c.account_id = s.account_id))
           where s.client_id = ${clientId} and s.occurred_at > ${since} and s.occurred_at <= ${now}
             and c.erased_at is null and ${contactRowInBook(book, clientId, "c")}
           group by c.contact_id, s.type, t.label`.execute(db)
      : await sql<Group>`
          select s.account_id::text as key, s.type, t.label, count(*) as n, max(s.occurred_at) as last_at, max(s.received_at) as received_at,
                 sum(${decayed})::float8 as score
            from signals s
            join signal_types t on t.client_id = s.client_id and t.name = s.type
           where s.client_id = ${clientId} and s.account_id is not null
             and s.occurred_at > ${since} and s.occurred_at <= ${now}
             and exists (select 1 from contacts c where c.client_id = ${clientId} and c.account_id = s.account_id
                            and c.erased_at is null and ${contactRowInBook(book, clientId, "c")})
           group by s.account_id, s.type, t.label`.execute(db);
  const byKey = new Map<string, Group[]>();
  for (const g of groups.rows) byKey.set(g.key, [...(byKey.get(g.key) ?? []), g]);
  const ranked = [...byKey.entries()]
    .map(([key, gs]) => ({
      key,
      gs,
      score: gs.reduce((a, g) => a + Number(g.score), 0),
      last: new Date(Math.max(...gs.map((g) => new Date(g.last_at).getTime()))),
      received: new Date(Math.max(...gs.map((g) => new Date(g.received_at).getTime()))),
    }))
    .sort((a, b) => b.score - a.score || b.last.getTime() - a.last.getTime() || a.key.localeCompare(b.key));
  return ranked;
}

/** The caller's dismissals of these subjects and their team's open follow-ups, the latest first. */
async function openActionsOf(db: Kysely<DB>, actor: Principal, subject: SignalSubject, keys: string[]) {
  const clientId = actor.clientId;
  const col = subject === "contact" ? "contact_id" : "account_id";
  // a follow-up is open while its task is (0640; one made before it without a task: until done)
  const actions = await db
    .selectFrom("signal_actions as a")
    .leftJoin("engine_rep_tasks as t", (j) =>
      j.onRef("t.client_id", "=", "a.client_id").onRef("t.signal_action_id", "=", "a.action_id"),
    )
    .select([
      "a.action_id",
      "a.kind",
      "a.contact_id",
      "a.account_id",
      "a.note",
      "t.id as task_id",
      sql<Date | null>`coalesce(t.due_at, a.due_at)`.as("due_at"),
      "a.acted_at",
    ])
    .where("a.client_id", "=", clientId)
    .where("a.subject", "=", subject)
    .where(`a.${col}`, "in", keys)
    .where((eb) =>
      eb.or([
        // a dismissal is the person's own: it hides the subject from them, not from their team
        eb.and([eb("a.kind", "=", "dismiss"), eb("a.acted_by_principal_id", "=", actor.principalId)]),
        eb.and([eb("a.kind", "=", "task"), eb("t.id", "is", null), eb("a.done_at", "is", null)]),
        eb("t.status", "=", "open"),
      ]),
    )
    .orderBy("a.acted_at", "desc")
    .execute();
  const dismissedAt = new Map<string, Date>();
  const task = new Map<string, (typeof actions)[number]>();
  for (const a of actions) {
    const k = (subject === "contact" ? a.contact_id : a.account_id) as string;
    if (a.kind === "dismiss" && !dismissedAt.has(k)) dismissedAt.set(k, new Date(a.acted_at));
    if (a.kind === "task" && !task.has(k)) task.set(k, a);
  }
  return { dismissedAt, task };
}

/** The subjects' names, and their accounts' tier and segment (for the play that takes them). */
async function namesOf(db: Kysely<DB>, clientId: string, subject: SignalSubject, keys: string[]) {
  return subject === "contact"
    ? await db
        .selectFrom("contacts as c")
        .leftJoin("accounts as a", (j) =>
          j.onRef("a.client_id", "=", "c.client_id").onRef("a.account_id", "=", "c.account_id"),
        )
        .select([
          "c.contact_id as key",
          "c.full_name as name",
          "c.account_id",
          "a.name as account_name",
          "a.icp_tier",
          "a.segment",
        ])
        .where("c.client_id", "=", clientId)
        .where("c.contact_id", "in", keys)
        .execute()
    : await db
        .selectFrom("accounts as a")
        .select([
          "a.account_id as key",
          "a.name",
          "a.account_id",
          "a.name as account_name",
          "a.icp_tier",
          "a.segment",
        ])
        .where("a.client_id", "=", clientId)
        .where("a.account_id", "in", keys)
        .execute();
}

/** The hot people (subject contact, the default) or accounts, hottest first. */
export async function listHotSignals(
  db: Kysely<DB>,
  actor: Principal,
  q: HotQuery,
  now: Date,
): Promise<{ items: HotItem[]; days: number }> {
  requireSignalReader(actor);
  const clientId = actor.clientId;
  const subject = q.subject ?? "contact";
  const days = Math.min(Math.max(q.days ?? 14, 1), 365);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const since = new Date(now.getTime() - days * DAY);
  const book = await bookOf(db, actor);
  const ranked = await rankSubjects(db, clientId, subject, book, since, now);
  if (ranked.length === 0) return { items: [], days };
  const keys = ranked.map((r) => r.key);
  const { dismissedAt, task } = await openActionsOf(db, actor, subject, keys);
  // a dismissal hides the subject until a signal comes in after it
  const shown = ranked.filter((r) => !(dismissedAt.get(r.key)! >= r.received)).slice(0, limit);
  const names = await namesOf(
    db,
    clientId,
    subject,
    shown.map((r) => r.key),
  );
  const who = new Map(names.map((n) => [n.key as string, n]));
  const plays = await activeIntentPlays(db, clientId);
  const items = shown.map((r): HotItem => {
    const n = who.get(r.key);
    const reasons = r.gs
      .map((g) => ({
        type: g.type,
        label: g.label,
        count: Number(g.n),
        last_at: new Date(g.last_at).toISOString(),
        score: round(Number(g.score)),
      }))
      .sort((a, b) => b.score - a.score || a.type.localeCompare(b.type));
    const labels = new Map(reasons.map((x) => [x.type, x.label]));
    const account = {
      account_id: n?.account_id ?? null,
      segment: n?.segment ?? null,
      icp_tier: n?.icp_tier ?? null,
    };
    const play = playFor(
      plays,
      account,
      reasons.map((x) => x.type),
    );
    const t = task.get(r.key);
    return {
      subject,
      contact_id: subject === "contact" ? r.key : null,
      account_id: account.account_id,
      name: n?.name ?? "",
      account_name: n?.account_name ?? null,
      icp_tier: account.icp_tier,
      segment: account.segment,
      score: round(r.score),
      last_at: r.last.toISOString(),
      says: signalWords(
        new Map(reasons.map((x) => [x.type, x.count])),
        (ty) => labels.get(ty) ?? null,
        `in ${days} days`,
      ),
      reasons,
      play: play ? { play_id: play.play_id, name: play.name } : null,
      open_task: t
        ? {
            action_id: t.action_id,
            task_id: t.task_id,
            note: t.note,
            due_at: t.due_at ? new Date(t.due_at).toISOString() : null,
          }
        : null,
    };
  });
  return { items, days };
}
