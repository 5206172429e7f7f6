// What a reply says beyond its intent (issue 72 item 3), acted on in process_reply's transaction:
// - a data-protection request ("where did you get my address? delete it"): the sure stop read from
//   it has opted the person out already (prepareReply); the address goes on the suppression list
//   (a re-import cannot bring it back) and an erasure or access request opens for a person, with
//   its legal deadline (prospects/data-requests.ts);
// - a "this person has left the company" notice: every live enrollment of the person ends as
//   left_company (issue 69's reason: nothing unsent goes out), and a successor the notice names with
//   an address is proposed to the exec (a hand-off, an approval: never an enrollment by itself). A
//   successor named without an address leaves the reply to a person, who can refer them.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { openDataRequest } from "../prospects/data-requests.ts";
import { LEFT_COMPANY } from "../prospects/job-change.ts";
import { stopTouchesOf } from "../prospects/stop-touches.ts";
import { suppressAddress } from "../prospects/suppress-address.ts";
import type { EnrollmentFacts } from "./log-event.ts";
import type { PreparedReply, ReplyOutcome } from "./reply-records.ts";
import { proposeReferred } from "./triage/open-referral.ts";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The reply is a left-company notice Baton acts on: not a yes, not a stop or a data request. */
export function leftCompanyNotice(p: PreparedReply): boolean {
  const c = p.c;
  return (
    c.leftCompany === true &&
    !c.dataRequest &&
    c.intent !== "interested" &&
    c.intent !== "meeting" &&
    c.intent !== "unsubscribe"
  );
}

/** The successor the notice names with an address, or null. */
function successorOf(p: PreparedReply): { name: string; email: string } | null {
  const s = p.c.successor ?? p.c.referral ?? null;
  const email = s?.email?.trim() ?? "";
  return EMAIL.test(email) ? { name: s?.name?.trim() ?? "", email } : null;
}

/** Ends every live enrollment of the person as left_company (before the reply's row is written). */
export async function endLeftCompany(
  tx: Kysely<DB>,
  actor: Principal,
  p: PreparedReply,
  o: ReplyOutcome,
  target: EnrollmentFacts,
  now: Date,
): Promise<void> {
  await stopTouchesOf(
    tx,
    actor.clientId,
    sql`c.contact_id = ${p.contactId}`,
    { suppressionId: null, kind: LEFT_COMPANY, source: "reply", actor: { principalId: actor.principalId } },
    now,
    { eventType: LEFT_COMPANY, resolution: LEFT_COMPANY, exit: { reason: LEFT_COMPANY, status: "exited" } },
  );
  o.exit = {
    enrollment_id: target.id,
    already_ended: false,
    status: "exited",
    reason: LEFT_COMPANY,
    next: { kind: "none" },
  };
  o.action = "exited";
  // a successor named without an address: a person finds it and refers them (the triage queue)
  const named = p.c.successor ?? p.c.referral;
  o.triage = named && !successorOf(p) ? "pending" : "auto";
}

/** After the reply's row is written (the effects name it): the successor's hand-off, the data request. */
export async function actOnNotices(
  tx: Kysely<DB>,
  actor: Principal,
  p: PreparedReply,
  o: ReplyOutcome,
  replyId: string,
  now: Date,
): Promise<void> {
  const successor = successorOf(p);
  if (o.exit?.reason === LEFT_COMPANY && o.target && successor) {
    const h = await proposeReferred(
      tx,
      {
        clientId: actor.clientId,
        actorPrincipalId: actor.principalId,
        replierContactId: p.contactId,
        replyId,
        person: successor,
        fromEnrollmentId: o.target.id,
        notes: null,
        why: "successor",
      },
      now,
    );
    o.exit.next = { kind: "handoff", handoff_id: h.handoff_id, gate: "exec" };
  }
  const kind = p.c.dataRequest;
  if (kind && o.action === "opted_out") {
    const email = await tx
      .selectFrom("contacts")
      .select("email")
      .where("client_id", "=", actor.clientId)
      .where("contact_id", "=", p.contactId)
      .executeTakeFirst();
    if (email?.email)
      await suppressAddress(
        tx,
        {
          clientId: actor.clientId,
          email: email.email,
          reason: `data-protection request (${kind})`,
          source: "unsubscribe",
        },
        now,
      );
    await openDataRequest(
      tx,
      {
        clientId: actor.clientId,
        contactId: p.contactId,
        kind,
        replyId,
        receivedAt: p.input.receivedAt,
        actorPrincipalId: actor.principalId,
      },
      now,
    );
  }
}
