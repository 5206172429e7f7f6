// The sender identity of commercial email (issue 41 item 4): the company and postal address every
// non-transactional email's footer carries beside its visible unsubscribe link. Thin over
// src/channels/sender-identity.ts.
import type { RouteModule } from "../context.ts";
import { getSenderIdentityRoute } from "./sender-identity/get-sender-identity.ts";
import { putSenderIdentityRoute } from "./sender-identity/put-sender-identity.ts";

export const senderIdentityRoutes: RouteModule = (app, deps) => {
  getSenderIdentityRoute(app, deps); // GET /api/v1/sender-identity
  putSenderIdentityRoute(app, deps); // PUT /api/v1/sender-identity
};
