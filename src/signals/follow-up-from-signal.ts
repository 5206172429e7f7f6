// The Signals view's "create a task" (issue 69 item 4): a follow-up on a hot person or account
// becomes a task in the rep's task queue (engine_rep_tasks, kind signal_follow_up, 0640), beside the
// view's own row (signal_actions) that says who made it and when. The task goes to the person who
// made it when they work a queue (a rep, the exec), else to the prospect's owner (a RevOps person or
// a sales leader makes it for the rep who owns them; no owner: any rep whose book holds them). An
// account's task is about the account's person of the caller's book whose signal is the latest. While
// the person's follow-up is open, a second click answers that task again rather than adding another.
import { type Kysely, sql } from "kysely";
import { hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import type { addFollowUpTask } from "../engine/index.ts";
import { signalsOfContacts } from "./propose-from-signals.ts";
import { signalWords } from "./signal-words.ts";
import type { SignalSubject } from "./tables.ts";

/** The task queue's writer (engine/follow-up-tasks.ts), handed in by the caller: the engine sits above
 *  signals (it drafts campaigns, which read signals), so signals imports it as a type only and the
 *  folder knot stays cut (test/foundation/folder-knot.test.ts). */
export type AddFollowUpTask = typeof addFollowUpTask;

const DAY = 86_400_000;
/** the signals a task's words count (the Signals view's default window) */
const WINDOW_DAYS = 14;

export interface FollowUpMade {
  action_id: string;
  task_id: string;
  contact_id: string;
  /** false: the person's open follow-up was answered again */
  created: boolean;
}

/** What the task says when the person gave no note: the person's signals of the window, in words. */
async function wordsFor(db: Kysely<DB>, clientId: string, contactId: string, now: Date): Promise<string> {
  const since = new Date(now.getTime() - WINDOW_DAYS * DAY);
  const mine = (await signalsOfContacts(db, clientId, [contactId], since, now)).get(contactId) ?? [];
  // by type, the latest first
  const counts = new Map<string, number>();
  const labels = new Map<string, string | null>();
  for (const r of [...mine].reverse()) {
    counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    labels.set(r.type, r.label);
  }
  const says = signalWords(counts, (t) => labels.get(t) ?? null, `in ${WINDOW_DAYS} days`);
  return says ? `Follow up: ${says}` : "Follow up on their signals";
}

/**
 * Makes the follow-up task of a hot person or account (`people`: the subject's live people of the
 * caller's book, already checked). One transaction: the view's row and the queue's task.
 */
export async function makeFollowUp(
  db: Kysely<DB>,
  actor: Principal,
  target: { subject: SignalSubject; id: string; accountId: string | null },
  people: readonly string[],
  f: { note?: string | null; due_at?: Date | null },
  now: Date,
  addTask: AddFollowUpTask,
): Promise<FollowUpMade> {
  const clientId = actor.clientId;
  // an account's task is about its person of the book whose last signal is the latest
  const person = await db
    .selectFrom("contacts")
    .select(["contact_id", "owner_principal_id"])
    .where("client_id", "=", clientId)
    .where("contact_id", "in", [...people])
    .orderBy(sql`greatest(last_sales_signal_at, last_marketing_signal_at) desc nulls last`)
    .orderBy("contact_id")
    .executeTakeFirstOrThrow();
  const open = await db
    .selectFrom("engine_rep_tasks")
    .select(["id", "signal_action_id"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", person.contact_id)
    .where("kind", "=", "signal_follow_up")
    .where("status", "=", "open")
    .orderBy("created_at")
    .executeTakeFirst();
  if (open?.signal_action_id)
    return {
      action_id: open.signal_action_id,
      task_id: open.id,
      contact_id: person.contact_id,
      created: false,
    };
  const note = f.note?.trim() || null;
  const body = note ?? (await wordsFor(db, clientId, person.contact_id, now));
  const [role, assignee] = hasRole(actor, "rep")
    ? (["rep", actor.principalId] as const)
    : hasRole(actor, "exec")
      ? (["exec", actor.principalId] as const)
      : (["rep", person.owner_principal_id] as const);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("signal_actions")
      .values({
        client_id: clientId,
        kind: "task",
        subject: target.subject,
        contact_id: target.subject === "contact" ? target.id : null,
        account_id: target.accountId,
        note,
        due_at: f.due_at ?? null,
        acted_at: now,
        acted_by_principal_id: actor.principalId,
      })
      .returning("action_id")
      .executeTakeFirstOrThrow();
    const taskId = await addTask(tx, {
      clientId,
      contactId: person.contact_id,
      assigneeRole: role,
      assigneePrincipalId: assignee,
      body,
      dueAt: f.due_at && f.due_at > now ? f.due_at : now,
      signalActionId: row.action_id,
      now,
    });
    return { action_id: row.action_id, task_id: taskId, contact_id: person.contact_id, created: true };
  });
}
