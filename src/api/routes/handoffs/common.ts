// What the routes of handoffs-routes.ts share.
import { Type } from "typebox";

export const tags = ["campaigns"];
export const HandoffRef = Type.Ref("Handoff");
