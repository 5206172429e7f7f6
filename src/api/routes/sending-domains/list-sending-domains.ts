// GET /api/v1/sending-domains: Each sending domain's SPF, DKIM and DMARC records, checked in DNS now, with what to publish.
// Registered by sending-domains-routes.ts.
import { Type } from "typebox";
import { checkSendingDomains } from "../../../channels/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { DomainCheck, system } from "./common.ts";

export const listSendingDomainsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/sending-domains",
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          "Each sending domain's SPF, DKIM and DMARC records, checked in DNS now, with what to publish",
        response: { 200: Type.Object({ items: Type.Array(DomainCheck) }), ...stdErrors },
      },
    },
    async (req) => ({
      items: await checkSendingDomains(
        deps.db,
        req.principal,
        deps.resolveTxt ?? system,
        deps.config.smtp?.from ?? null,
      ),
    }),
  );
};
