// POST /api/v1/admin/people: Invite a person: email, display name, roles (admin; audited person_invited).
// Registered by admin-routes.ts.
import { invitePerson } from "../../../admin/index.ts";
import type { Role } from "../../../auth/principal.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { InviteBody, Person } from "../admin-schemas.ts";
import { tags } from "./common.ts";

export const postAdminPeopleRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/admin/people",
    {
      schema: {
        tags,
        summary: "Invite a person: email, display name, roles (admin; audited person_invited)",
        body: InviteBody,
        response: { 201: Person, ...stdErrors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const person = await invitePerson(
        deps.db,
        req.principal,
        { email: b.email, displayName: b.display_name, roles: b.roles as Role[] },
        sourceOf(req),
      );
      return reply.code(201).send(person);
    },
  );
};
