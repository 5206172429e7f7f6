// TypeBox schemas of the hand-offs at the exec gate (spec 002): the list, one hand-off with the
// reply that caused it and the campaigns suggested, and routing one or many to campaigns.
import { Type } from "typebox";
import { IsoTime, Lits, Nullable, PAGE_FIELDS, Uuid } from "../schemas.ts";
import { Goal } from "./enrollments.ts";

export const Handoff = Type.Object(
  {
    id: Type.String(),
    status: Type.String(),
    gate_role: Type.String(),
    contact_id: Type.String(),
    contact_name: Type.String(),
    from_enrollment_id: Type.String(),
    from_campaign: Type.String(),
    exit_reason: Type.String(),
    created_at: IsoTime,
    decided_at: Nullable(IsoTime),
    decided_by_principal_id: Nullable(Type.String()),
    routed_campaign_ids: Type.Array(Type.String()),
    routed_enrollment_ids: Type.Array(Type.String()),
    goal: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    // issue 37 item 1: what the exec decides on (absent in a bulk route's results)
    company: Type.Optional(Nullable(Type.String())),
    reply: Type.Optional(
      Nullable(
        Type.Object({
          body: Type.String(),
          intent: Type.String(),
          received_at: IsoTime,
          channel: Type.String(),
        }),
      ),
    ),
    suggested_campaigns: Type.Optional(
      Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }), {
        description: "active sales-agent campaigns the contact is not in, related ones first",
      }),
    ),
  },
  { $id: "Handoff", description: "A hand-off waiting at (or decided by) the exec gate" },
);

export const HandoffListQuery = Type.Object({
  status: Type.Optional(Lits(["open", "routed", "closed"], "Only hand-offs in this status")),
  ...PAGE_FIELDS,
});

export const RouteHandoffBody = Type.Object(
  {
    campaigns: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 10,
      description: "campaign slugs to enroll the contact in; [] closes the hand-off without a campaign",
    }),
    goal: Type.Optional(Nullable(Goal)),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const RouteHandoffsBody = Type.Object(
  {
    items: Type.Array(
      Type.Object({ handoff_id: Uuid, ...RouteHandoffBody.properties }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 500,
        description: "routed in order, as one call per hand-off would route them",
      },
    ),
  },
  { additionalProperties: false },
);
