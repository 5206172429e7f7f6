// The per-account weekly touch cap for ABM (issue 61 item 5, 0400): at most N non-transactional
// touches to all contacts of one account in the rolling window (touch-window.ts), counted by gate 3
// (touch-cap-gate.ts). An account's own cap overrides its segment's (segments.account_weekly_touch_cap,
// set with the segment's play cap); null on both: no account cap. RevOps or an admin sets it.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";

export interface AccountTouchCap {
  account_id: string;
  name: string;
  segment: string | null;
  /** the account's own cap; null: its segment's (if any) */
  weekly_touch_cap: number | null;
  /** its segment's cap for its accounts; null: none, or no segment */
  segment_cap: number | null;
  /** the cap gate 3 counts against: the account's, else the segment's; null: no account cap */
  effective_cap: number | null;
}

async function readCap(db: Kysely<DB>, clientId: string, accountId: string): Promise<AccountTouchCap> {
  const r = await db
    .selectFrom("accounts as a")
    .leftJoin("segments as s", (j) =>
      j.onRef("s.client_id", "=", "a.client_id").onRef("s.segment", "=", "a.segment"),
    )
    .select(["a.account_id", "a.name", "a.segment", "a.weekly_touch_cap", "s.account_weekly_touch_cap"])
    .where("a.client_id", "=", clientId)
    .where("a.account_id", "=", accountId)
    .executeTakeFirst();
  if (!r) throw new BatonError("NOT_FOUND", { entity: "account", id: accountId });
  const segmentCap = r.account_weekly_touch_cap ?? null;
  return {
    account_id: r.account_id,
    name: r.name,
    segment: r.segment,
    weekly_touch_cap: r.weekly_touch_cap,
    segment_cap: segmentCap,
    effective_cap: r.weekly_touch_cap ?? segmentCap,
  };
}

export async function getAccountTouchCap(
  db: Kysely<DB>,
  actor: Principal,
  accountId: string,
): Promise<AccountTouchCap> {
  requireRole(actor, "read an account's touch cap", "revops", "admin");
  return readCap(db, actor.clientId, accountId);
}

/** Sets (a whole number from 1 to 1000) or clears (null: the segment's) an account's own cap. */
export async function setAccountTouchCap(
  db: Kysely<DB>,
  actor: Principal,
  accountId: string,
  cap: number | null,
): Promise<AccountTouchCap> {
  requireRole(actor, "change an account's touch cap", "revops", "admin");
  if (cap !== null && (!Number.isInteger(cap) || cap < 1 || cap > 1000))
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "weekly_touch_cap", message: "must be null or a whole number from 1 to 1000" }],
    });
  const res = await db
    .updateTable("accounts")
    .set({ weekly_touch_cap: cap })
    .where("client_id", "=", actor.clientId)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0)
    throw new BatonError("NOT_FOUND", { entity: "account", id: accountId });
  return readCap(db, actor.clientId, accountId);
}
