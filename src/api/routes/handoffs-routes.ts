// /api/v1/handoffs: the exec gate of spec 002's pipeline ("Justin reviews handoff, specifies
// campaign(s)"). Thin: parse, call one domain function.
import { Type } from "typebox";
import { getHandoff, listHandoffs, routeHandoff, routeHandoffs } from "../../campaigns/index.ts";
import { isBatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";
import {
  EnrollResult,
  Handoff,
  HandoffListQuery,
  IdParams,
  RouteHandoffBody,
  RouteHandoffsBody,
} from "../schemas/campaigns.ts";
import { ItemError, pageOf, stdErrors } from "../schemas.ts";

const tags = ["campaigns"];
const HandoffRef = Type.Ref("Handoff");

export const handoffsRoutes: RouteModule = (app, deps) => {
  app.addSchema(Handoff);

  app.get(
    "/api/v1/handoffs",
    {
      schema: {
        tags,
        summary:
          "Hand-offs at the exec gate, newest first (status=open for the exec's queue); 100 a page unless limit says",
        querystring: HandoffListQuery,
        response: { 200: pageOf(HandoffRef), ...stdErrors },
      },
    },
    async (req) => listHandoffs(deps.db, req.principal, req.query as any),
  );

  app.get(
    "/api/v1/handoffs/:id",
    {
      schema: {
        tags,
        summary: "One hand-off",
        params: IdParams,
        response: { 200: HandoffRef, ...stdErrors },
      },
    },
    async (req) => getHandoff(deps.db, req.principal, req.params.id),
  );

  app.post(
    "/api/v1/handoffs/route",
    {
      schema: {
        tags,
        summary:
          "The exec routes many hand-offs in one call, in order; each gets its own result (one transaction where it can)",
        body: RouteHandoffsBody,
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                handoff_id: Type.String(),
                ok: Type.Boolean(),
                handoff: Type.Optional(HandoffRef),
                enrollments: Type.Optional(Type.Array(EnrollResult)),
                error: Type.Optional(ItemError),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const inputs = req.body.items.map((x) => ({
        handoffId: x.handoff_id,
        campaigns: x.campaigns,
        goal: x.goal as any,
        notes: x.notes,
      }));
      const answers = await routeHandoffs(deps.db, req.principal, inputs, deps.now());
      return {
        results: answers.map((a, i) => {
          const handoff_id = inputs[i].handoffId;
          if (isBatonError(a))
            return {
              handoff_id,
              ok: false,
              error: a.itemError(),
            };
          return { handoff_id, ok: true, handoff: a.handoff, enrollments: a.enrollments };
        }),
      };
    },
  );

  app.post(
    "/api/v1/handoffs/:id/route",
    {
      schema: {
        tags,
        summary:
          "The exec routes a hand-off: enrolls the contact in the chosen campaign(s) with notes, or closes it",
        params: IdParams,
        body: RouteHandoffBody,
        response: {
          200: Type.Object({ handoff: HandoffRef, enrollments: Type.Array(EnrollResult) }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const { campaigns, goal, notes } = req.body;
      return routeHandoff(
        deps.db,
        req.principal,
        { handoffId: req.params.id, campaigns, goal: goal as any, notes },
        deps.now(),
      );
    },
  );
};
