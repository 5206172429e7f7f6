// What the person who triages a reply decides, from the reply's label: the decision a replay of a
// labelled stream takes for each reply that waits (test/campaigns/earned-automation-replay.test.ts,
// test/replies/measure-earned.ts).
import type { Kysely } from "kysely";
import type { Principal } from "../../../src/auth/principal.ts";
import { createCampaign } from "../../../src/campaigns/index.ts";
import type { DecideInput } from "../../../src/campaigns/triage/triage-decisions.ts";
import type { DB } from "../../../src/db/database.ts";
import type { ReplyIntent } from "../../../src/replies/classifier.ts";

const DAY = 86_400_000;

/** The decision for a reply labelled `label` that came at `at` (`returnDate`: a delay's label date). */
export function decisionFor(
  label: ReplyIntent,
  at: Date,
  returnDate: string | null | undefined,
): Omit<DecideInput, "replyId"> {
  const later = returnDate ? new Date(`${returnDate}T09:00:00Z`) : new Date(at.getTime() + 30 * DAY);
  const until = later.getTime() > at.getTime() ? later : new Date(at.getTime() + 30 * DAY);
  const d: Record<ReplyIntent, Omit<DecideInput, "replyId">> = {
    unsubscribe: { decision: "opt_out" },
    not_interested: { decision: "exit", exitReason: "rejected" },
    interested: { decision: "exit", exitReason: "converted" },
    meeting: { decision: "exit", exitReason: "meeting" },
    out_of_office: { decision: "not_a_reply" },
    later: { decision: "later", until },
    referral: { decision: "continue" },
    other: { decision: "continue" },
  };
  return d[label];
}

/**
 * The campaign a replay enrolls each labelled reply's contact in: a BDR nurture of two emails, sent
 * alone (auto_send), with no on_exit, so what a reply does is triage's alone.
 */
export async function createReplayCampaign(
  db: Kysely<DB>,
  revops: Principal,
  slug: string,
  name: string,
  at: Date,
): Promise<void> {
  await createCampaign(
    db,
    revops,
    {
      slug,
      name,
      type: "nurture",
      owner_role: "roles.bdr",
      kind: "nurture",
      approval_policy: "auto_send",
      on_exit: {},
      steps: [0, 3].map((delay, i) => ({
        step_number: i + 1,
        delay_days: delay,
        channel: "email",
        content_type: "follow_up",
        template_instructions: "Hi.",
      })),
    },
    at,
  );
}
