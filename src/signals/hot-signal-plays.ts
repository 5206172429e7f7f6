// The active play a hot subject's signals answer (issue 69 item 4): the active plays that name intent
// signals, and the first whose segment (or account) and tiers take the account and whose intent
// signals name one of its signal types. The Signals view shows it (hot-signals.ts) and "enroll"
// proposes for it (act-on-hot-signal.ts).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { TargetDefinition } from "../plays/index.ts";

export interface ActivePlay {
  play_id: string;
  name: string;
  scope: string;
  segment: string | null;
  account_id: string | null;
  target: TargetDefinition;
}

export async function activeIntentPlays(db: Kysely<DB>, clientId: string): Promise<ActivePlay[]> {
  const rows = await db
    .selectFrom("plays")
    .select(["play_id", "name", "scope", "segment", "account_id", "target_definition"])
    .where("client_id", "=", clientId)
    .where("state", "=", "active")
    .orderBy("activated_at")
    .orderBy("play_id")
    .execute();
  return rows
    .map((r) => ({ ...r, target: (r.target_definition ?? {}) as TargetDefinition }))
    .filter((p) => p.target.intent_signals?.length);
}

/** The first active play whose segment (or account) and tiers take this account, and whose intent signals name one of the types. */
export function playFor(
  plays: ActivePlay[],
  account: { account_id: string | null; segment: string | null; icp_tier: string | null },
  types: string[],
): ActivePlay | null {
  const have = new Set(types.map((t) => t.toLowerCase()));
  return (
    plays.find(
      (p) =>
        (p.scope === "account_specific"
          ? p.account_id === account.account_id
          : p.segment === account.segment) &&
        (!p.target.icp_tiers?.length || p.target.icp_tiers.includes(account.icp_tier as never)) &&
        p.target.intent_signals!.some((s) => have.has(s.toLowerCase())),
    ) ?? null
  );
}
