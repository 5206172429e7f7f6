// GET /api/v1/notifications: Notifications from the outbox: all of the tenant's (RevOps, admin) or those addressed to the caller about a prospect of their book.
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { listNotifications } from "../../../notifications/index.ts";
import type { RouteModule } from "../../context.ts";
import { Cursor, IsoTime, Limit, stdErrors } from "../../schemas.ts";
import { N } from "./common.ts";

export const listNotificationsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/notifications",
    {
      schema: {
        tags: ["notifications"],
        summary:
          "Notifications from the outbox: all of the tenant's (RevOps, admin) or those addressed to the caller about a prospect of their book",
        querystring: Type.Object({
          kind: Type.Optional(
            Type.String({
              maxLength: 100,
              description: "Only this kind (activation.suppressed, flag.stall, ...)",
            }),
          ),
          mine: Type.Optional(
            Type.Boolean({
              description: "Only those addressed to the caller (RevOps and admin see all otherwise)",
            }),
          ),
          limit: Type.Optional({
            ...Limit,
            default: 50,
            description: "How many per page, 1 to 500 (default 50)",
          }),
          cursor: Type.Optional(Cursor),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                notification_id: Type.Integer(),
                kind: Type.String(),
                recipient: Type.Object({ kind: Type.String(), id: Type.String() }),
                payload: Type.Record(Type.String(), Type.Unknown()),
                created_at: IsoTime,
                deliveries: Type.Array(
                  Type.Object({
                    webhook_id: Type.String(),
                    status: Type.String(),
                    attempts: Type.Integer(),
                    last_error: N(Type.String()),
                  }),
                ),
              }),
            ),
            next_cursor: N(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => listNotifications(deps.db, req.principal, req.query),
  );
};
