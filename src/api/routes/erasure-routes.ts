// Erasure (GDPR Art. 17) and the legal basis of a contact (issue 15 items 3 and 4). Thin over
// src/prospects: POST /api/v1/contacts/:id/erase, GET /api/v1/erasures, PUT /api/v1/contacts/:id/legal-basis.
import type { RouteModule } from "../context.ts";
import { listErasuresRoute } from "./erasure/list-erasures.ts";
import { postContactEraseRoute } from "./erasure/post-contact-erase.ts";
import { putContactLegalBasisRoute } from "./erasure/put-contact-legal-basis.ts";

export const erasureRoutes: RouteModule = (app, deps) => {
  postContactEraseRoute(app, deps); // POST /api/v1/contacts/:id/erase
  listErasuresRoute(app, deps); // GET /api/v1/erasures
  putContactLegalBasisRoute(app, deps); // PUT /api/v1/contacts/:id/legal-basis
};
