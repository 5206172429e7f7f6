// The API's types for the workspace (issue 70 item 4): taken from the generated OpenAPI schema
// (src/client/schema.ts, npm run client:generate), never written again by hand, so a change to a
// route's schema reaches every page that reads it through the type checker. Name an operation by its
// operationId (the schema's `operations`): ApiResponse<"listTeams">, ApiItem<"listTeams">; a shape
// the schema names (its `components`) by that name: Schema<"Enrollment">.
import type { components, operations } from "../../src/client/contract.ts";

export type { operations };
export type OperationId = keyof operations;

type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON body of an operation's success answers (200, 201, 202: one of them, or their union). */
export type ApiResponse<Op extends OperationId> = Json<
  operations[Op]["responses"][Extract<keyof operations[Op]["responses"], 200 | 201 | 202>]
>;

/** One element of a list answer's `items`. */
export type ApiItem<Op extends OperationId> =
  ApiResponse<Op> extends { items: readonly (infer I)[] } ? I : never;

/** The JSON body an operation takes. */
export type ApiBody<Op extends OperationId> = operations[Op] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

/** The query parameters an operation takes. */
export type ApiQuery<Op extends OperationId> = operations[Op] extends { parameters: { query?: infer Q } }
  ? Q
  : never;

/** A shape the schema names (components.schemas), as several operations answer it. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];
