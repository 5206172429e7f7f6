// Play library configuration (RevOps), calibration signals and archiving (spec 000).
import type { RouteModule } from "../context.ts";
import { getPlaysCalibrationPromotionRoute } from "./plays-admin/get-plays-calibration-promotion.ts";
import { getPlaysConfigRoute } from "./plays-admin/get-plays-config.ts";
import { listPlaysCalibrationCapsRoute } from "./plays-admin/list-plays-calibration-caps.ts";
import { listPlaysCalibrationEditsRoute } from "./plays-admin/list-plays-calibration-edits.ts";
import { listPlaysCalibrationRetrospectivesRoute } from "./plays-admin/list-plays-calibration-retrospectives.ts";
import { postPlaysArchiveRoute } from "./plays-admin/post-plays-archive.ts";
import { putPlaysConfigRoute } from "./plays-admin/put-plays-config.ts";
import { putPlaysConfigSegmentRoute } from "./plays-admin/put-plays-config-segment.ts";

export const playsAdminRoutes: RouteModule = (app, deps) => {
  getPlaysConfigRoute(app, deps); // GET /api/v1/plays/config
  putPlaysConfigRoute(app, deps); // PUT /api/v1/plays/config
  putPlaysConfigSegmentRoute(app, deps); // PUT /api/v1/plays/config/segments/:segment
  getPlaysCalibrationPromotionRoute(app, deps); // GET /api/v1/plays/calibration/promotion
  listPlaysCalibrationEditsRoute(app, deps); // GET /api/v1/plays/calibration/edits
  listPlaysCalibrationCapsRoute(app, deps); // GET /api/v1/plays/calibration/caps
  listPlaysCalibrationRetrospectivesRoute(app, deps); // GET /api/v1/plays/calibration/retrospectives
  postPlaysArchiveRoute(app, deps); // POST /api/v1/plays/archive
};
