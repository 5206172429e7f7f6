// What the routes of rep-task-queue-routes.ts share.
import { Type } from "typebox";
import { REP_TASK_SKIP_REASONS, type RepTaskSkipReason } from "../../../engine/contract.ts";
import type { RepTaskStatus } from "../../../engine/index.ts";
import { MAX_SNOOZE_DAYS, type RepTaskItem, taskLink } from "../../../engine/index.ts";
import { IsoTime, PAGE_FIELDS } from "../../schemas.ts";

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
export const SKIP_REASONS = Object.keys(REP_TASK_SKIP_REASONS) as RepTaskSkipReason[];
export const STATUSES: RepTaskStatus[] = ["open", "done", "cancelled", "skipped"];
/** A task as the queue shows it: what to do, for whom, where, and the words to use. Channel-neutral. */
export const RepTaskItemView = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description:
      "linkedin_touch | phone_call (rep) | personal_send (exec sends a close step personally) | signal_follow_up (a follow-up made from the Signals view: no touch, so no channel, step, campaign or address; done records no touch)",
  }),
  channel: Nullable(Type.String()),
  assignee_role: Type.String(),
  status: Type.Union(STATUSES.map((s) => Type.Literal(s))),
  due_at: IsoTime,
  created_at: IsoTime,
  done_at: Nullable(IsoTime),
  prospect: Type.Object({ id: Type.String(), name: Type.String(), title: Nullable(Type.String()) }),
  company: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  step: Nullable(Type.Object({ number: Type.Integer(), content_type: Nullable(Type.String()) })),
  campaign: Nullable(Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() })),
  contact_id: Type.String({ description: "the prospect's id (prospect.id)" }),
  to_id: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  body: Type.String({
    description: "the approved draft: what to send, as written (a follow-up: what to follow up on)",
  }),
  link: Nullable(
    Type.Object(
      { url: Type.String(), label: Type.String() },
      { description: "where to do it (the prospect's LinkedIn profile); null when none is on record" },
    ),
  ),
  enrollment_id: Nullable(Type.String()),
  send_item_id: Nullable(Type.String()),
  signal_action_id: Type.Optional(
    Nullable(Type.String({ description: "a follow-up's Signals view action (signal_actions)" })),
  ),
  skip: Nullable(Type.Object({ reason: Type.String(), note: Nullable(Type.String()) })),
  outcome: Nullable(
    Type.String({
      description: "a done call's outcome: connected | voicemail | no_answer | wrong_number | bad_number",
    }),
  ),
  at_once_held: Type.Optional(
    Nullable(
      Type.String({
        description:
          "a personal send of a campaign the exec set to send at once that was not sent at once, and why (no connected mailbox, it needs consent again or is paused): it waits for his click",
      }),
    ),
  ),
});
export function repTaskItemView(t: RepTaskItem) {
  return {
    id: t.id,
    kind: t.kind,
    channel: t.channel,
    assignee_role: t.assignee_role,
    status: t.status,
    due_at: t.due_at.toISOString(),
    created_at: t.created_at.toISOString(),
    done_at: t.done_at ? t.done_at.toISOString() : null,
    prospect: { id: t.contact_id, name: t.prospect_name, title: t.prospect_title },
    company: t.company_id && t.company_name ? { id: t.company_id, name: t.company_name } : null,
    step: t.step_number === null ? null : { number: t.step_number, content_type: t.content_type },
    campaign:
      t.campaign_id && t.campaign_slug && t.campaign_name
        ? { id: t.campaign_id, slug: t.campaign_slug, name: t.campaign_name }
        : null,
    contact_id: t.contact_id,
    to_id: t.to_id,
    subject: t.subject,
    body: t.body,
    link: taskLink(t),
    enrollment_id: t.enrollment_id,
    send_item_id: t.send_item_id,
    signal_action_id: t.signal_action_id,
    skip: t.skip_reason ? { reason: t.skip_reason, note: t.skip_note } : null,
    outcome: t.outcome,
    at_once_held: t.at_once_held,
  };
}
export const RepTaskQueueQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union(
        STATUSES.map((s) => Type.Literal(s)),
        { description: "open (default)" },
      ),
    ),
    due: Type.Optional(
      Type.Union([Type.Literal("now"), Type.Literal("later"), Type.Literal("any")], {
        description:
          "now: due by now (the queue; the default for open tasks); later: snoozed or held until a later time; any",
      }),
    ),
    ...PAGE_FIELDS,
  },
  { additionalProperties: false },
);
export const SkipBody = Type.Object(
  {
    reason: Type.Union(
      SKIP_REASONS.map((r) => Type.Literal(r)),
      { description: SKIP_REASONS.map((r) => `${r}: ${REP_TASK_SKIP_REASONS[r]}`).join("; ") },
    ),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const SnoozeBody = Type.Object(
  {
    until: Type.String({
      format: "date-time",
      description: `after now, at most ${MAX_SNOOZE_DAYS} days ahead`,
    }),
  },
  { additionalProperties: false },
);
