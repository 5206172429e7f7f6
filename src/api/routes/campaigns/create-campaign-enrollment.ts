// POST /api/v1/campaigns/:slug/enrollments: Enroll a contact (enroll_contact) through the coordinator's activation gates.
// Registered by campaigns-routes.ts.
import { enrollContact } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { SlugParams } from "../../schemas/campaigns.ts";
import { EnrollBody, EnrollResult } from "../../schemas/enrollments.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const createCampaignEnrollmentRoute: RouteModule = (app, deps) => {
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
};
