// PUT /api/v1/books: Set whose prospects each person reaches (RevOps, admin; audited book_scope_set).
// Registered by books-routes.ts.
import { Type } from "typebox";
import type { BookScope } from "../../../books/index.ts";
import { setBookScope } from "../../../books/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { BookSettings, Scope, tags } from "./common.ts";

export const putBooksRoute: RouteModule = (app, deps) => {
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
