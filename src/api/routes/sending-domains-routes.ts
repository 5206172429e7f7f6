// Sending domains (issue 41 item 3): each domain Baton sends from, with its SPF, DKIM and DMARC
// records as DNS answers now, and the record to publish where one is missing or wrong. Thin over
// src/channels/sending-domains.ts; the resolver is the app's (deps.resolveTxt; tests inject a local DNS server).
import type { RouteModule } from "../context.ts";
import { listSendingDomainsRoute } from "./sending-domains/list-sending-domains.ts";

export const sendingDomainsRoutes: RouteModule = (app, deps) => {
  listSendingDomainsRoute(app, deps); // GET /api/v1/sending-domains
};
