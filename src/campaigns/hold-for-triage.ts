// An unsure reply waits for a person (process_reply, issue 72): the answered enrollment held, or
// every live one of the contact for a sign of a stop request, each hold's events naming the reply.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { LiveEnrollment as LiveRow } from "./reply-lookups.ts";
import type { PreparedReply, ReplyOutcome } from "./reply-records.ts";
import { holdEveryLive, holdLiveMany } from "./triage/hold-on-reply.ts";

/** An unsure reply: the answered enrollment held, or every live one for a sign of a stop request. */
export async function holdForTriage(
  tx: Kysely<DB>,
  clientId: string,
  p: PreparedReply,
  o: ReplyOutcome,
  now: Date,
  /** the contact's live enrollments, read under its lock (the single path); else read here */
  live?: readonly LiveRow[],
): Promise<void> {
  if (live) return holdForTriageMany(tx, clientId, [{ p, o, live }], now);
  o.held = await holdEveryLive(tx, clientId, p.contactId, now, holdDetails(p));
  o.action = "held";
}

/**
 * holdForTriage for replies of distinct contacts, each with its live enrollments read under its
 * lock (processReplies' batch): every hold written at once (holdLiveMany).
 */
export async function holdForTriageMany(
  tx: Kysely<DB>,
  clientId: string,
  replies: readonly { p: PreparedReply; o: ReplyOutcome; live: readonly LiveRow[] }[],
  now: Date,
): Promise<void> {
  if (replies.length === 0) return;
  // every live enrollment, not only the one answered (issue 72): a stop request the reading missed
  // must hold in every campaign until a person has read it
  const held = await holdLiveMany(
    tx,
    clientId,
    replies.map(({ p, live }) => ({ live, details: holdDetails(p) })),
    now,
  );
  replies.forEach(({ o }, k) => {
    o.held = held[k];
    o.action = "held";
  });
}

/** What a hold's events say of the reply that made it. */
function holdDetails(p: PreparedReply): Record<string, unknown> {
  return {
    intent: p.c.intent,
    confidence: p.c.confidence,
    by: p.c.by,
    message_id: p.input.messageId ?? null,
    stop_signal: p.c.stopSignal === true || p.c.intent === "unsubscribe",
  };
}
