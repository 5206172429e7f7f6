// The proactive-flags scan (spec 001 "Proactive flags (scheduled checks)"): raises each new
// situation once as a flag and a notification, resolves flags whose condition has cleared, and
// passes stalls with no action for 3 business days to AGT-303 for analysis. Run by the
// background job and callable (POST /api/v1/flags/scan, `baton flags scan`).
import type { Kysely } from "kysely";
import { loadCapConfig } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import type { FlagType } from "../notifications/index.ts";
import { notify, type Recipient } from "../notifications/index.ts";
import { addBusinessDays, isoWeek } from "./business-days.ts";
import {
  backlogCandidates,
  type Candidate,
  capWarningCandidates,
  concurrencyCandidates,
  stallCandidates,
} from "./flag-candidates.ts";

export const ANALYSIS_AGENT_ID = "AGT-303";
export const STALL_ESCALATION_BUSINESS_DAYS = 3;

export interface ScanOptions {
  /** Scan one tenant only (the API trigger); all tenants when omitted (the background job). */
  clientId?: string;
  /** Overrides the tenant's weekly cap (coordinator_config; spec 001 gate 3: 3 per rolling 7 days). */
  touchCap?: number;
  /** spec 001: 10+ paused prospects is a backlog risk. */
  backlogThreshold?: number;
}

export interface ScanResult {
  raised: Record<FlagType, number>;
  resolved: number;
  escalated: number;
}

const messages: Record<FlagType, (c: Candidate) => string> = {
  cap_warning: (c) =>
    `One touch left this week for this prospect (${c.details.touches_in_window} of ${c.details.cap}); the next touch after it is held until ${c.details.window_frees_at}. No action was taken.`,
  concurrency: () =>
    "This prospect is in a sales and a marketing sequence at once; the conflict matrix decides which one proceeds.",
  stall: (c) =>
    `This sequence has had no activity for ${c.details.stalled_days} days. Act on it within 3 business days, or it goes to AGT-303 for analysis.`,
  backlog_risk: (c) =>
    `${c.details.paused_prospects} of your prospects are in paused sequences (threshold ${c.details.threshold}).`,
};

function recipientsFor(type: FlagType, c: Candidate): Recipient[] {
  const rep: Recipient = c.principal_id ? { principalId: c.principal_id } : { role: "rep" };
  if (type !== "backlog_risk") return [rep];
  const manager = c.details.manager_id as string | null;
  return [rep, manager ? { principalId: manager } : { role: "slm" }];
}

async function raise(db: Kysely<DB>, type: FlagType, c: Candidate, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    // the same situation is flagged once, even after a person resolved it
    const seen = await tx
      .selectFrom("coordinator_flags")
      .select("flag_id")
      .where("client_id", "=", c.client_id)
      .where("flag_type", "=", type)
      .where("dedup_key", "=", c.dedup_key)
      .executeTakeFirst();
    if (seen) return false;
    const flag = await tx
      .insertInto("coordinator_flags")
      .values({
        client_id: c.client_id,
        flag_type: type,
        dedup_key: c.dedup_key,
        contact_id: c.contact_id,
        enrollment_id: c.enrollment_id,
        principal_id: c.principal_id,
        details: JSON.stringify(c.details),
        raised_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["client_id", "flag_type", "dedup_key"]).where("status", "=", "open").doNothing(),
      )
      .returning("flag_id")
      .executeTakeFirst();
    if (!flag) return false;
    for (const recipient of recipientsFor(type, c)) {
      await notify(tx, {
        clientId: c.client_id,
        kind: `flag.${type}`,
        recipient,
        now,
        payload: {
          flag_id: flag.flag_id,
          flag_type: type,
          contact_id: c.contact_id,
          enrollment_id: c.enrollment_id,
          principal_id: c.principal_id,
          message: messages[type](c),
          details: c.details,
        },
      });
    }
    return true;
  });
}

export async function scanFlags(db: Kysely<DB>, now: Date, opts: ScanOptions = {}): Promise<ScanResult> {
  const found: Record<FlagType, Candidate[]> = {
    cap_warning: await capWarningCandidates(
      db,
      now,
      async (clientId) => opts.touchCap ?? (await loadCapConfig(db, clientId)).weeklyTouchCap,
      opts.clientId,
    ),
    concurrency: await concurrencyCandidates(db, opts.clientId),
    stall: await stallCandidates(db, now, opts.clientId),
    backlog_risk: await backlogCandidates(db, opts.backlogThreshold ?? 10, isoWeek(now), opts.clientId),
  };
  const result: ScanResult = {
    raised: { cap_warning: 0, concurrency: 0, stall: 0, backlog_risk: 0 },
    resolved: 0,
    escalated: 0,
  };
  for (const type of Object.keys(found) as FlagType[]) {
    for (const c of found[type]) if (await raise(db, type, c, now)) result.raised[type]++;
  }

  // flags whose situation no longer holds are resolved by the scan itself
  const holding = new Set(
    Object.entries(found).flatMap(([t, cs]) => cs.map((c) => `${c.client_id}|${t}|${c.dedup_key}`)),
  );
  let open = db
    .selectFrom("coordinator_flags")
    .select([
      "flag_id",
      "client_id",
      "flag_type",
      "dedup_key",
      "raised_at",
      "escalated_at",
      "contact_id",
      "enrollment_id",
    ])
    .where("status", "=", "open");
  if (opts.clientId) open = open.where("client_id", "=", opts.clientId);
  for (const f of await open.execute()) {
    if (!holding.has(`${f.client_id}|${f.flag_type}|${f.dedup_key}`)) {
      await db
        .updateTable("coordinator_flags")
        .set({ status: "resolved", resolved_at: now, resolution: "condition_cleared" })
        .where("client_id", "=", f.client_id)
        .where("flag_id", "=", f.flag_id)
        .where("status", "=", "open")
        .execute();
      result.resolved++;
    } else if (
      f.flag_type === "stall" &&
      f.escalated_at === null &&
      now >= addBusinessDays(f.raised_at, STALL_ESCALATION_BUSINESS_DAYS)
    ) {
      // spec 001: no action in 3 business days -> AGT-303 for an analysis recommendation
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable("coordinator_flags")
          .set({ escalated_at: now })
          .where("client_id", "=", f.client_id)
          .where("flag_id", "=", f.flag_id)
          .execute();
        await notify(tx, {
          clientId: f.client_id,
          kind: "flag.stall_escalated",
          recipient: { agentId: ANALYSIS_AGENT_ID },
          now,
          payload: {
            flag_id: f.flag_id,
            flag_type: "stall",
            contact_id: f.contact_id,
            enrollment_id: f.enrollment_id,
            raised_at: f.raised_at.toISOString(),
            message: `Stalled sequence with no action for ${STALL_ESCALATION_BUSINESS_DAYS} business days; recommend a resolution.`,
          },
        });
      });
      result.escalated++;
    }
  }
  return result;
}
