// A contact's summary, answered by GET /api/v1/workspace/contacts/:id and the MCP contact tools
// (issue 59 item 3: the MCP server imports no route file).
import { Type } from "typebox";
import { Nullable } from "../schemas.ts";

const Str = Type.String();

export const ContactSummary = Type.Object({
  contact_id: Str,
  full_name: Str,
  email: Nullable(Str),
  title: Nullable(Str),
  account_id: Nullable(Str),
  company: Nullable(Str),
  icp_tier: Nullable(Str),
  segment: Nullable(Str),
  segment_name: Nullable(Type.String({ description: "the segment's name, what a person reads" })),
  opted_out: Type.Boolean(),
  last_touch_at: Nullable(Str),
  abm_active: Type.Optional(Type.Boolean()),
});
