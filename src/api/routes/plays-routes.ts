// /api/v1/plays: the workspace (spec 000). Thin: parse, call one domain function, map the result.
import { playDocumentSchemas } from "../../plays/index.ts";
import type { RouteModule } from "../context.ts";
import { Play } from "../schemas/plays.ts";
import { createPlayRoute } from "./plays/create-play.ts";
import { getPlayRoute } from "./plays/get-play.ts";
import { getPlaysQueueRoute } from "./plays/get-plays-queue.ts";
import { postPlayApproveRoute } from "./plays/post-play-approve.ts";
import { postPlayCopyRoute } from "./plays/post-play-copy.ts";
import { postPlayPickupRoute } from "./plays/post-play-pickup.ts";
import { postPlayRetireRoute } from "./plays/post-play-retire.ts";
import { putPlayRetrospectiveRoute } from "./plays/put-play-retrospective.ts";
import { updatePlayRoute } from "./plays/update-play.ts";
import { playsAdminRoutes } from "./plays-admin-routes.ts";
import { playsLibraryRoutes } from "./plays-library-routes.ts";
import { playsReadRoutes } from "./plays-read-routes.ts";

export const playsRoutes: RouteModule = async (app, deps) => {
  for (const s of playDocumentSchemas) app.addSchema(s);
  app.addSchema(Play);
  createPlayRoute(app, deps); // POST /api/v1/plays
  getPlaysQueueRoute(app, deps); // GET /api/v1/plays/queue
  getPlayRoute(app, deps); // GET /api/v1/plays/:playId
  postPlayPickupRoute(app, deps); // POST /api/v1/plays/:playId/pickup
  updatePlayRoute(app, deps); // PATCH /api/v1/plays/:playId
  postPlayApproveRoute(app, deps); // POST /api/v1/plays/:playId/approve
  postPlayRetireRoute(app, deps); // POST /api/v1/plays/:playId/retire
  postPlayCopyRoute(app, deps); // POST /api/v1/plays/:playId/copy
  putPlayRetrospectiveRoute(app, deps); // PUT /api/v1/plays/:playId/retrospective

  await playsReadRoutes(app, deps);
  await playsAdminRoutes(app, deps);
  await playsLibraryRoutes(app, deps);
};
