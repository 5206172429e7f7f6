// What the routes of plays-routes.ts share.
import { Type } from "typebox";
import type { Principal } from "../../../auth/principal.ts";

export const tags = ["plays"];
export const PlayRef = Type.Ref("Play");
export const p = (req: { principal: Principal }) => req.principal;
