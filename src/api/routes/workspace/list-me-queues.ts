// GET /api/v1/me/queues: How many items wait in each of the signed-in person's queues (issue 60: the navigation's counts); a queue of another role is left out.
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { countQueues, QUEUES } from "../../../workspace/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";

export const listMeQueuesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/me/queues",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "How many items wait in each of the signed-in person's queues (issue 60: the navigation's counts); a queue of another role is left out",
        response: {
          200: Type.Object(
            Object.fromEntries(
              Object.entries(QUEUES).map(([name, roles]) => [
                name,
                Type.Optional(Type.Integer({ minimum: 0, description: `for ${roles.join(", ")}` })),
              ]),
            ),
            { additionalProperties: false },
          ),
          ...stdErrors,
        },
      },
    },
    async (req) => countQueues(deps.db, req.principal, deps.now()),
  );
};
