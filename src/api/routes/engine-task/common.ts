// What the routes of engine-task-routes.ts share.
import { Type } from "typebox";
import { EXIT_REASONS } from "../../../campaigns/index.ts";
import { TASK_OUTCOMES } from "../../../channels/contract.ts";
import type { RepTask } from "../../../engine/index.ts";
import { Nullable } from "../../schemas.ts";

export const RepTaskView = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description:
      "linkedin_touch | phone_call (rep) | personal_send (exec sends the close step personally) | signal_follow_up (made from the Signals view: no touch, so no channel, address, enrollment or send item)",
  }),
  assignee_role: Type.String(),
  status: Type.String(),
  channel: Nullable(Type.String()),
  to_id: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  body: Type.String(),
  contact_id: Type.String(),
  enrollment_id: Nullable(Type.String()),
  send_item_id: Nullable(Type.String()),
  created_at: Type.String(),
  done_at: Nullable(Type.String()),
  outcome: Nullable(Type.String({ description: "a done call's outcome" })),
  at_once_held: Type.Optional(
    Nullable(
      Type.String({
        description:
          "a personal send of a campaign set to send at once that was not sent at once, and why (no connected mailbox, it needs consent again or is paused): it waits for the exec's click",
      }),
    ),
  ),
});
export const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const repView = (t: RepTask) => ({
  id: t.id,
  kind: t.kind,
  assignee_role: t.assignee_role,
  status: t.status,
  channel: t.channel,
  to_id: t.to_id,
  subject: t.subject,
  body: t.body,
  contact_id: t.contact_id,
  enrollment_id: t.enrollment_id,
  send_item_id: t.send_item_id,
  created_at: t.created_at.toISOString(),
  done_at: iso(t.done_at),
  outcome: t.outcome,
  at_once_held: t.at_once_held ?? null,
});
/** What a person says of a done task: a call's outcome, and with a connected call an exit reason. */
export const DoneBody = Type.Object(
  {
    outcome: Type.Optional(
      Type.Union(
        TASK_OUTCOMES.map((o) => Type.Literal(o)),
        { description: 'a call\'s (docs/campaigns.md "Phone calls")' },
      ),
    ),
    exit_reason: Type.Optional(
      Type.Union(
        EXIT_REASONS.map((r) => Type.Literal(r)),
        {
          description:
            "a connected call that ends the enrollment: its reason (the campaign's on_exit routes it)",
        },
      ),
    ),
  },
  { additionalProperties: false },
);
