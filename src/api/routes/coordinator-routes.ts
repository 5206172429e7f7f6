// /api/v1/coordinator: activation requests, step gating, opt-out, cap config (spec 001).
// Thin: parse, call one domain function, map the result.
import type { RouteModule } from "../context.ts";
import { getAccountTouchCapRoute } from "./coordinator/get-account-touch-cap.ts";
import { getCoordinatorConfigRoute } from "./coordinator/get-coordinator-config.ts";
import { postContactOptOutRoute } from "./coordinator/post-contact-opt-out.ts";
import { postCoordinatorActivationsRoute } from "./coordinator/post-coordinator-activations.ts";
import { postCoordinatorStepsRoute } from "./coordinator/post-coordinator-steps.ts";
import { putAccountTouchCapRoute } from "./coordinator/put-account-touch-cap.ts";
import { putCoordinatorConfigRoute } from "./coordinator/put-coordinator-config.ts";

export const coordinatorRoutes: RouteModule = (app, deps) => {
  postCoordinatorActivationsRoute(app, deps); // POST /api/v1/coordinator/activations
  postCoordinatorStepsRoute(app, deps); // POST /api/v1/coordinator/steps
  postContactOptOutRoute(app, deps); // POST /api/v1/contacts/:id/opt-out
  getCoordinatorConfigRoute(app, deps); // GET /api/v1/coordinator/config
  putCoordinatorConfigRoute(app, deps); // PUT /api/v1/coordinator/config
  getAccountTouchCapRoute(app, deps); // GET /api/v1/accounts/:accountId/touch-cap
  putAccountTouchCapRoute(app, deps); // PUT /api/v1/accounts/:accountId/touch-cap
};
