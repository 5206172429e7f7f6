// POST /api/v1/campaigns/:slug/enrollments/bulk: Enroll many contacts; each is decided on its own, refusals are listed per contact.
// Registered by campaigns-routes.ts.
import { enrollContacts } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { SlugParams } from "../../schemas/campaigns.ts";
import { BulkEnrollBody, BulkEnrollResult } from "../../schemas/enrollments.ts";
import { largeBodyLimit, stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postCampaignEnrollmentsBulkRoute: RouteModule = (app, deps) => {
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
};
