// What the routes of books-routes.ts share.
import { Type } from "typebox";

export const Scope = Type.Union([Type.Literal("tenant"), Type.Literal("team"), Type.Literal("own")], {
  description:
    "tenant: everyone reaches every prospect as their roles allow; team: a person reaches the prospects of their teams' people; own: a person reaches their own, a team's manager also the team's. RevOps, the exec and admins reach the workspace whatever it is.",
});
export const BookSettings = Type.Object({
  scope: Scope,
  updated_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  updated_by: Type.Union([Type.String(), Type.Null()], { description: "who set it last (a name)" }),
  unowned_contacts: Type.Integer({
    description: "prospects with no owner: under team or own, only RevOps, the exec and admins reach them",
  }),
  your_book: Type.Union(
    [Type.Literal("workspace"), Type.Literal("people"), Type.Literal("territory"), Type.Literal("nothing")],
    {
      description:
        "what the caller reaches: the workspace, some people's prospects, a territory's, or nothing",
    },
  ),
  your_book_people: Type.Union([Type.Integer(), Type.Null()], {
    description: "how many people's prospects the caller reaches, when your_book is people",
  }),
});
export const tags = ["books"];
