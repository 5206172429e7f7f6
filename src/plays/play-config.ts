// SalesPlayLibraryConfig (spec 000): the default segment cap (5, 3..8), per-segment overrides and
// auto-sunset, the playbook-review threshold (30). RevOps changes them; the database re-checks.
//
// Lowering a cap below a segment's current active count is allowed: the active plays keep running
// (retiring them is a RevOps decision), and no play in that segment activates until the count is
// below the new cap. The response flags such segments (over_cap) so the caller sees it at once.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { utcDate } from "./play-states.ts";
import { playTx } from "./play-tx.ts";

export interface SegmentCap {
  segment: string;
  name: string;
  play_cap: number | null;
  effective_cap: number;
  auto_sunset: boolean;
  active: number;
  over_cap: boolean;
  /** issue 61 item 5: touches to all contacts of one of its accounts per rolling week; null: none */
  account_weekly_touch_cap: number | null;
}

export interface PlayLibraryConfig {
  default_segment_cap: number;
  review_threshold: number;
  updated_at: string;
  updated_by_user_id: string | null;
  segments: SegmentCap[];
}

export async function getPlayConfig(db: Kysely<DB>, p: Principal, now: Date): Promise<PlayLibraryConfig> {
  const cfg = await db
    .selectFrom("play_library_config")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .executeTakeFirst();
  const defaultCap = cfg?.default_segment_cap ?? 5;
  const today = utcDate(now);
  const segs = await db
    .selectFrom("segments as s")
    .select([
      "s.segment",
      "s.name",
      "s.play_cap",
      "s.auto_sunset",
      "s.account_weekly_touch_cap",
      sql<number>`(select count(*) from plays p where p.client_id = s.client_id and p.state = 'active'
        and p.scope = 'segment' and p.segment = s.segment
        and (p.active_period_end is null or p.active_period_end >= ${today}::date))`.as("active"),
    ])
    .where("s.client_id", "=", p.clientId)
    .orderBy("s.segment")
    .execute();
  return {
    default_segment_cap: defaultCap,
    review_threshold: cfg?.review_threshold ?? 30,
    updated_at: new Date(cfg?.updated_at ?? now).toISOString(),
    updated_by_user_id: cfg?.updated_by_user_id ?? null,
    segments: segs.map((s) => {
      const effective = s.play_cap ?? defaultCap;
      return {
        segment: s.segment,
        name: s.name,
        play_cap: s.play_cap,
        effective_cap: effective,
        auto_sunset: s.auto_sunset,
        active: Number(s.active),
        over_cap: Number(s.active) > effective,
        account_weekly_touch_cap: s.account_weekly_touch_cap,
      };
    }),
  };
}

function assertCap(value: number | null | undefined, path: string): void {
  if (value === undefined || value === null) return;
  if (!Number.isInteger(value) || value < 3 || value > 8)
    throw new BatonError("PLAY_CAP_OUT_OF_RANGE", { value, path });
}

/** An account touch cap (issue 61 item 5, 0400): null or a whole number from 1 to 1000. */
export function assertAccountTouchCap(value: number | null | undefined, path: string): void {
  if (value === undefined || value === null) return;
  if (!Number.isInteger(value) || value < 1 || value > 1000)
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path, message: "must be null or a whole number from 1 to 1000" }],
    });
}

export async function setPlayConfig(
  db: Kysely<DB>,
  p: Principal,
  input: { default_segment_cap?: number; review_threshold?: number },
  now: Date,
): Promise<PlayLibraryConfig> {
  requireRole(p, "change the play library configuration", "revops");
  assertCap(input.default_segment_cap, "default_segment_cap");
  if (
    input.review_threshold !== undefined &&
    (!Number.isInteger(input.review_threshold) || input.review_threshold < 1)
  ) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "review_threshold", message: "must be a positive integer" }],
    });
  }
  await playTx(db, p, now, async (tx) => {
    await tx
      .updateTable("play_library_config")
      .set({
        ...(input.default_segment_cap !== undefined
          ? { default_segment_cap: input.default_segment_cap }
          : {}),
        ...(input.review_threshold !== undefined ? { review_threshold: input.review_threshold } : {}),
        updated_at: now,
        updated_by_user_id: p.principalId,
      })
      .where("client_id", "=", p.clientId)
      .execute();
  });
  return getPlayConfig(db, p, now);
}

export async function setSegmentConfig(
  db: Kysely<DB>,
  p: Principal,
  segment: string,
  input: { play_cap?: number | null; auto_sunset?: boolean; account_weekly_touch_cap?: number | null },
  now: Date,
): Promise<SegmentCap> {
  // the account cap (issue 61 item 5) is the coordinator's: RevOps or an admin sets it; the play
  // cap and auto-sunset stay RevOps'
  if (input.play_cap !== undefined || input.auto_sunset !== undefined)
    requireRole(p, "change a segment's play cap", "revops");
  else requireRole(p, "change a segment's account touch cap", "revops", "admin");
  assertCap(input.play_cap, "play_cap");
  assertAccountTouchCap(input.account_weekly_touch_cap, "account_weekly_touch_cap");
  if (
    input.play_cap === undefined &&
    input.auto_sunset === undefined &&
    input.account_weekly_touch_cap === undefined
  ) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "body", message: "names none of play_cap, auto_sunset, account_weekly_touch_cap" }],
    });
  }
  await playTx(db, p, now, async (tx) => {
    const res = await tx
      .updateTable("segments")
      .set({
        ...(input.play_cap !== undefined ? { play_cap: input.play_cap } : {}),
        ...(input.auto_sunset !== undefined ? { auto_sunset: input.auto_sunset } : {}),
        ...(input.account_weekly_touch_cap !== undefined
          ? { account_weekly_touch_cap: input.account_weekly_touch_cap }
          : {}),
      })
      .where("client_id", "=", p.clientId)
      .where("segment", "=", segment)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new BatonError("PLAY_UNKNOWN_SEGMENT", { segment });
  });
  const cfg = await getPlayConfig(db, p, now);
  return cfg.segments.find((s) => s.segment === segment)!;
}
