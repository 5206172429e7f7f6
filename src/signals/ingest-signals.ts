// Recording signals as a principal (issue 69 items 1 and 2): who may record a batch by hand (the
// API, the CLI, the MCP tool), and the book they record it within; the batch itself goes down
// recordSignals (record-signals.ts), as the webhook's does.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { bookOf } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { recordSignals } from "./record-signals.ts";
import type { RecordDeps, RecordResult, SignalInput } from "./signal-batch-types.ts";

/** People who may record a signal by hand; every agent token of the tenant may too (research agents). */
export const SIGNAL_RECORDER_ROLES = ["revops", "admin", "slm", "rep"] as const;

/** Throws FORBIDDEN_ROLE unless the principal may record signals (agents, and the recorder roles). */
export function requireSignalRecorder(actor: Principal): void {
  if (actor.kind === "agent" || hasRole(actor, ...SIGNAL_RECORDER_ROLES)) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action: "record signals",
    required: `an agent token or the ${SIGNAL_RECORDER_ROLES.join(", ")} role`,
  });
}

/** A principal's batch (the API, the CLI, the MCP tool). */
export async function ingestSignals(
  db: Kysely<DB>,
  actor: Principal,
  inputs: readonly SignalInput[],
  deps: RecordDeps,
  now: Date,
): Promise<RecordResult> {
  requireSignalRecorder(actor);
  // a rep under an own/team book, or an agent whose token is bound to a team or territory, records
  // signals only about the prospects it reaches (RevOps, the exec, admins and unbound agents reach
  // the workspace: no read is added for them)
  const book = await bookOf(db, actor);
  return recordSignals(
    db,
    { clientId: actor.clientId, principalId: actor.principalId, book },
    inputs,
    deps,
    now,
  );
}
