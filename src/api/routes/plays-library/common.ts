// What the routes of plays-library-routes.ts share.
import { Type } from "typebox";

export const tags = ["plays"];
export const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const State = Type.Union(["draft", "under_review", "active", "retired"].map((s) => Type.Literal(s)));
export const Figures = Type.Object({
  touches: Type.Integer(),
  replies: Type.Integer(),
  meetings: Type.Integer(),
});
// the funnel's readers (src/api/routes/learning-routes.ts)
export const FIGURE_READERS = ["revops", "slm", "exec", "admin"] as const;
