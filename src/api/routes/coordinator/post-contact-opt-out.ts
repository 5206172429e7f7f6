// POST /api/v1/contacts/:id/opt-out: Unsubscribe or opt out a lead: ends every live sequence and unsent step in one transaction.
// Registered by coordinator-routes.ts.
import { Type } from "typebox";
import { optOutAs } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postContactOptOutRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/contacts/:id/opt-out",
    {
      schema: {
        tags,
        summary: "Unsubscribe or opt out a lead: ends every live sequence and unsent step in one transaction",
        params: Type.Object({ id: IdParam("contact", "text") }),
        body: Type.Object(
          {
            flag: Type.Optional(
              Type.Union([Type.Literal("unsubscribe"), Type.Literal("opt_out")], { default: "opt_out" }),
            ),
            source: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            already_opted_out: Type.Boolean(),
            enrollments_terminated: Type.Integer(),
            items_cancelled: Type.Integer(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const r = await optOutAs(
        deps.db,
        req.principal,
        { contactId: req.params.id, flag: req.body?.flag ?? "opt_out", source: req.body?.source ?? "api" },
        deps.now(),
      );
      return {
        already_opted_out: r.alreadyOptedOut,
        enrollments_terminated: r.enrollmentsTerminated,
        items_cancelled: r.itemsCancelled,
      };
    },
  );
};
