// The approval inbox's view of an unfinished draft: the server's own rule, so that the inbox offers
// to approve exactly what the server accepts (src/drafting/unfinished.ts).
export {
  describeUnfinished,
  isUnfinished,
  ownWordsOf,
  type Unfinished,
  unfinishedParts,
} from "../../src/drafting/contract.ts";
