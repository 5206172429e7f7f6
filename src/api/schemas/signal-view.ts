// The Signals view's shapes (issue 69 item 4): hot people and accounts, the view's actions, RevOps'
// counts per type and source with each source's health, the trends per segment, the recent signals.
import { Type } from "typebox";
import { IsoTime, Nullable, Uuid } from "../schemas.ts";

const Subject = Type.Union([Type.Literal("contact"), Type.Literal("account")]);
const Days = Type.Integer({ minimum: 1, maximum: 365, description: "The window in days" });

export const HotQuery = Type.Object({
  subject: Type.Optional(
    Type.Union([Type.Literal("contact"), Type.Literal("account")], {
      description: "contact: the hottest people (the default); account: the hottest accounts",
    }),
  ),
  days: Type.Optional(Days),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: "The hottest n (default 50)" })),
});

export const HotItem = Type.Object({
  subject: Subject,
  contact_id: Nullable(Type.String()),
  account_id: Nullable(Type.String()),
  name: Type.String(),
  account_name: Nullable(Type.String()),
  icp_tier: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  score: Type.Number({ description: "Σ weight × 0.5^(age / half-life) over the window's signals" }),
  last_at: IsoTime,
  says: Type.String({ description: "The reasons in words" }),
  reasons: Type.Array(
    Type.Object({
      type: Type.String(),
      label: Nullable(Type.String()),
      count: Type.Integer(),
      last_at: IsoTime,
      score: Type.Number(),
    }),
  ),
  play: Nullable(Type.Object({ play_id: Type.String(), name: Type.String() })),
  open_task: Nullable(
    Type.Object({
      action_id: Type.String(),
      task_id: Nullable(Type.String({ description: "the follow-up's task in the rep's task queue" })),
      note: Nullable(Type.String()),
      due_at: Nullable(IsoTime),
    }),
  ),
});

export const HotList = Type.Object({
  items: Type.Array(HotItem),
  next_cursor: Type.Null({ description: "Always null: the list is the hottest `limit`, ranked" }),
  days: Type.Integer(),
});

export const HotActionBody = Type.Object({
  action: Type.Union([Type.Literal("enroll"), Type.Literal("task"), Type.Literal("dismiss")]),
  play_id: Type.Optional(Uuid),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  due_at: Type.Optional(IsoTime),
});

const Decisions = Type.Object({
  allow: Type.Integer(),
  hold: Type.Integer(),
  queue: Type.Integer(),
  block: Type.Integer(),
});

export const HotActionResult = Type.Object({
  action: Type.String(),
  action_id: Nullable(Type.String()),
  task_id: Type.Optional(
    Nullable(
      Type.String({
        description:
          "task: the follow-up's task in the rep's task queue (GET /api/v1/rep-tasks); the open one when the person already had one",
      }),
    ),
  ),
  play_id: Nullable(Type.String()),
  decisions: Nullable(Decisions),
});

export const StatsQuery = Type.Object({ days: Type.Optional(Days) });

export const SignalStatsView = Type.Object({
  days: Type.Integer(),
  by_type: Type.Array(
    Type.Object({
      type: Type.String(),
      label: Nullable(Type.String()),
      side: Type.String(),
      count: Type.Integer(),
      last_at: Nullable(IsoTime),
    }),
  ),
  by_source: Type.Array(
    Type.Object({
      source: Type.String(),
      kind: Nullable(Type.String()),
      count: Type.Integer(),
      last_at: Nullable(IsoTime),
      events_count: Nullable(Type.Integer()),
      refused_count: Nullable(Type.Integer()),
      last_refusal: Nullable(Type.String()),
      health: Type.Union(["healthy", "quiet", "never", "refusing"].map((h) => Type.Literal(h))),
      why: Type.String(),
    }),
  ),
});

export const TrendsQuery = Type.Object({
  days: Type.Optional(Days),
  segment: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "Only this segment's accounts" }),
  ),
});

export const SignalTrendsView = Type.Object({
  days: Type.Integer(),
  items: Type.Array(
    Type.Object({
      segment: Nullable(Type.String()),
      type: Type.String(),
      side: Type.String(),
      count: Type.Integer(),
      previous: Type.Integer(),
      accounts: Type.Integer(),
      change: Nullable(Type.Number()),
    }),
  ),
  next_cursor: Type.Null(),
});
