// GET /api/v1/plays: The play library: plays in one state or all, newest first, by segment, agent and text.
// Registered by plays-library-routes.ts.
import { Type } from "typebox";
import { listPlays } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PAGE_FIELDS, stdErrors } from "../../schemas.ts";
import { N, State, tags } from "./common.ts";

export const listPlaysRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays",
    {
      schema: {
        tags,
        summary: "The play library: plays in one state or all, newest first, by segment, agent and text",
        querystring: Type.Object({
          state: Type.Optional({
            ...State,
            description: "Only plays in this state; every state when omitted",
          }),
          segment: Type.Optional(
            Type.String({ maxLength: 64, description: "Only plays of this segment (its key)" }),
          ),
          agent: Type.Optional(
            Type.String({ maxLength: 16, description: "Only plays this brain agent drafted (AGT-901)" }),
          ),
          q: Type.Optional(Type.String({ maxLength: 200, description: "words in the name or hypothesis" })),
          ...PAGE_FIELDS,
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref("Play")),
            next_cursor: N(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => listPlays(deps.db, req.principal, req.query as any, deps.now()),
  );
};
