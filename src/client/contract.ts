// The client module's browser-safe door (issue 70 item 2): what web/ and the bottom floor import by value.
// Every file it re-exports is on .dependency-cruiser.cjs's BROWSER_SAFE list.
export type { operations } from "./schema.ts";
