// What the routes of sending-domains-routes.ts share.
import { Type } from "typebox";
import { RECORD_KINDS, RECORD_STATUSES, systemTxtResolver } from "../../../channels/index.ts";

export const RecordCheck = Type.Object({
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
export const DomainCheck = Type.Object({
  domain: Type.String(),
  dkim_selector: Type.Union([Type.String(), Type.Null()], {
    description: "the selector Baton signs this domain's mail with; null: no DKIM key (baton dkim add)",
  }),
  checks: Type.Array(RecordCheck),
  ready: Type.Boolean({ description: "every record ok or warn" }),
});
export const system = systemTxtResolver();
