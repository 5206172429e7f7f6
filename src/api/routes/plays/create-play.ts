// POST /api/v1/plays: Draft a play (brain agents), logging its proposal or citing one.
// Registered by plays-routes.ts.
import { createDraft, type DraftInput } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { CreateDraftBody } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { PlayRef, p, tags } from "./common.ts";

export const createPlayRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/plays",
    {
      schema: {
        tags,
        summary: "Draft a play (brain agents), logging its proposal or citing one",
        body: CreateDraftBody,
        response: { 201: PlayRef, ...stdErrors },
      },
    },
    async (req, reply) => {
      const play = await createDraft(deps.db, p(req), req.body as unknown as DraftInput, deps.now());
      return reply.status(201).send(play);
    },
  );
};
