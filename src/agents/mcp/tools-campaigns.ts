// Campaign tools (spec 002): list campaigns and their steps, request an enrollment (the
// coordinator decides), read, exit, pause and resume an enrollment, opt a contact out. Each calls
// the domain function its HTTP route calls.
import { Type } from "typebox";
import { Campaign, CampaignListQuery, SlugParams } from "../../api/schemas/campaigns.ts";
import {
  EnrollBody,
  Enrollment,
  EnrollResult,
  ExitBody,
  ExitResult,
  PauseBody,
  PauseResult,
  ResumeBody,
} from "../../api/schemas/enrollments.ts";
import { PAGE_FIELDS, pageOf, Uuid } from "../../api/schemas.ts";
import {
  enrollContact,
  exitEnrollment,
  getCampaign,
  getEnrollment,
  listCampaigns,
  listEnrollmentsInBook,
  pauseEnrollment,
  resumeEnrollment,
} from "../../campaigns/index.ts";
import type { Decision } from "../../coordinator/contract.ts";
import { optOutAs } from "../../coordinator/index.ts";
import { GOAL_HINT } from "./hints.ts";
import { defineTool, PAGE_PARAMS } from "./tool.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const CAMPAIGN = "The campaign's slug (or id), as listed by list_campaigns";
const ENROLLMENT_ID = "The enrollment's id (enrollment_id, a uuid)";
const EnrollmentId = Type.Object({ enrollment_id: Uuid }, { additionalProperties: false });

/** The coordinator's decision in snake_case (the API's EnrollResult names two fields in camelCase). */
export const DecisionOut = Type.Object(
  {
    action: Type.String({ description: "allow | hold | queue | block" }),
    gate: Nullable(Type.Integer({ description: "The gate (1-5) that decided; null when allowed" })),
    reason: Nullable(Type.String({ description: "Why (compliance_block, touch_cap_exceeded, ...)" })),
    until: Nullable(Type.String({ description: "When a hold or queue releases (ISO time)" })),
    event_id: Type.Integer({ description: "The decision's row in the event log" }),
    touch_cap_at_event: Type.Integer(),
  },
  { description: "The coordinator's decision (spec 001 gates)" },
);
const EnrollOut = Type.Object({ ...EnrollResult.properties, decision: DecisionOut });

/** A coordinator decision as tools return it (snake_case, ISO times). */
export function decisionView(d: Decision) {
  const until = d.until as Date | string | null;
  return {
    action: d.action,
    gate: d.gate ?? null,
    reason: d.reason ?? null,
    until: until instanceof Date ? until.toISOString() : (until ?? null),
    event_id: d.eventId,
    touch_cap_at_event: d.touchCapAtEvent,
  };
}

function enrollView(r: Awaited<ReturnType<typeof enrollContact>>) {
  return { ...r, decision: decisionView(r.decision as Decision) };
}

export const campaignTools = [
  defineTool({
    name: "list_campaigns",
    title: "Campaigns and their steps",
    description:
      "The tenant's campaigns (spec 002) with their steps (delay, channel, content type, instructions), kind " +
      "(sales, nurture, ...), approval policy and on_exit map. Also the resource baton://campaigns.",
    input: CampaignListQuery,
    params: { status: "Only campaigns in this status (active | paused | archived)", ...PAGE_PARAMS },
    output: pageOf(Campaign),
    write: false,
    run: (ctx, q) => listCampaigns(ctx.db, ctx.principal.clientId, q as any),
  }),
  defineTool({
    name: "get_campaign",
    title: "One campaign",
    description: "One campaign with its steps, by slug or id.",
    input: Type.Object({ campaign: SlugParams.properties.slug }, { additionalProperties: false }),
    params: { campaign: CAMPAIGN },
    output: Campaign,
    write: false,
    run: (ctx, { campaign }) => getCampaign(ctx.db, ctx.principal.clientId, campaign),
  }),
  defineTool({
    name: "request_enrollment",
    title: "Request an enrollment",
    description:
      "Ask to enroll a contact in a campaign (spec 002 enroll_contact). The coordinator's activation gates " +
      "decide (spec 001): outcome enrolled | queued | held | blocked, with decision.gate, decision.reason and " +
      "decision.until (when a hold or queue releases). preview_decision asks the same without writing.",
    input: Type.Object(
      { campaign: SlugParams.properties.slug, ...EnrollBody.properties },
      { additionalProperties: false },
    ),
    params: {
      campaign: CAMPAIGN,
      contact_id: "The contact to enroll (uuid)",
      goal: GOAL_HINT,
      notes: "Optional notes for the drafter and the exec",
    },
    output: EnrollOut,
    write: true,
    run: async (ctx, { campaign, contact_id, goal, notes }) =>
      enrollView(
        await enrollContact(
          ctx.db,
          ctx.principal,
          { campaign, contactId: contact_id, goal: goal as any, notes },
          ctx.now(),
        ),
      ),
  }),
  defineTool({
    name: "get_enrollment",
    title: "One enrollment",
    description:
      "An enrollment's status, current step, next send time, pause and exit (spec 002 campaign_contacts).",
    input: EnrollmentId,
    params: { enrollment_id: ENROLLMENT_ID },
    output: Enrollment,
    write: false,
    run: (ctx, { enrollment_id }) => getEnrollment(ctx.db, ctx.principal, enrollment_id),
  }),
  defineTool({
    name: "list_enrollments",
    title: "Enrollments of a campaign or contact",
    description: "Enrollments, newest first, of one campaign or one contact (or both), optionally by status.",
    input: Type.Object(
      {
        campaign: Type.Optional(SlugParams.properties.slug),
        contact_id: Type.Optional(Uuid),
        status: Type.Optional(Type.String({ maxLength: 32 })),
        ...PAGE_FIELDS,
      },
      { additionalProperties: false },
    ),
    params: {
      campaign: CAMPAIGN,
      contact_id: "Only this contact's enrollments (uuid)",
      status: "Only this status: queued | active | paused | exited | opted_out | ...",
      ...PAGE_PARAMS,
    },
    output: pageOf(Enrollment),
    write: false,
    run: (ctx, { contact_id, ...q }) =>
      listEnrollmentsInBook(ctx.db, ctx.principal, { ...q, contactId: contact_id } as any),
  }),
  defineTool({
    name: "exit_enrollment",
    title: "Exit an enrollment",
    description:
      "End an enrollment (spec 002 exit_contact) with a reason; the campaign's on_exit decides what follows " +
      "(another campaign, a hand-off, nothing). Unsent steps are cancelled.",
    input: Type.Object(
      { ...EnrollmentId.properties, ...ExitBody.properties },
      { additionalProperties: false },
    ),
    params: { enrollment_id: ENROLLMENT_ID, notes: "Optional notes, kept in the event log" },
    output: ExitResult,
    write: true,
    run: (ctx, { enrollment_id, reason, notes }) =>
      exitEnrollment(ctx.db, ctx.principal, { enrollmentId: enrollment_id, reason, notes }, ctx.now()),
  }),
  defineTool({
    name: "pause_enrollment",
    title: "Pause an enrollment",
    description:
      "Pause an active enrollment with a reason, until a date (the engine resumes it then) or until resumed. " +
      "A paused enrollment takes no step.",
    input: Type.Object(
      { ...EnrollmentId.properties, ...PauseBody.properties },
      { additionalProperties: false },
    ),
    params: {
      enrollment_id: ENROLLMENT_ID,
      reason: "Why, in words a person reads in the event log",
      until: "When it resumes by itself (ISO time); null or omitted: until resume_enrollment",
    },
    output: PauseResult,
    write: true,
    run: (ctx, { enrollment_id, reason, until }) =>
      pauseEnrollment(
        ctx.db,
        ctx.principal,
        { enrollmentId: enrollment_id, reason, until: until ? new Date(until) : null },
        ctx.now(),
      ),
  }),
  defineTool({
    name: "resume_enrollment",
    title: "Resume an enrollment",
    description: "Resume a paused enrollment with a reason; a step that fell due while paused goes at once.",
    input: Type.Object(
      { ...EnrollmentId.properties, ...ResumeBody.properties },
      { additionalProperties: false },
    ),
    params: { enrollment_id: ENROLLMENT_ID, reason: "Why, in words a person reads in the event log" },
    output: PauseResult,
    write: true,
    run: (ctx, { enrollment_id, reason }) =>
      resumeEnrollment(ctx.db, ctx.principal, { enrollmentId: enrollment_id, reason }, ctx.now()),
  }),
  defineTool({
    name: "opt_out_contact",
    title: "Opt a contact out",
    description:
      "The contact asked to stop: ends every live sequence and cancels every unsent step in one transaction " +
      "(spec 001 opt-out propagation). Gate 2 blocks every later request for this contact.",
    input: Type.Object(
      {
        contact_id: Uuid,
        flag: Type.Optional(Type.Union([Type.Literal("unsubscribe"), Type.Literal("opt_out")])),
        source: Type.Optional(Type.String({ maxLength: 64 })),
      },
      { additionalProperties: false },
    ),
    params: {
      contact_id: "The contact (uuid)",
      flag: "unsubscribe (from email) or opt_out (from everything, the default)",
      source: "Where the request came from (default mcp)",
    },
    output: Type.Object({
      already_opted_out: Type.Boolean(),
      enrollments_terminated: Type.Integer(),
      items_cancelled: Type.Integer(),
    }),
    write: true,
    run: async (ctx, { contact_id, flag, source }) => {
      const r = await optOutAs(
        ctx.db,
        ctx.principal,
        { contactId: contact_id, flag: flag ?? "opt_out", source: source ?? "mcp" },
        ctx.now(),
      );
      return {
        already_opted_out: r.alreadyOptedOut,
        enrollments_terminated: r.enrollmentsTerminated,
        items_cancelled: r.itemsCancelled,
      };
    },
  }),
];
