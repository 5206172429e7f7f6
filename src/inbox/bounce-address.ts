// Bounces per address (issue 12 part 3). A hard bounce (5.x.x) suppresses the address at once; a
// soft one (4.x.x) is counted, and `softLimit` in a row suppress it. Suppression goes to the
// tenant's suppression list (src/prospects, source 'bounce', the reason with the status code), in
// the caller's transaction: every live enrollment of the people at that address ends, their unsent
// touches are cancelled, the event log says why, and the coordinator's compliance gate blocks
// every future touch to the address in every campaign (resolution 'suppressed_email').
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "../db/database.ts";
import { suppressAddress } from "../prospects/suppress-address.ts";

export type SuppressionReason = "hard_bounce" | "soft_bounce_limit";

export interface AddressBounce {
  clientId: string;
  address: string;
  hard: boolean;
  status: string | null;
  diagnostic: string | null;
  /** soft bounces in a row that suppress the address (config inbox.softBounceLimit) */
  softLimit: number;
}

export interface AddressBounceResult {
  softInRow: number;
  suppressed: SuppressionReason | null;
  /** the suppression-list entry was created by this bounce (false: it was listed before) */
  newlySuppressed: boolean;
}

/** Call inside the transaction that records the inbound message (once per message). */
export async function recordAddressBounce(
  tx: Kysely<DB>,
  b: AddressBounce,
  now: Date,
): Promise<AddressBounceResult> {
  const address = b.address.toLowerCase();
  const counted = await sql<{ soft_in_row: number }>`
    insert into address_bounce_counts (client_id, address, soft_in_row, last_status, last_bounce_at)
    values (${b.clientId}, ${address}, ${b.hard ? 0 : 1}, ${b.status}, ${now})
    on conflict (client_id, address) do update
      set soft_in_row = case when ${b.hard} then address_bounce_counts.soft_in_row
                             else address_bounce_counts.soft_in_row + 1 end,
          last_status = excluded.last_status, last_bounce_at = excluded.last_bounce_at
    returning soft_in_row`.execute(tx);
  const softInRow = counted.rows[0]?.soft_in_row ?? 0;
  const reason: SuppressionReason | null = b.hard
    ? "hard_bounce"
    : softInRow >= b.softLimit
      ? "soft_bounce_limit"
      : null;
  if (!reason) return { softInRow, suppressed: null, newlySuppressed: false };
  const words =
    reason === "hard_bounce"
      ? `hard_bounce ${b.status ?? ""} ${b.diagnostic ?? ""}`
      : `soft_bounce_limit ${softInRow} in a row, last ${b.status ?? ""} ${b.diagnostic ?? ""}`;
  const r = await suppressAddress(
    tx,
    {
      clientId: b.clientId,
      email: address,
      reason: words.replace(/\s+/g, " ").trim().slice(0, 200),
      source: "bounce",
    },
    now,
  );
  return { softInRow, suppressed: reason, newlySuppressed: r.created };
}

/** A reply from the address proves it receives mail: its run of soft bounces ends. */
export async function resetSoftBounces(tx: Kysely<DB>, clientId: string, address: string): Promise<void> {
  await tx
    .updateTable("address_bounce_counts")
    .set({ soft_in_row: 0 })
    .where("client_id", "=", clientId)
    .where("address", "=", address.toLowerCase())
    .where("soft_in_row", ">", 0)
    .execute();
}
