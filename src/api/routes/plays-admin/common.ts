// What the routes of plays-admin-routes.ts share.
import { Type } from "typebox";

export const tags = ["plays"];
export const SegmentCap = Type.Object({
  segment: Type.String(),
  name: Type.String(),
  play_cap: Type.Union([Type.Integer(), Type.Null()]),
  effective_cap: Type.Integer(),
  auto_sunset: Type.Boolean(),
  active: Type.Integer(),
  over_cap: Type.Boolean({
    description: "more active plays than the cap (after lowering it): no new activations until below",
  }),
  account_weekly_touch_cap: Type.Optional(
    Type.Union([Type.Integer(), Type.Null()], {
      description:
        "issue 61: the segment's accounts' weekly touch cap (an account's own overrides it); null: none",
    }),
  ),
});
export const Config = Type.Object({
  default_segment_cap: Type.Integer(),
  review_threshold: Type.Integer(),
  updated_at: Type.String(),
  updated_by_user_id: Type.Union([Type.String(), Type.Null()]),
  segments: Type.Array(SegmentCap),
});
