// spec 002's exec gate over MCP (issue 58): the hand-offs a sequence's exit opened, and the exec's
// routing of each into campaigns (or closing it). Read by anyone of the tenant, as over HTTP;
// routed by a person with the exec role (routeHandoff checks).
import { Type } from "typebox";
import { EnrollResult } from "../../api/schemas/enrollments.ts";
import { Handoff, RouteHandoffBody } from "../../api/schemas/handoffs.ts";
import { PAGE_FIELDS, pageOf, Uuid } from "../../api/schemas.ts";
import { getHandoff, listHandoffs, routeHandoff } from "../../campaigns/index.ts";
import type { Decision } from "../../coordinator/contract.ts";
import { GOAL_HINT } from "./hints.ts";
import { defineTool } from "./tool.ts";
import { DecisionOut, decisionView } from "./tools-campaigns.ts";

const HANDOFF_ID = "The hand-off's id (from list_handoffs)";
const HandoffId = Type.Object({ handoff_id: Uuid }, { additionalProperties: false });

export const handoffTools = [
  defineTool({
    name: "list_handoffs",
    title: "Hand-offs at the exec gate",
    description:
      "Hand-offs a sequence's exit opened (spec 002: a positive reply or a referral goes to the exec), newest " +
      'first, with the reply and suggested campaigns. status "open" is the exec\'s queue.',
    input: Type.Object(
      {
        status: Type.Optional(Type.Union(["open", "routed", "closed"].map((s) => Type.Literal(s)))),
        ...PAGE_FIELDS,
      },
      { additionalProperties: false },
    ),
    params: { status: "open | routed | closed (default: all)" },
    output: pageOf(Handoff),
    write: false,
    run: (ctx, q) => listHandoffs(ctx.db, ctx.principal, q as any),
  }),
  defineTool({
    name: "get_handoff",
    title: "One hand-off",
    description:
      "One hand-off with the reply that opened it, its suggested campaigns and, once decided, the routing.",
    input: HandoffId,
    params: { handoff_id: HANDOFF_ID },
    output: Handoff,
    write: false,
    run: (ctx, { handoff_id }) => getHandoff(ctx.db, ctx.principal, handoff_id),
  }),
  defineTool({
    name: "route_handoff",
    title: "Route a hand-off (exec)",
    description:
      "The exec's gate (spec 002): enroll the hand-off's contact in the chosen campaign(s), all or nothing, with " +
      "the goal and notes; campaigns [] closes it without a campaign. Each enrollment goes through the " +
      "coordinator's gates: its decision comes back.",
    input: Type.Object({ handoff_id: Uuid, ...RouteHandoffBody.properties }, { additionalProperties: false }),
    params: {
      handoff_id: HANDOFF_ID,
      campaigns: "Campaign slugs to enroll the contact in (list_campaigns); [] closes the hand-off",
      goal: GOAL_HINT,
      notes: "What the campaign's drafter should know (kept with the enrollment)",
    },
    output: Type.Object({
      handoff: Handoff,
      enrollments: Type.Array(Type.Object({ ...EnrollResult.properties, decision: DecisionOut })),
    }),
    write: true,
    run: async (ctx, { handoff_id, campaigns, goal, notes }) => {
      const r = await routeHandoff(
        ctx.db,
        ctx.principal,
        { handoffId: handoff_id, campaigns, goal: goal as any, notes },
        ctx.now(),
      );
      return {
        handoff: r.handoff,
        enrollments: r.enrollments.map((e) => ({ ...e, decision: decisionView(e.decision as Decision) })),
      };
    },
  }),
];
