// What the routes of agent-approval-routes.ts share: the request's id, its answer (the request with
// what it asks: a play, a positive exit's reply, an automation change's class) and how it is read.
import { Type } from "typebox";
import {
  ApprovalRequest,
  describeAutomationChange,
  describePositiveExit,
  getApprovalRequest,
} from "../../../agents/index.ts";
import { getPlay } from "../../../plays/index.ts";
import type { AppDeps } from "../../context.ts";
import { IdParam } from "../../schemas.ts";

export const tags = ["agent-approvals"];
export const Params = Type.Object({ id: IdParam("approval request") });
export const WithPlay = Type.Object({
  request: ApprovalRequest,
  play: Type.Union([
    Type.Object({
      play_id: Type.String(),
      name: Type.String(),
      hypothesis: Type.String(),
      segment: Type.Union([Type.String(), Type.Null()]),
      state: Type.String(),
      writer_agent_id: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  reply: Type.Union([
    Type.Object(
      {
        reply_id: Type.String(),
        status: Type.String({ description: "the reply's triage status: pending, decided, auto" }),
        own_text: Type.String({ description: "the reply's own words" }),
        received_at: Type.String(),
        reading: Type.Object({
          intent: Type.String(),
          confidence: Type.Number(),
          stop_signal: Type.Boolean(),
          words: Type.String({ description: "the reading in words" }),
        }),
        contact_name: Type.String(),
        campaign_name: Type.Union([Type.String(), Type.Null()]),
        enrollment_status: Type.Union([Type.String(), Type.Null()]),
        exit_reason: Type.String(),
        effect: Type.String({ description: "what the exit would do, on_exit included, in a sentence" }),
      },
      { description: "positive_exit: the reply and what its exit would do" },
    ),
    Type.Null(),
  ]),
  automation: Type.Union([
    Type.Object(
      {
        automation_class: Type.Ref("AutomationClass"),
        reason: Type.String({ description: "the agent's words: why it asks" }),
        effect: Type.String({ description: "what the change would do, in a sentence" }),
      },
      { description: "automation_change: the class as it stands and what the change would do" },
    ),
    Type.Null(),
  ]),
});

/** The request as the person reads it, with what it asks. */
export async function readApprovalRequest(
  deps: AppDeps,
  principal: Parameters<typeof getApprovalRequest>[1],
  id: string,
) {
  const request = await getApprovalRequest(deps.db, principal, id, deps.now(), deps.config.publicUrl);
  const p = request.play_id ? await getPlay(deps.db, principal, request.play_id, deps.now()) : null;
  const play = p
    ? {
        play_id: p.play_id,
        name: p.name,
        hypothesis: p.hypothesis,
        segment: p.segment ?? null,
        state: p.state,
        writer_agent_id: p.writer_agent_id ?? null,
      }
    : null;
  // what a positive exit decides, read as the person (who may triage the reply: the read checks it)
  const reply =
    request.kind === "positive_exit"
      ? await describePositiveExit(deps.db, principal, {
          reply_id: request.reply_id,
          exit_reason: request.exit_reason,
        })
      : null;
  // an automation change: the class as it stands now (the request's read checked who reads it)
  const automation = request.automation_change
    ? await describeAutomationChange(deps.db, principal.clientId, request.automation_change)
    : null;
  return { request, play, reply, automation };
}
