// The campaigns module's browser-safe door (issue 70 item 1): the vocabularies, the exit reasons,
// the on_exit graph's layout and the triage view's types, for the workspace (web/) and for any
// module that needs the words of a campaign without its database. Every file it re-exports is on
// the browser-safe list of .dependency-cruiser.cjs (no Node module, no database). Functions that
// read or write campaigns are behind src/campaigns/index.ts.
export * from "./contract-words.ts";
export { FONT_PX, type LaidNode, LINE_PX, layoutOnExitGraph, type TextLine } from "./layout-on-exit-graph.ts";
