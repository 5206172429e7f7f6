// The books module's door (issue 70 item 2): outside src/books, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.

export {
  type Book,
  bookOf,
  contactIdInBook,
  contactInBook,
  contactRowInBook,
  contactsInBook,
  isWholeWorkspace,
  personInBook,
  requireInBook,
  smallBookContactIds,
} from "./book.ts";
export { bookErrors } from "./book-errors.ts";
export { getBookSettings, setBookScope } from "./book-settings.ts";
export type { BookScope } from "./tables.ts";
