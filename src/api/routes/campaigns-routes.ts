// /api/v1/campaigns and /api/v1/enrollments (spec 002). Thin: parse, call one domain function.
import { Type } from "typebox";
import {
  checkNewCampaign,
  createCampaign,
  enrollContact,
  enrollContacts,
  exitEnrollment,
  getCampaign,
  getEnrollment,
  listCampaigns,
  listEnrollmentsInBook,
  previewCampaignChange,
  updateCampaign,
} from "../../campaigns/index.ts";
import type { EmailChannel } from "../../channels/index.ts";
import { createEmailChannel } from "../../channels/index.ts";
import type { EnrollmentStatus } from "../../db/core-tables.ts";
import {
  type EditedStepPreviewRequest,
  previewEditedStep,
  previewStep,
  testSendEditedStep,
} from "../../engine/index.ts";
import type { RouteModule } from "../context.ts";
import {
  BulkEnrollBody,
  BulkEnrollResult,
  Campaign,
  CampaignListQuery,
  ChangePreview,
  CreateCampaignBody,
  DefinitionCheck,
  EditedStepPreviewBody,
  EnrollBody,
  Enrollment,
  EnrollmentListQuery,
  EnrollResult,
  ExitBody,
  ExitResult,
  IdParams,
  SlugParams,
  StepPreview,
  StepPreviewParams,
  StepPreviewQuery,
  TestSendResult,
  UpdateCampaignBody,
} from "../schemas/campaigns.ts";
import { largeBodyLimit, pageOf, stdErrors } from "../schemas.ts";

const tags = ["campaigns"];
const CampaignRef = Type.Ref("Campaign");
const EnrollmentRef = Type.Ref("Enrollment");

export const campaignsRoutes: RouteModule = (app, deps) => {
  app.addSchema(Campaign);
  app.addSchema(Enrollment);

  app.get(
    "/api/v1/campaigns",
    {
      schema: {
        tags,
        summary: "List the tenant's campaigns with their steps, by slug (100 a page unless limit says)",
        querystring: CampaignListQuery,
        response: { 200: pageOf(CampaignRef), ...stdErrors },
      },
    },
    async (req) => listCampaigns(deps.db, req.principal.clientId, req.query as any),
  );

  app.post(
    "/api/v1/campaigns",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary: "Define a campaign with its steps and on_exit map (revops, admin, exec)",
        body: CreateCampaignBody,
        response: { 201: CampaignRef, ...stdErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createCampaign(deps.db, req.principal, req.body as any, deps.now())),
  );

  app.post(
    "/api/v1/campaigns/check",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary: "Check a new campaign's definition as POST /api/v1/campaigns would; writes nothing",
        body: CreateCampaignBody,
        response: { 200: DefinitionCheck, ...stdErrors },
      },
    },
    async (req) => checkNewCampaign(deps.db, req.principal, req.body as any),
  );

  app.get(
    "/api/v1/campaigns/:slug",
    {
      schema: {
        tags,
        summary: "One campaign with its steps",
        params: SlugParams,
        response: { 200: CampaignRef, ...stdErrors },
      },
    },
    async (req) => getCampaign(deps.db, req.principal.clientId, req.params.slug),
  );

  app.patch(
    "/api/v1/campaigns/:slug",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary: "Change a campaign: fields given replace the stored ones; steps replaces the whole sequence",
        params: SlugParams,
        body: UpdateCampaignBody,
        response: { 200: CampaignRef, ...stdErrors },
      },
    },
    async (req) => updateCampaign(deps.db, req.principal, req.params.slug, req.body as any, deps.now()),
  );

  app.get(
    "/api/v1/campaigns/:slug/steps/:step/preview",
    {
      schema: {
        tags,
        summary:
          "A step as the built-in drafter would write it for one contact: the templates a person wrote, rendered (nothing is written)",
        params: StepPreviewParams,
        querystring: StepPreviewQuery,
        response: { 200: StepPreview, ...stdErrors },
      },
    },
    async (req) => {
      const { slug, step } = req.params as { slug: string; step: number };
      const query = { campaign: slug, step, contactId: (req.query as { contact_id: string }).contact_id };
      return previewStep(deps.db, req.principal, query, await deps.engine());
    },
  );

  app.post(
    "/api/v1/campaigns/preview-step",
    {
      schema: {
        tags,
        summary:
          "A step as it is being edited (not saved), rendered for a contact of your book by the engine's renderer (who define campaigns; nothing is written)",
        body: EditedStepPreviewBody,
        response: { 200: StepPreview, ...stdErrors },
      },
    },
    async (req) =>
      previewEditedStep(deps.db, req.principal, req.body as EditedStepPreviewRequest, await deps.engine()),
  );

  let channel: (EmailChannel & { close?(): void }) | undefined;
  app.addHook("onClose", async () => channel?.close?.());
  app.post(
    "/api/v1/campaigns/test-send",
    {
      schema: {
        tags,
        summary:
          'A step as it is being edited, rendered as the preview renders it and emailed to the signed-in person\'s own address, subject prefixed "[Test] " (email steps; 5 per person per 10 minutes; not a touch)',
        body: EditedStepPreviewBody,
        response: { 200: TestSendResult, ...stdErrors },
      },
    },
    async (req) => {
      channel ??= createEmailChannel(deps.db, deps.config, app.log);
      return testSendEditedStep(deps.db, req.principal, req.body as EditedStepPreviewRequest, {
        engine: await deps.engine(),
        channel,
        now: deps.now(),
      });
    },
  );

  app.post(
    "/api/v1/campaigns/:slug/impact",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary:
          "Check a proposed change (the PATCH body) and say which live enrollments it affects; writes nothing",
        params: SlugParams,
        body: UpdateCampaignBody,
        response: { 200: ChangePreview, ...stdErrors },
      },
    },
    async (req) => previewCampaignChange(deps.db, req.principal, req.params.slug, req.body as any),
  );

  app.post(
    "/api/v1/campaigns/:slug/enrollments",
    {
      schema: {
        tags,
        summary: "Enroll a contact (enroll_contact) through the coordinator's activation gates",
        params: SlugParams,
        body: EnrollBody,
        response: { 201: EnrollResult, ...stdErrors },
      },
    },
    async (req, reply) => {
      const { contact_id, goal, notes } = req.body;
      const input = { campaign: req.params.slug, contactId: contact_id, goal: goal as any, notes };
      return reply.status(201).send(await enrollContact(deps.db, req.principal, input, deps.now()));
    },
  );

  app.post(
    "/api/v1/campaigns/:slug/enrollments/bulk",
    {
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags,
        summary: "Enroll many contacts; each is decided on its own, refusals are listed per contact",
        params: SlugParams,
        body: BulkEnrollBody,
        response: { 200: BulkEnrollResult, ...stdErrors },
      },
    },
    async (req) => {
      const contacts = req.body.contacts.map((c) => ({
        contactId: c.contact_id,
        goal: c.goal as any,
        notes: c.notes,
      }));
      return {
        results: await enrollContacts(
          deps.db,
          req.principal,
          { campaign: req.params.slug, contacts },
          deps.now(),
        ),
      };
    },
  );

  app.get(
    "/api/v1/campaigns/:slug/enrollments",
    {
      schema: {
        tags,
        summary:
          "A campaign's enrollments, newest first, optionally by status (exited ones are history); 100 a page unless limit says",
        params: SlugParams,
        querystring: EnrollmentListQuery,
        response: { 200: pageOf(EnrollmentRef), ...stdErrors },
      },
    },
    async (req) => {
      const q = req.query as { status?: EnrollmentStatus; limit?: number; cursor?: string };
      return listEnrollmentsInBook(deps.db, req.principal, { campaign: req.params.slug, ...q });
    },
  );

  app.get(
    "/api/v1/enrollments/:id",
    {
      schema: {
        tags,
        summary: "One enrollment",
        params: IdParams,
        response: { 200: EnrollmentRef, ...stdErrors },
      },
    },
    async (req) => getEnrollment(deps.db, req.principal, req.params.id),
  );

  app.post(
    "/api/v1/enrollments/:id/exit",
    {
      schema: {
        tags,
        summary: "End an enrollment (exit_contact) and follow the campaign's on_exit",
        params: IdParams,
        body: ExitBody,
        response: { 200: ExitResult, ...stdErrors },
      },
    },
    async (req) => {
      const input = { enrollmentId: req.params.id, reason: req.body.reason, notes: req.body.notes };
      return exitEnrollment(deps.db, req.principal, input, deps.now());
    },
  );
};
