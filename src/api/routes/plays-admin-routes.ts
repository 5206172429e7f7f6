// Play library configuration (RevOps), calibration signals and archiving (spec 000).
import { Type } from "typebox";
import {
  archiveColdPlays,
  capSignals,
  editVolume,
  getPlayConfig,
  promotionRates,
  retrospectives,
  setPlayConfig,
  setSegmentConfig,
} from "../../plays/index.ts";
import type { RouteModule } from "../context.ts";
import { SegmentKey, stdErrors } from "../schemas.ts";

const tags = ["plays"];

const SegmentCap = Type.Object({
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
const Config = Type.Object({
  default_segment_cap: Type.Integer(),
  review_threshold: Type.Integer(),
  updated_at: Type.String(),
  updated_by_user_id: Type.Union([Type.String(), Type.Null()]),
  segments: Type.Array(SegmentCap),
});

export const playsAdminRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/config",
    {
      schema: {
        tags,
        summary: "Play library configuration: caps, auto-sunset, review threshold",
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => getPlayConfig(deps.db, req.principal, deps.now()),
  );
  app.put(
    "/api/v1/plays/config",
    {
      schema: {
        tags,
        summary: "Set the default segment cap (3..8) and review threshold (RevOps)",
        body: Type.Object(
          {
            default_segment_cap: Type.Optional(Type.Integer()),
            review_threshold: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => setPlayConfig(deps.db, req.principal, req.body as any, deps.now()),
  );
  app.put(
    "/api/v1/plays/config/segments/:segment",
    {
      schema: {
        tags,
        summary:
          "Set a segment's cap override (3..8, null = default) and auto-sunset (RevOps), and its accounts' weekly touch cap (RevOps, admin)",
        params: Type.Object({ segment: SegmentKey }),
        body: Type.Object(
          {
            play_cap: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
            auto_sunset: Type.Optional(Type.Boolean()),
            account_weekly_touch_cap: Type.Optional(
              Type.Union([
                Type.Integer({
                  minimum: 1,
                  maximum: 1000,
                  description:
                    "issue 61: at most this many touches to all contacts of one of the segment's accounts in any rolling 7 days (1 to 1000), unless the account sets its own; gate 3 holds the rest (reason account_cap_exceeded, resolution account_weekly_cap); null: none",
                }),
                Type.Null(),
              ]),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SegmentCap, ...stdErrors },
      },
    },
    async (req) => setSegmentConfig(deps.db, req.principal, req.params.segment, req.body as any, deps.now()),
  );

  app.get(
    "/api/v1/plays/calibration/promotion",
    {
      schema: {
        tags,
        summary: "Promotion rate (activated / drafted) per brain agent per quarter; target >= 30%",
        response: {
          200: Type.Object({
            target: Type.Number(),
            items: Type.Array(
              Type.Object({
                agent_id: Type.String(),
                quarter: Type.String(),
                drafted: Type.Integer(),
                activated: Type.Integer(),
                promotion_rate: Type.Number(),
                below_target: Type.Boolean(),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({ target: 0.3, items: await promotionRates(deps.db, req.principal) }),
  );
  app.get(
    "/api/v1/plays/calibration/edits",
    {
      schema: {
        tags,
        summary: "Edit volume during review, per play and per brain agent",
        response: { 200: Type.Any(), ...stdErrors },
      },
    },
    async (req) => editVolume(deps.db, req.principal),
  );
  app.get(
    "/api/v1/plays/calibration/caps",
    {
      schema: {
        tags,
        summary: "Active vs cap per segment; total active, flagged over the review threshold (30)",
        response: {
          200: Type.Object({
            segments: Type.Array(SegmentCap),
            account_specific_active: Type.Integer(),
            total_active: Type.Integer(),
            review_threshold: Type.Integer(),
            review_flag: Type.Boolean(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => capSignals(deps.db, req.principal, deps.now()),
  );
  app.get(
    "/api/v1/plays/calibration/retrospectives",
    {
      schema: {
        tags,
        summary: "Retrospective outcomes vs success criteria, per activated play",
        response: { 200: Type.Any(), ...stdErrors },
      },
    },
    async (req) => ({ items: await retrospectives(deps.db, req.principal) }),
  );

  app.post(
    "/api/v1/plays/archive",
    {
      schema: {
        tags,
        summary:
          "Move cold plays (retired > 18 months) to the archive (RevOps or admin); audit reads still reach them",
        response: {
          200: Type.Object({
            cutoff: Type.String(),
            archived: Type.Integer(),
            kept_referenced: Type.Integer(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => archiveColdPlays(deps.db, req.principal, deps.now()),
  );
};
