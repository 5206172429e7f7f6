// What the routes of workspace-routes.ts share.
import { Type } from "typebox";

export const DemoPrincipal = Type.Object({
  key: Type.String(),
  display_name: Type.String(),
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  roles: Type.Array(Type.String()),
  agent_id: Type.Union([Type.String(), Type.Null()]),
  token: Type.String(),
});
export const Num = Type.Number();
export const Int = Type.Integer();
export const Str = Type.String();
export const Dashboard = Type.Object({
  generated_at: Str,
  segments: Type.Array(Type.Object({ segment: Str, name: Str, active: Int, cap: Int })),
  review_threshold: Int,
  active_over_time: Type.Array(Type.Object({ week: Str, active: Int })),
  promotion: Type.Array(Type.Object({ agent_id: Str, quarter: Str, drafted: Int, promoted: Int, rate: Num })),
  promotion_target: Num,
  edit_volume: Type.Array(Type.Object({ agent_id: Str, plays: Int, edits: Int, per_play: Num })),
  touches_per_day: Type.Array(Type.Object({ day: Str, touches: Int })),
  suppressions: Type.Array(Type.Object({ reason: Str, action: Str, count: Int })),
  cohorts: Type.Array(
    Type.Object({
      cohort: Type.Union([Type.Literal("brain"), Type.Literal("other")]),
      sources: Int,
      enrollments: Int,
      converted: Int,
      touches: Int,
      replies: Int,
      conversion_rate: Num,
    }),
  ),
  open_flags: Int,
});
