// What the routes of coordinator-routes.ts share.
import { Type } from "typebox";
import type { Decision } from "../../../coordinator/contract.ts";
import { Uuid } from "../../schemas.ts";

export const tags = ["coordinator"];
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
export const AccountTouchCap = Type.Object(
  {
    account_id: Type.String(),
    name: Type.String(),
    segment: Nullable(Type.String()),
    weekly_touch_cap: Nullable(Type.Integer({ description: "the account's own cap; null: its segment's" })),
    segment_cap: Nullable(Type.Integer({ description: "its segment's cap for its accounts; null: none" })),
    effective_cap: Nullable(
      Type.Integer({ description: "the cap gate 3 counts: the account's, else the segment's; null: none" }),
    ),
  },
  { description: "An account's weekly touch cap (issue 61 item 5)" },
);
export const DecisionBody = {
  decision: Type.Union([
    Type.Literal("allow"),
    Type.Literal("hold"),
    Type.Literal("queue"),
    Type.Literal("block"),
  ]),
  gate: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  reason: Nullable(Type.String()),
  until: Nullable(Type.String({ format: "date-time" })),
  event_id: Type.Integer(),
  touch_cap_at_event: Type.Integer(),
};
export const DecisionView = Type.Object(DecisionBody);
export const ActivationResult = Type.Object({ ...DecisionBody, enrollment_id: Nullable(Type.String()) });
export const view = (d: Decision) => ({
  decision: d.action,
  gate: d.gate,
  reason: d.reason,
  until: d.until ? d.until.toISOString() : null,
  event_id: d.eventId,
  touch_cap_at_event: d.touchCapAtEvent,
});
export const Config = Type.Object({
  weekly_touch_cap: Type.Integer({
    minimum: 1,
    maximum: 50,
    description: "spec 001: per prospect per rolling 7 days",
  }),
  daily_touch_cap: Type.Integer({
    minimum: 1,
    maximum: 20,
    description: "spec 002: per contact per local day",
  }),
  conflict_queue_hours: Type.Integer({
    minimum: 1,
    maximum: 720,
    description: "spec 001 matrix: queue period",
  }),
});
export const configView = (c: {
  weeklyTouchCap: number;
  dailyTouchCap: number;
  conflictQueueHours: number;
}) => ({
  weekly_touch_cap: c.weeklyTouchCap,
  daily_touch_cap: c.dailyTouchCap,
  conflict_queue_hours: c.conflictQueueHours,
});
export const AccountParams = Type.Object({ accountId: { ...Uuid, description: "The account (uuid)" } });
