// The Signals view's three actions on a hot person or account (issue 69 item 4): enroll into the play
// its signals answer (the play execution path and the coordinator's gates, as a signal's own
// proposal), make a follow-up task, or dismiss (hidden until a newer signal). Only a person acts,
// on the prospects of their book.
import { type Kysely, sql } from "kysely";
import { describePrincipal, type Principal } from "../auth/principal.ts";
import { bookOf, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { executeActivePlays, type PlayRun } from "../plays/index.ts";
import { type AddFollowUpTask, makeFollowUp } from "./follow-up-from-signal.ts";
import { activeIntentPlays, playFor } from "./hot-signal-plays.ts";
import { requireSignalReader, SIGNAL_VIEW_ROLES } from "./hot-signals.ts";
import { citationOf, signalsOfContacts } from "./propose-from-signals.ts";
import type { SignalSubject } from "./tables.ts";

const DAY = 86_400_000;

export type HotAction =
  | { action: "enroll"; play_id?: string }
  | { action: "task"; note?: string | null; due_at?: Date | null }
  | { action: "dismiss" };

export interface HotActionResult {
  action: HotAction["action"];
  action_id: string | null;
  /** task: the follow-up's task in the rep's queue */
  task_id?: string | null;
  /** enroll: the play asked, and the coordinator's decision for each contact proposed */
  play_id: string | null;
  decisions: Record<"allow" | "hold" | "queue" | "block", number> | null;
}

/** One action on a hot person (contact_id) or account (account_id); a task is written by `addTask`,
 *  the engine's task-queue writer the caller hands in. */
export async function actOnHotSignal(
  db: Kysely<DB>,
  actor: Principal,
  target: { subject: SignalSubject; id: string },
  a: HotAction,
  now: Date,
  addTask: AddFollowUpTask,
): Promise<HotActionResult> {
  requireSignalReader(actor, "act on a hot signal");
  if (actor.kind === "agent")
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "act on a hot signal",
      required: `a person with the ${SIGNAL_VIEW_ROLES.join(", ")} role`,
    });
  const clientId = actor.clientId;
  const book = await bookOf(db, actor);
  const inBook = await db
    .selectFrom("contacts as c")
    .select(["c.contact_id", "c.account_id"])
    .where("c.client_id", "=", clientId)
    .where(target.subject === "contact" ? "c.contact_id" : "c.account_id", "=", target.id)
    .where(sql<boolean>`c.erased_at is null`)
    .where(contactRowInBook(book, clientId, "c"))
    .execute();
  if (inBook.length === 0) throw new BatonError("NOT_FOUND", { entity: target.subject, id: target.id });
  const accountId = target.subject === "account" ? target.id : inBook[0].account_id;
  if (a.action === "enroll")
    return enrollHot(
      db,
      clientId,
      target,
      inBook.map((c) => c.contact_id),
      a.play_id,
      accountId,
      now,
    );
  if (a.action === "task") {
    const made = await makeFollowUp(
      db,
      actor,
      { ...target, accountId },
      inBook.map((c) => c.contact_id),
      a,
      now,
      addTask,
    );
    return {
      action: "task",
      action_id: made.action_id,
      task_id: made.task_id,
      play_id: null,
      decisions: null,
    };
  }
  const row = await db
    .insertInto("signal_actions")
    .values({
      client_id: clientId,
      kind: a.action,
      subject: target.subject,
      contact_id: target.subject === "contact" ? target.id : null,
      account_id: accountId,
      note: null,
      due_at: null,
      acted_at: now,
      acted_by_principal_id: actor.principalId,
    })
    .returning("action_id")
    .executeTakeFirstOrThrow();
  return { action: a.action, action_id: row.action_id, play_id: null, decisions: null };
}

async function enrollHot(
  db: Kysely<DB>,
  clientId: string,
  target: { subject: SignalSubject; id: string },
  contactIds: string[],
  playId: string | undefined,
  accountId: string | null,
  now: Date,
): Promise<HotActionResult> {
  const since = new Date(now.getTime() - 14 * DAY);
  const of = await signalsOfContacts(db, clientId, contactIds, since, now);
  const account = accountId
    ? await db
        .selectFrom("accounts")
        .select(["account_id", "segment", "icp_tier"])
        .where("client_id", "=", clientId)
        .where("account_id", "=", accountId)
        .executeTakeFirst()
    : undefined;
  const plays = await activeIntentPlays(db, clientId);
  const play = playId
    ? plays.find((p) => p.play_id === playId)
    : playFor(
        plays,
        { account_id: accountId, segment: account?.segment ?? null, icp_tier: account?.icp_tier ?? null },
        [...of.values()].flat().map((r) => r.type),
      );
  if (!play)
    throw new BatonError("SIGNAL_NO_MATCHING_PLAY", {
      subject: target.subject === "contact" ? "this person" : "this account",
    });
  const runs: PlayRun[] = await executeActivePlays(db, now, {
    clientId,
    playId: play.play_id,
    contactIds,
    cite: (contactId, intent) => citationOf(of.get(contactId) ?? [], intent, "in 14 days"),
  });
  const run = runs[0];
  if (!run || run.requested + run.errors.length === 0)
    throw new BatonError("SIGNAL_NO_MATCHING_PLAY", {
      subject: target.subject === "contact" ? "this person" : "this account",
      why: `${play.name} has already asked about them, or its target does not take them`,
    });
  return { action: "enroll", action_id: null, play_id: play.play_id, decisions: run.decisions };
}
