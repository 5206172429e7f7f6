// What the routes of admin-routes.ts share.
import { Type } from "typebox";
import { IdParam } from "../../schemas.ts";

export const IdParams = Type.Object({ id: IdParam("principal or token") });
export const tags = ["admin"];
