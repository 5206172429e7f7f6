import type { RouteModule } from "../context.ts";
import { postEnrollmentPauseRoute } from "./enrollment-pause/post-enrollment-pause.ts";
import { postEnrollmentResumeRoute } from "./enrollment-pause/post-enrollment-resume.ts";

export const enrollmentPauseRoutes: RouteModule = (app, deps) => {
  postEnrollmentPauseRoute(app, deps); // POST /api/v1/enrollments/:id/pause
  postEnrollmentResumeRoute(app, deps); // POST /api/v1/enrollments/:id/resume
};
