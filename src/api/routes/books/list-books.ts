// GET /api/v1/books: Whose prospects each person reaches: the workspace's book setting (everyone signed in).
// Registered by books-routes.ts.
import { getBookSettings } from "../../../books/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { BookSettings, tags } from "./common.ts";

export const listBooksRoute: RouteModule = (app, deps) => {
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
};
