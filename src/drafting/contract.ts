// The drafting module's browser-safe door (issue 70 item 2): what web/ and the bottom floor import by value.
// Every file it re-exports is on .dependency-cruiser.cjs's BROWSER_SAFE list.
export { MERGE_FIELD_NAMES, MERGE_FIELDS, type MergeField } from "./merge-fields.ts";
export {
  describeUnfinished,
  isUnfinished,
  ownWordsOf,
  templateLine,
  type Unfinished,
  unfinishedParts,
} from "./unfinished.ts";
