// Sending domains (issue 41 item 3): each domain Baton sends from, with its SPF, DKIM and DMARC
// records as DNS answers now, and the record to publish where one is missing or wrong. Thin over
// src/channels/sending-domains.ts; the resolver is the app's (deps.resolveTxt; tests inject a local DNS server).
import { Type } from "typebox";
import {
  checkSendingDomains,
  RECORD_KINDS,
  RECORD_STATUSES,
  systemTxtResolver,
} from "../../channels/index.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const RecordCheck = Type.Object({
  record: Type.Union(
    RECORD_KINDS.map((k) => Type.Literal(k)),
    { description: "spf | dkim | dmarc" },
  ),
  name: Type.String({ description: "the DNS name the record lives at" }),
  status: Type.Union(
    RECORD_STATUSES.map((s) => Type.Literal(s)),
    {
      description:
        "ok | warn (works, but weaker than it should be) | missing | invalid | error (DNS did not answer)",
    },
  ),
  found: Type.Array(Type.String(), { description: "the records of this kind found at the name" }),
  detail: Type.String({ description: "what is right or wrong, for people" }),
  publish: Type.Union([Type.String(), Type.Null()], {
    description: "the TXT record to publish at `name` to fix it; null when there is nothing to publish",
  }),
});

const DomainCheck = Type.Object({
  domain: Type.String(),
  dkim_selector: Type.Union([Type.String(), Type.Null()], {
    description: "the selector Baton signs this domain's mail with; null: no DKIM key (baton dkim add)",
  }),
  checks: Type.Array(RecordCheck),
  ready: Type.Boolean({ description: "every record ok or warn" }),
});

export const sendingDomainsRoutes: RouteModule = (app, deps) => {
  const system = systemTxtResolver();
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
