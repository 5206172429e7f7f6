// Which contacts an active play targets (spec 000: target_definition "filters which
// accounts/leads receive the play's sequence"): the play's segment (or its one account for an
// account-specific play), narrowed by ICP tier, vertical, lifecycle stage and the contacts' latest
// sales or marketing signal. Contacts this play already asked about, or already enrolled in its
// campaign, are left out.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { TargetDefinition } from "./play-cadence.ts";

export interface PlayTarget {
  client_id: string;
  play_id: string;
  scope: "segment" | "account_specific";
  segment: string | null;
  account_id: string | null;
  target: TargetDefinition;
}

const NONE = "00000000-0000-0000-0000-000000000000";
const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());

export async function matchTargets(
  db: Kysely<DB>,
  play: PlayTarget,
  campaignId: string,
  limit: number,
  /** only these contacts (the ones a batch of signals just raised) */
  among?: readonly string[],
): Promise<string[]> {
  const t = play.target ?? {};
  let q = db
    .selectFrom("contacts as c")
    .innerJoin("accounts as a", (j) =>
      j.onRef("a.client_id", "=", "c.client_id").onRef("a.account_id", "=", "c.account_id"),
    )
    .select("c.contact_id")
    .where("c.client_id", "=", play.client_id);
  if (among) q = q.where("c.contact_id", "in", among.length ? [...among] : [NONE]);
  q =
    play.scope === "account_specific"
      ? q.where("a.account_id", "=", play.account_id ?? NONE)
      : q.where("a.segment", "=", play.segment ?? "");
  if (t.icp_tiers?.length) q = q.where("a.icp_tier", "in", t.icp_tiers);
  if (t.verticals?.length) q = q.where((eb) => eb(eb.fn("lower", ["a.vertical"]), "in", lower(t.verticals!)));
  if (t.lifecycle_stages?.length) {
    q = q.where((eb) => eb(eb.fn("lower", ["a.lifecycle_stage"]), "in", lower(t.lifecycle_stages!)));
  }
  if (t.intent_signals?.length) {
    const signals = lower(t.intent_signals);
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["c.last_sales_signal"]), "in", signals),
        eb(eb.fn("lower", ["c.last_marketing_signal"]), "in", signals),
      ]),
    );
  }
  const rows = await q
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("play_execution_requests as r")
            .select("r.contact_id")
            .whereRef("r.client_id", "=", "c.client_id")
            .whereRef("r.contact_id", "=", "c.contact_id")
            .where("r.play_id", "=", play.play_id),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("campaign_contacts as cc")
            .select("cc.id")
            .whereRef("cc.client_id", "=", "c.client_id")
            .whereRef("cc.contact_id", "=", "c.contact_id")
            .where("cc.campaign_id", "=", campaignId),
        ),
      ),
    )
    .orderBy("c.contact_id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.contact_id);
}
