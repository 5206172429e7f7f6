// PATCH /api/v1/plays/:playId: Edit a play under review (name, hypothesis, target, cadence); the edit is logged.
// Registered by plays-routes.ts.
import { editPlay, type PlayEdit } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { EditBody, PlayIdParams } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { PlayRef, p, tags } from "./common.ts";

export const updatePlayRoute: RouteModule = (app, deps) => {
  app.patch(
    "/api/v1/plays/:playId",
    {
      schema: {
        tags,
        summary: "Edit a play under review (name, hypothesis, target, cadence); the edit is logged",
        params: PlayIdParams,
        body: EditBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) => editPlay(deps.db, p(req), req.params.playId, req.body as unknown as PlayEdit, deps.now()),
  );
};
