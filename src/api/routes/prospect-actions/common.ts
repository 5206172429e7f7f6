// What the routes of prospect-actions-routes.ts share.
import { Type } from "typebox";

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
