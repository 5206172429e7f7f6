// What the routes of reply-triage-routes.ts share.
import { Type } from "typebox";
import { requireTriager } from "../../../campaigns/index.ts";
import { IdParam } from "../../schemas.ts";

export const tags = ["replies"];
export const Params = Type.Object({ id: IdParam("reply") });
export const triager = (action: string) => ({
  preValidation: async (req: { principal: Parameters<typeof requireTriager>[0] }) =>
    requireTriager(req.principal, action),
});
