// What the routes of teams-routes.ts share.
import { Type } from "typebox";
import { IdParam } from "../../schemas.ts";

export const Role = Type.Union([Type.Literal("manager"), Type.Literal("member")]);
export const TeamMember = Type.Object({
  principal_id: Type.String({ format: "uuid" }),
  display_name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  active: Type.Boolean({ description: "false: the person was deactivated and keeps the membership" }),
  added_at: Type.String({ format: "date-time" }),
});
export const Team = Type.Object({
  team_id: Type.String({ format: "uuid" }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: "date-time" }),
  managers: Type.Integer({ description: "how many of the members manage the team" }),
  members: Type.Array(TeamMember, { description: "managers first, then by name" }),
});
export const Name = Type.String({
  minLength: 1,
  maxLength: 80,
  description: "unique in the workspace, whatever its case",
});
export const Description = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);
export const TeamParams = Type.Object({ id: IdParam("team") });
export const MemberParams = Type.Object({ id: IdParam("team"), principal_id: IdParam("person") });
export const tags = ["teams"];
