// Books (issue 61 item 2): the workspace's setting of whose prospects a person reaches. Everyone
// reads it; RevOps and admins change it (src/books/book-settings.ts; audited book_scope_set).
import type { RouteModule } from "../context.ts";
import { listBooksRoute } from "./books/list-books.ts";
import { putBooksRoute } from "./books/put-books.ts";

export const booksRoutes: RouteModule = (app, deps) => {
  listBooksRoute(app, deps); // GET /api/v1/books
  putBooksRoute(app, deps); // PUT /api/v1/books
};
