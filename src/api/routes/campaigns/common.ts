// What the routes of campaigns-routes.ts share.
import { Type } from "typebox";

export const tags = ["campaigns"];
export const CampaignRef = Type.Ref("Campaign");
export const EnrollmentRef = Type.Ref("Enrollment");
