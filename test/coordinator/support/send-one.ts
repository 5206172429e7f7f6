// A single send is a batch of one (issue 59 item 1): the tests that gate one send item or record
// one touch call the engine's batch functions with that one item, the only code that does it.
import type { Kysely } from "kysely";
import { type Decision, gateSendsBatch, recordTouchesBatch } from "../../../src/coordinator/index.ts";
import type { DB } from "../../../src/db/database.ts";

type One = { clientId: string; sendItemId: string };

/** gateSendsBatch of one item; throws when the item is not the tenant's (the batch leaves it out). */
export async function gateSend(tx: Kysely<DB>, req: One, now: Date): Promise<Decision> {
  const d = (await gateSendsBatch(tx, { clientId: req.clientId, sendItemIds: [req.sendItemId] }, now)).get(
    req.sendItemId,
  );
  if (!d) throw new Error(`send item ${req.sendItemId} is not tenant ${req.clientId}'s`);
  return d;
}

/** recordTouchesBatch of one item. */
export async function recordTouch(tx: Kysely<DB>, req: One, now: Date): Promise<void> {
  await recordTouchesBatch(tx, { clientId: req.clientId, sendItemIds: [req.sendItemId] }, now);
}
