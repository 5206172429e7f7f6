// spec 000: a brain agent (AGT-901 / AGT-902, extensible through brain_agents) drafts a play from one
// of its proposals. The proposal can be sent with the draft (it is logged in brain_proposals in the
// same transaction) or referenced by id.
import type { Kysely } from "kysely";
import { describePrincipal, type Principal, requireAgent } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  assertDocuments,
  type SuccessCriteriaDoc,
  type SuggestedCadenceDoc,
  type TargetDefinitionDoc,
} from "./play-documents.ts";
import { playTx } from "./play-tx.ts";
import { type PlayView, toPlayView } from "./play-view.ts";

export interface DraftInput {
  scope: "segment" | "account_specific";
  segment?: string;
  account_id?: string;
  name: string;
  hypothesis: string;
  target_definition: TargetDefinitionDoc;
  suggested_cadence: SuggestedCadenceDoc;
  success_criteria: SuccessCriteriaDoc;
  active_period_end?: string;
  /** an existing proposal of this agent */
  originating_proposal_id?: string;
  /** or the proposal itself, logged with the draft */
  proposal?: { payload: Record<string, unknown> };
}

export async function createDraft(
  db: Kysely<DB>,
  p: Principal,
  input: DraftInput,
  now: Date,
): Promise<PlayView> {
  requireAgent(p, "draft a play");
  const errors: { path: string; message: string }[] = [];
  if (input.scope === "segment" && (!input.segment || input.account_id))
    errors.push({ path: "segment", message: "a segment play names a segment and no account" });
  if (input.scope === "account_specific" && !input.account_id)
    errors.push({ path: "account_id", message: "an account-specific play names an account" });
  if (!input.originating_proposal_id === !input.proposal)
    errors.push({ path: "proposal", message: "send either proposal (to log it) or originating_proposal_id" });
  if (!input.name?.trim()) errors.push({ path: "name", message: "must not be blank" });
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
  assertDocuments({
    target_definition: input.target_definition,
    suggested_cadence: input.suggested_cadence,
    success_criteria: input.success_criteria,
  });
  return playTx(db, p, now, async (tx) => {
    const brain = await tx
      .selectFrom("brain_agents")
      .select("agent_id")
      .where("client_id", "=", p.clientId)
      .where("agent_id", "=", p.agentId!)
      .executeTakeFirst();
    if (!brain) {
      throw new BatonError("PLAY_WRITE_FORBIDDEN", {
        actor: describePrincipal(p),
        action: "draft a play",
        required: "a brain agent (AGT-901, AGT-902 or one added to brain_agents)",
      });
    }
    if (input.segment) {
      const s = await tx
        .selectFrom("segments")
        .select("segment")
        .where("client_id", "=", p.clientId)
        .where("segment", "=", input.segment)
        .executeTakeFirst();
      if (!s) throw new BatonError("PLAY_UNKNOWN_SEGMENT", { segment: input.segment });
    }
    if (input.account_id) {
      const a = await tx
        .selectFrom("accounts")
        .select("account_id")
        .where("client_id", "=", p.clientId)
        .where("account_id", "=", input.account_id)
        .executeTakeFirst();
      if (!a) throw new BatonError("PLAY_UNKNOWN_ACCOUNT", { account_id: input.account_id });
    }
    let proposalId = input.originating_proposal_id;
    if (proposalId) {
      const prop = await tx
        .selectFrom("brain_proposals")
        .select("agent_id")
        .where("client_id", "=", p.clientId)
        .where("proposal_id", "=", proposalId)
        .executeTakeFirst();
      if (!prop) throw new BatonError("PLAY_UNKNOWN_PROPOSAL", { proposal_id: proposalId });
      if (prop.agent_id !== p.agentId)
        throw new BatonError("PLAY_WRITE_FORBIDDEN", {
          actor: describePrincipal(p),
          action: "draft from another agent's proposal",
          required: `a proposal by ${p.agentId}`,
        });
    } else {
      await checkCitedSignals(tx, p.clientId, input.proposal!.payload);
      const created = await tx
        .insertInto("brain_proposals")
        .values({
          client_id: p.clientId,
          agent_id: p.agentId!,
          payload: JSON.stringify(input.proposal!.payload),
          created_at: now,
        })
        .returning("proposal_id")
        .executeTakeFirstOrThrow();
      proposalId = created.proposal_id;
    }
    const row = await tx
      .insertInto("plays")
      .values({
        client_id: p.clientId,
        scope: input.scope,
        segment: input.scope === "segment" ? input.segment! : null,
        account_id: input.scope === "account_specific" ? input.account_id! : null,
        name: input.name.trim(),
        hypothesis: input.hypothesis,
        target_definition: JSON.stringify(input.target_definition),
        suggested_cadence: JSON.stringify(input.suggested_cadence),
        success_criteria: JSON.stringify(input.success_criteria),
        originating_proposal_id: proposalId,
        writer_agent_id: p.agentId!,
        active_period_end: input.active_period_end ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlayView(row, now);
  });
}

/**
 * A proposal may cite the signals it answers (issue 69 item 4: `payload.signal_ids`, from MCP
 * list_signals): each one a signal of the tenant, so the proposal's reasons can be read back. A
 * malformed list is VALIDATION_FAILED; an id of no signal here is PLAY_SIGNAL_NOT_FOUND.
 */
async function checkCitedSignals(tx: Kysely<DB>, clientId: string, payload: Record<string, unknown>) {
  const cited = payload.signal_ids;
  if (cited === undefined) return;
  const ids = Array.isArray(cited) ? cited : [cited];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const bad = (message: string) =>
    new BatonError("VALIDATION_FAILED", { errors: [{ path: "proposal/payload/signal_ids", message }] });
  if (ids.length > 200 || !ids.every((x): x is string => typeof x === "string" && uuid.test(x)))
    throw bad("is a list of at most 200 signal ids (list_signals)");
  if (ids.length === 0) return;
  const found = await tx
    .selectFrom("signals")
    .select("signal_id")
    .where("client_id", "=", clientId)
    .where("signal_id", "in", ids)
    .execute();
  const known = new Set(found.map((r) => r.signal_id));
  const missing = ids.filter((x) => !known.has(x));
  // not found, whether made up or another tenant's: the answer is the same
  if (missing.length) throw new BatonError("PLAY_SIGNAL_NOT_FOUND", { missing });
}
