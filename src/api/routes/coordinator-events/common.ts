// What the routes of coordinator-events-routes.ts share.
import { Nullable } from "../../schemas.ts";

export const tags = ["coordinator"];
export const N = Nullable;
