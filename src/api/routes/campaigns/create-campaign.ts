// POST /api/v1/campaigns: Define a campaign with its steps and on_exit map (revops, admin, exec).
// Registered by campaigns-routes.ts.
import { createCampaign } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { CreateCampaignBody } from "../../schemas/campaigns.ts";
import { largeBodyLimit, stdErrors } from "../../schemas.ts";
import { CampaignRef, tags } from "./common.ts";

export const createCampaignRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/campaigns",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary: "Define a campaign with its steps and on_exit map (revops, admin, exec)",
        body: CreateCampaignBody,
        response: { 201: CampaignRef, ...stdErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createCampaign(deps.db, req.principal, req.body as any, deps.now())),
  );
};
