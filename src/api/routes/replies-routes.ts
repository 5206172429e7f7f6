// POST /api/v1/replies: the inbound reply webhook (spec 002 process_reply). Authenticated with an
// agent or mail integration token (or a person pasting a reply). Thin: parse, call processReply.
import type { RouteModule } from "../context.ts";
import { postReplyRoute } from "./replies/post-reply.ts";

export const repliesRoutes: RouteModule = (app, deps) => {
  postReplyRoute(app, deps); // POST /api/v1/replies
};
