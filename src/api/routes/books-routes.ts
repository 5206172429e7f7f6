// Books (issue 61 item 2): the workspace's setting of whose prospects a person reaches. Everyone
// reads it; RevOps and admins change it (src/books/book-settings.ts; audited book_scope_set).
import { Type } from "typebox";
import type { BookScope } from "../../books/index.ts";
import { getBookSettings, setBookScope } from "../../books/index.ts";
import { auditSourceOf } from "../audit-source.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const Scope = Type.Union([Type.Literal("tenant"), Type.Literal("team"), Type.Literal("own")], {
  description:
    "tenant: everyone reaches every prospect as their roles allow; team: a person reaches the prospects of their teams' people; own: a person reaches their own, a team's manager also the team's. RevOps, the exec and admins reach the workspace whatever it is.",
});

const BookSettings = Type.Object({
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

export const booksRoutes: RouteModule = (app, deps) => {
  const tags = ["books"];

  app.get(
    "/api/v1/books",
    {
      schema: {
        tags,
        summary: "Whose prospects each person reaches: the workspace's book setting (everyone signed in)",
        response: { 200: BookSettings, ...stdErrors },
      },
    },
    async (req) => getBookSettings(deps.db, req.principal),
  );

  app.put(
    "/api/v1/books",
    {
      schema: {
        tags,
        summary: "Set whose prospects each person reaches (RevOps, admin; audited book_scope_set)",
        body: Type.Object({ scope: Scope }, { additionalProperties: false }),
        response: { 200: BookSettings, ...stdErrors },
      },
    },
    async (req) => setBookScope(deps.db, req.principal, req.body.scope as BookScope, auditSourceOf(req)),
  );
};
