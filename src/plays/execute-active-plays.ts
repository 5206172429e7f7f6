// Executing active plays (spec 001 wire 4; spec 000 execution): for each ACTIVE play inside its
// active period, make sure its campaign exists, select the contacts its target_definition names,
// and ask the coordinator for an activation for each one not asked about yet. Every activation
// goes through requestActivation and its five gates; nothing here writes an enrollment. After
// active_period_end no new sequence starts; in-flight enrollments of a retired or expired play
// are left to complete (spec 000 "retired: in-flight sequences complete").
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { requireRole } from "../auth/principal.ts";
import type { RequestActivation } from "../coordinator/contract.ts";
import { requestActivation as coordinatorRequestActivation } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { appendEvents } from "../event-log/index.ts";
import { ensurePlayCampaign } from "./ensure-play-campaign.ts";
import { matchTargets } from "./match-targets.ts";
import type { SuggestedCadence, TargetDefinition } from "./play-cadence.ts";

export interface ExecuteOptions {
  clientId?: string;
  /** The coordinator's gate (tests may wrap it); the real one by default. */
  requestActivation?: RequestActivation;
  /** Contacts asked about per play per run, so one run stays short. */
  perPlayLimit?: number;
  /** Only these contacts (a batch of signals raised them), and only plays whose target names an intent signal. */
  contactIds?: readonly string[];
  /** Only this play (a person enrolls a hot contact into the play that matches). */
  playId?: string;
  /**
   * Why a contact is proposed (issue 69 item 3): the signals it answers among the play's intent
   * signals. A cited proposal is logged as a `signal_proposal` event beside the gate's decision.
   */
  cite?: (contactId: string, intentSignals: readonly string[]) => Citation | null;
}

/** The signals a proposal answers, and what they say in words ("visited the pricing page twice this week"). */
export interface Citation {
  signal_ids: string[];
  types: string[];
  says: string;
}

export interface PlayRun {
  play_id: string;
  campaign_id: string | null;
  campaign_created: boolean;
  skipped: string | null;
  requested: number;
  decisions: Record<"allow" | "hold" | "queue" | "block", number>;
  errors: { contact_id: string; code: string }[];
}

export async function executeActivePlays(
  db: Kysely<DB>,
  now: Date,
  opts: ExecuteOptions = {},
): Promise<PlayRun[]> {
  const request = opts.requestActivation ?? coordinatorRequestActivation;
  const today = now.toISOString().slice(0, 10);
  let q = db
    .selectFrom("plays")
    .select([
      "client_id",
      "play_id",
      "name",
      "scope",
      "segment",
      "account_id",
      "target_definition",
      "suggested_cadence",
      "writer_agent_id",
    ])
    .where("state", "=", "active")
    // spec 000: active_period_start is when AGT-302 begins; active_period_end is the auto-stop
    .where((eb) =>
      eb.or([
        eb("active_period_start", "is", null),
        eb("active_period_start", "<=", sql<string>`${today}::date`),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb("active_period_end", "is", null),
        eb("active_period_end", ">=", sql<string>`${today}::date`),
      ]),
    )
    .orderBy("activated_at")
    .orderBy("play_id");
  if (opts.clientId) q = q.where("client_id", "=", opts.clientId);
  if (opts.playId) q = q.where("play_id", "=", opts.playId);
  const runs: PlayRun[] = [];
  const among = opts.contactIds;
  if (among && among.length === 0) return runs;
  for (const play of await q.execute()) {
    const target = (play.target_definition ?? {}) as TargetDefinition;
    // a signal proposes only for the plays whose target it can make a contact match
    if (among && !target.intent_signals?.length) continue;
    const run: PlayRun = {
      play_id: play.play_id,
      campaign_id: null,
      campaign_created: false,
      skipped: null,
      requested: 0,
      decisions: { allow: 0, hold: 0, queue: 0, block: 0 },
      errors: [],
    };
    runs.push(run);
    const campaign = await ensurePlayCampaign(
      db,
      { ...play, suggested_cadence: play.suggested_cadence as SuggestedCadence },
      now,
    );
    run.campaign_id = campaign.campaignId;
    run.campaign_created = campaign.created;
    if (campaign.status !== "active") {
      // RevOps paused or archived the play's campaign: no new sequences from it
      run.skipped = `campaign_${campaign.status}`;
      continue;
    }
    const contacts = await matchTargets(
      db,
      { ...play, target },
      campaign.campaignId,
      opts.perPlayLimit ?? 500,
      among,
    );
    for (const contactId of contacts) {
      const cited = opts.cite?.(contactId, target.intent_signals ?? []) ?? null;
      // proposing for signals: only the contacts these signals made match (not an older one's)
      if (among && opts.cite && !cited) continue;
      try {
        await db.transaction().execute(async (tx) => {
          const { decision, enrollmentId } = await request(
            tx,
            {
              clientId: play.client_id,
              contactId,
              campaignId: campaign.campaignId,
              requestedBy: null,
              // the brain that drafted the play hears about an ABM suppression (spec 001 gate 2)
              originatingAgentId: play.writer_agent_id,
              notes: (cited
                ? `signal: ${cited.says} (play: ${play.name})`
                : `play execution: ${play.name}`
              ).slice(0, 500),
            },
            now,
          );
          // the log links signal → proposal → enrollment (→ its touches, by enrollment_id)
          if (cited)
            await appendEvents(tx, [
              {
                client_id: play.client_id,
                occurred_at: now,
                contact_id: contactId,
                enrollment_id: enrollmentId,
                campaign_id: campaign.campaignId,
                event_type: "signal_proposal",
                coordinator_action: decision.action,
                originating_agent_id: play.writer_agent_id,
                details: {
                  says: cited.says,
                  signal_ids: cited.signal_ids,
                  signal_types: cited.types,
                  play_name: play.name,
                  decision_event_id: decision.eventId,
                },
              },
            ]);
          await tx
            .insertInto("play_execution_requests")
            .values({
              client_id: play.client_id,
              play_id: play.play_id,
              contact_id: contactId,
              requested_at: now,
              action: decision.action,
              event_id: decision.eventId,
              enrollment_id: enrollmentId,
            })
            .execute();
          run.decisions[decision.action]++;
        });
        run.requested++;
      } catch (e) {
        // one contact's refusal (e.g. a concurrent enrollment) does not stop the play's run
        run.errors.push({ contact_id: contactId, code: isBatonError(e) ? e.code : "INTERNAL" });
      }
    }
  }
  return runs;
}

/** The RevOps trigger (API and CLI): execute the caller's tenant's active plays now. */
export async function executeActivePlaysFor(db: Kysely<DB>, actor: Principal, now: Date): Promise<PlayRun[]> {
  requireRole(actor, "execute active plays", "revops", "admin");
  return executeActivePlays(db, now, { clientId: actor.clientId });
}
