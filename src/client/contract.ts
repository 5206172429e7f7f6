// The client's contract (issue 70 items 2 and 4): the API's types, generated in schema.ts
// (npm run client:generate), as web/ takes them. Types only: nothing of it reaches the bundle.
export type { components, operations } from "./schema.ts";
