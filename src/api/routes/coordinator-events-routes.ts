// The coordinator's read side and play execution (spec 001 API): the event log with cursor paging,
// a contact's timeline, the quarter-end cohort view, and the RevOps trigger to execute active plays.
import { Type } from "typebox";
import { cohortView } from "../../cohort/index.ts";
import { contactTimeline, queryEvents } from "../../events/index.ts";
import { executeActivePlaysFor } from "../../plays/index.ts";
import { readingInWords } from "../../replies/index.ts";
import type { RouteModule } from "../context.ts";
import {
  Event,
  EventsQuery,
  Outcomes,
  PlayRun,
  TimelineEntry,
  TimelineParams,
  TimelineQuery,
} from "../schemas/coordinator.ts";
import { IsoTime, Nullable, stdErrors } from "../schemas.ts";

const tags = ["coordinator"];
const N = Nullable;
export const coordinatorEventsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/events",
    {
      schema: {
        tags,
        summary: "Query the cadence event log, newest first, with cursor paging",
        querystring: EventsQuery,
        response: {
          200: Type.Object({ items: Type.Array(Event), next_cursor: N(Type.String()) }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      return queryEvents(deps.db, req.principal, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      } as Parameters<typeof queryEvents>[2]);
    },
  );

  app.get(
    "/api/v1/contacts/:id/timeline",
    {
      schema: {
        tags,
        summary:
          "Every event of a contact in time order, with each gate decision, release, message, reply and lineage",
        params: TimelineParams,
        querystring: TimelineQuery,
        response: {
          200: Type.Object({
            contact: Type.Object({
              contact_id: Type.String(),
              full_name: Type.String(),
              account_id: N(Type.String()),
              opted_out: Type.Boolean(),
            }),
            items: Type.Array(TimelineEntry),
            next_cursor: N(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const tl = await contactTimeline(deps.db, req.principal, req.params.id, req.query);
      // a reply's reading in words (issue 72), here: events/ sits below replies/ (the folder knot)
      for (const i of tl.items)
        if (i.reply)
          i.reply.reading = readingInWords({
            intent: i.reply.intent,
            confidence: i.reply.confidence ?? 0,
            by: i.reply.classified_by,
          });
      return tl;
    },
  );

  app.get(
    "/api/v1/cohort",
    {
      schema: {
        tags,
        summary:
          "Quarter-end cohort retrospective: brain-co-designed plays vs everything without a brain (RevOps, SLM, exec, admin, and the brain agents: spec 000's calibration loop)",
        querystring: Type.Object({
          quarter: Type.String({ maxLength: 10, description: "YYYY-Qn, e.g. 2026-Q4" }),
        }),
        response: {
          200: Type.Object({
            quarter: Type.String(),
            from: IsoTime,
            to: IsoTime,
            brain: Type.Object({
              ...Outcomes,
              plays: Type.Array(
                Type.Object({
                  play_id: Type.String(),
                  name: Type.String(),
                  touches: Type.Integer(),
                  replies: Type.Integer(),
                  meetings: Type.Integer(),
                }),
              ),
            }),
            no_brain: Type.Object(Outcomes),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => cohortView(deps.db, req.principal, req.query.quarter),
  );

  app.post(
    "/api/v1/coordinator/execute-plays",
    {
      schema: {
        tags,
        summary:
          "Execute the tenant's active plays now (RevOps): each target contact is asked through the gates",
        response: { 200: Type.Object({ runs: Type.Array(PlayRun) }), ...stdErrors },
      },
    },
    async (req) => ({ runs: await executeActivePlaysFor(deps.db, req.principal, deps.now()) }),
  );
};
