// The Signals view (issue 69 item 4): hot people and accounts ranked by decayed score, the view's
// three actions, RevOps' counts per type and source with each source's health, and the trends per
// segment. Thin over src/signals.
import { Type } from "typebox";
import { addFollowUpTask } from "../../engine/index.ts";
import { actOnHotSignal, listHotSignals, signalStats, signalTrends } from "../../signals/index.ts";
import type { RouteModule } from "../context.ts";
import {
  HotActionBody,
  HotActionResult,
  HotList,
  HotQuery,
  SignalStatsView,
  SignalTrendsView,
  StatsQuery,
  TrendsQuery,
} from "../schemas/signal-view.ts";
import { IdParam, stdErrors } from "../schemas.ts";

export const signalViewRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/signals/hot",
    {
      schema: {
        tags: ["signals"],
        summary:
          "The hottest people (subject=contact) or accounts (subject=account) of your book, ranked by decayed signal score (weight × 0.5^(age / half-life)), each with its reasons and the active play its signals answer",
        querystring: HotQuery,
        response: { 200: HotList, ...stdErrors },
      },
    },
    async (req) => ({
      ...(await listHotSignals(deps.db, req.principal, req.query, deps.now())),
      next_cursor: null,
    }),
  );

  for (const subject of ["contact", "account"] as const) {
    app.post(
      `/api/v1/signals/hot/${subject}s/:id/actions`,
      {
        schema: {
          tags: ["signals"],
          summary: `Act on a hot ${subject} (people of the tenant): enroll into the play its signals answer (through the coordinator's gates), make a follow-up task, or dismiss it until a newer signal`,
          params: Type.Object({ id: IdParam(subject) }),
          body: HotActionBody,
          response: { 200: HotActionResult, ...stdErrors },
        },
      },
      async (req) => {
        const b = req.body;
        const action =
          b.action === "enroll"
            ? { action: "enroll" as const, play_id: b.play_id }
            : b.action === "task"
              ? {
                  action: "task" as const,
                  note: b.note ?? null,
                  due_at: b.due_at ? new Date(b.due_at) : null,
                }
              : { action: "dismiss" as const };
        return actOnHotSignal(
          deps.db,
          req.principal,
          { subject, id: req.params.id },
          action,
          deps.now(),
          addFollowUpTask,
        );
      },
    );
  }

  app.get(
    "/api/v1/signals/stats",
    {
      schema: {
        tags: ["signals"],
        summary:
          "Signals per type and per source in the window, with each source's health (revops, admin, slm, exec)",
        querystring: StatsQuery,
        response: { 200: SignalStatsView, ...stdErrors },
      },
    },
    async (req) => signalStats(deps.db, req.principal, req.query, deps.now()),
  );

  app.get(
    "/api/v1/signals/trends",
    {
      schema: {
        tags: ["signals"],
        summary:
          "Signals per segment and type, this window against the one before (agents, revops, slm, admin, exec)",
        querystring: TrendsQuery,
        response: { 200: SignalTrendsView, ...stdErrors },
      },
    },
    async (req) => ({
      ...(await signalTrends(deps.db, req.principal, req.query, deps.now())),
      next_cursor: null,
    }),
  );
};
