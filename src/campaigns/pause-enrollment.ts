// Pausing and resuming one enrollment by hand (issue 37 item 2: "pause/resume/exit an enrollment
// with a reason"). The state table allows active → paused → active (enrollment-states.ts). A paused
// enrollment takes no step (the engine claims active and queued ones only) and a send that falls due
// meets gate 5's enrollment_paused; a pause with an end date is resumed by the engine when it passes
// (resume-paused.ts), one without stays paused until a person resumes it. Same roles as exit_contact.
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { setActor } from "../db/actor-context.ts";
import type { EnrollmentStatus } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { requireEnrollmentInBook } from "./enrollment-in-book.ts";
import { EXITER_ROLES } from "./exit-contact.ts";
import { logCampaignEvent } from "./log-event.ts";
import { refuseAgentOnReplyHold } from "./triage/triage-decisions.ts";
import { resumedEnrollment } from "./write-enrollment-pause.ts";

export interface PauseInput {
  enrollmentId: string;
  /** why, in a person's words; kept in the event log */
  reason: string;
  /** when the engine resumes it by itself; absent or null: until a person resumes it */
  until?: Date | null;
}

export interface PauseResult {
  enrollment_id: string;
  status: EnrollmentStatus;
  paused_until: string | null;
  next_send_at: string | null;
}

function requirePauser(actor: Principal, action: string) {
  if (actor.kind === "agent" || hasRole(actor, ...EXITER_ROLES)) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action,
    required: `an agent token or the ${EXITER_ROLES.join(" or ")} role`,
  });
}

/** Locks the enrollment's contact, then the enrollment (the lock order used everywhere). */
async function lockEnrollment(tx: Kysely<DB>, clientId: string, enrollmentId: string) {
  if (!isUuid(enrollmentId)) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: enrollmentId });
  await sql`select c.contact_id from contacts c
     where c.client_id = ${clientId}
       and c.contact_id = (select contact_id from campaign_contacts
                            where client_id = ${clientId} and id = ${enrollmentId}::uuid)
       for update`.execute(tx);
  const e = await tx
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("id", "=", enrollmentId)
    .forUpdate()
    .executeTakeFirst();
  if (!e) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: enrollmentId });
  return e;
}

const view = (r: {
  id: string;
  status: EnrollmentStatus;
  paused_until: Date | null;
  next_send_at: Date | null;
}): PauseResult => ({
  enrollment_id: r.id,
  status: r.status,
  paused_until: r.paused_until ? new Date(r.paused_until).toISOString() : null,
  next_send_at: r.next_send_at ? new Date(r.next_send_at).toISOString() : null,
});

type Locked = Awaited<ReturnType<typeof lockEnrollment>>;

/** One hand-made pause or resume: lock, check the status, change the row, log the event. */
async function changePause(
  db: Kysely<DB>,
  actor: Principal,
  a: {
    enrollmentId: string;
    type: "paused" | "resumed";
    /** refuses an enrollment in the wrong state (throws) */
    check: (e: Locked) => void;
    set: (e: Locked) => Record<string, unknown>;
    details: (e: Locked) => Record<string, unknown>;
  },
  now: Date,
): Promise<PauseResult> {
  try {
    return await db.transaction().execute(async (tx) => {
      await setActor(tx, actor, now);
      const e = await lockEnrollment(tx, actor.clientId, a.enrollmentId);
      await requireEnrollmentInBook(tx, actor, e); // issue 61 item 2: the actor's book only
      a.check(e);
      const r = await tx
        .updateTable("campaign_contacts")
        .set({ ...a.set(e), updated_at: now })
        .where("client_id", "=", actor.clientId)
        .where("id", "=", e.id)
        .returning(["id", "status", "paused_until", "next_send_at"])
        .executeTakeFirstOrThrow();
      await logCampaignEvent(
        tx,
        {
          type: a.type,
          clientId: actor.clientId,
          contactId: e.contact_id,
          enrollment: e,
          actorPrincipalId: actor.principalId,
          resolution: "by_hand",
          details: a.details(e),
        },
        now,
      );
      return view(r);
    });
  } catch (err) {
    rethrowDb(err);
  }
}

/** Pauses an active enrollment; a paused, queued or ended one is ENROLLMENT_NOT_PAUSABLE. */
export async function pauseEnrollment(
  db: Kysely<DB>,
  actor: Principal,
  input: PauseInput,
  now: Date,
): Promise<PauseResult> {
  requirePauser(actor, "pause enrollments");
  const until = input.until ?? null;
  if (until && until.getTime() <= now.getTime()) {
    throw new BatonError("PAUSE_UNTIL_PAST", { until: until.toISOString() });
  }
  return changePause(
    db,
    actor,
    {
      enrollmentId: input.enrollmentId,
      type: "paused",
      check: (e) => {
        if (e.status !== "active")
          throw new BatonError("ENROLLMENT_NOT_PAUSABLE", { enrollment_id: e.id, status: e.status });
      },
      set: () => ({ status: "paused", paused_until: until, claimed_by: null, claimed_until: null }),
      details: () => ({ reason: input.reason, paused_until: until ? until.toISOString() : null }),
    },
    now,
  );
}

/**
 * Resumes a paused enrollment: active again, and a step that fell due during the pause goes at once
 * (the coordinator's caps still space the touches), as the engine's resume after an out-of-office.
 */
export async function resumeEnrollment(
  db: Kysely<DB>,
  actor: Principal,
  input: { enrollmentId: string; reason: string },
  now: Date,
): Promise<PauseResult> {
  requirePauser(actor, "resume enrollments");
  return changePause(
    db,
    actor,
    {
      enrollmentId: input.enrollmentId,
      type: "resumed",
      check: (e) => {
        if (e.status !== "paused")
          throw new BatonError("ENROLLMENT_NOT_PAUSED", { enrollment_id: e.id, status: e.status });
        refuseAgentOnReplyHold(actor, e, "resume");
      },
      set: () => resumedEnrollment(now),
      details: (e) => ({ reason: input.reason, paused_until: e.paused_until }),
    },
    now,
  );
}
