// The exec's personal send at once, where he chose so per campaign (issue 67 item 5: the close step
// goes out from his mailbox "when he clicks Send, or at once, where he chose so per campaign";
// campaigns.personal_send, migration 0620). The choice is his: it is his name on the mail.
//
// Where it runs: a background pass of the engine's workers (startWorker's `idle`, at most once a
// second), not the engine step. A personal_send task exists only once a person approved the close
// step (sales campaigns never approve by themselves, stage-draft.ts), so the step's hot path has
// nothing to do for it, and a campaign without the choice costs the pass one indexed look-up that
// finds nothing. The pass sends through sendPersonally, as his click does: the same ledger (at most
// once, the send item's key), the same send-time gates, his touch with sent_as 'exec_personal', the
// task done.
//
// Automation acts only when it is sure. The pass takes a task once (engine_rep_tasks.at_once_at, set
// by one conditional update, so two passes or two workers never both take it); when the exec has no
// connected mailbox, or it needs consent again or is paused, or the send fails, nothing is sent, the
// task stays open for his click and says why (at_once_held), once.
import { sql } from "kysely";
import type { Principal, Role } from "../auth/principal.ts";
import type { Config } from "../config/config.ts";
import { isBatonError } from "../errors/baton-error.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { sendPersonally } from "./personal-send.ts";

export interface AtOnceResult {
  sent: number;
  /** tasks left open for the exec's click, with their reason */
  held: number;
}

/**
 * Sends the open personal sends of campaigns set to at once that no pass took yet, each from the
 * mailbox of the exec who chose at once, through sendPersonally. At most `limit` a pass.
 */
export async function sendPersonalStepsAtOnce(
  deps: Pick<EngineDeps, "db" | "email" | "enqueueCrmWrites">,
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  now: Date,
  opts: { limit?: number; clientId?: string } = {},
): Promise<AtOnceResult> {
  const result: AtOnceResult = { sent: 0, held: 0 };
  let q = deps.db
    .selectFrom("engine_rep_tasks as t")
    .innerJoin("campaign_contacts as e", (j) =>
      j.onRef("e.client_id", "=", "t.client_id").onRef("e.id", "=", "t.enrollment_id"),
    )
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .select(["t.client_id", "t.id", "c.personal_send_by"])
    .where("t.kind", "=", "personal_send")
    .where("t.status", "=", "open")
    .where("t.at_once_at", "is", null)
    .where("c.personal_send", "=", "at_once")
    .orderBy("t.created_at")
    .limit(opts.limit ?? 20);
  if (opts.clientId) q = q.where("t.client_id", "=", opts.clientId);
  for (const row of await q.execute()) {
    // taken once: a second pass (or another worker) finds it taken and leaves it
    const taken = await deps.db
      .updateTable("engine_rep_tasks")
      .set({ at_once_at: now })
      .where("client_id", "=", row.client_id)
      .where("id", "=", row.id)
      .where("status", "=", "open")
      .where("at_once_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!taken) continue;
    const why = await sendOne(deps, config, row.client_id, row.id, row.personal_send_by, now);
    if (why === null) {
      result.sent++;
      continue;
    }
    result.held++;
    await deps.db
      .updateTable("engine_rep_tasks")
      .set({ at_once_held: why.slice(0, 500) })
      .where("client_id", "=", row.client_id)
      .where("id", "=", row.id)
      .execute();
  }
  return result;
}

/** Sends one taken task; null when sent (or closed by the send-time gates), else why it was not. */
async function sendOne(
  deps: Pick<EngineDeps, "db" | "email" | "enqueueCrmWrites">,
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  clientId: string,
  taskId: string,
  execId: string | null,
  now: Date,
): Promise<string | null> {
  const exec = execId
    ? await deps.db
        .selectFrom("principals")
        .select(["principal_id", "client_id", "kind", "display_name", "roles", "agent_id", "deactivated_at"])
        .where("client_id", "=", clientId)
        .where("principal_id", "=", execId)
        .executeTakeFirst()
    : undefined;
  if (!exec || exec.deactivated_at !== null || exec.kind !== "person" || !exec.roles.includes("exec"))
    return "Not sent at once: the exec who chose it is no longer an active exec. Send it with a click.";
  // sure or nothing: his mailbox must be connected now (not waiting for consent, not paused)
  const box = await deps.db
    .selectFrom("mailbox_connections")
    .select(["mailbox", "status", "status_reason"])
    .where("client_id", "=", clientId)
    .where("owner_id", "=", exec.principal_id)
    .where("can_send", "=", true)
    .where("status", "<>", "disconnected")
    .orderBy(sql`status = 'connected'`, "desc")
    .orderBy("connected_at")
    .executeTakeFirst();
  if (!box)
    return "Not sent at once: you have no connected mailbox. Connect it on My mailbox, then click Send.";
  if (box.status === "needs_consent")
    return `Not sent at once: your mailbox ${box.mailbox} needs your consent again. Reconnect it on My mailbox, then click Send.`;
  if (box.status !== "connected")
    return `Not sent at once: your mailbox ${box.mailbox} is paused${box.status_reason ? ` (${box.status_reason})` : ""}. Click Send when it is back.`;
  const p: Principal = {
    principalId: exec.principal_id,
    clientId,
    kind: "person",
    displayName: exec.display_name,
    roles: exec.roles as Role[],
    agentId: null,
  };
  try {
    await sendPersonally(deps, config, p, taskId, now);
    return null;
  } catch (e) {
    if (isBatonError(e)) return `Not sent at once: ${e.message}`;
    throw e;
  }
}
