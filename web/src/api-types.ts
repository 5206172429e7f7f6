// The API's types for the workspace (issue 70 item 4): taken from the generated OpenAPI schema
// (src/client/schema.ts, npm run client:generate), never written again by hand, so a change to a
// route's schema reaches every page that reads it through the type checker. Name an operation by its
// operationId (the schema's `operations`): ApiResponse<"listTeams">, ApiItem<"listTeams">; a shape
// the schema names (its `components`) by that name: Schema<"Enrollment">.
import type { components, operations } from "../../src/client/contract.ts";
import type {
  calibrationAs,
  campaignFunnelAs,
  campaignVariants,
  decideRetrospective,
  playFunnelAs,
  promoteVariant,
  retrospectivesAs,
} from "../../src/learning/index.ts";

export type { operations };
export type OperationId = keyof operations;

type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON body of an operation's success answers as the generated schema declares them. */
type SchemaResponse<Op extends OperationId> = Json<
  operations[Op]["responses"][Extract<keyof operations[Op]["responses"], 200 | 201 | 202>]
>;

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/**
 * The answers the OpenAPI document leaves open: the learning routes declare their 200 as Any(...)
 * (src/api/routes/learning-routes.ts), so the generated schema says `unknown` (or `unknown[]` items).
 * Until they declare it, the workspace reads the answer as the function the route returns (a type
 * import: nothing reaches the bundle), so a change to it still reaches the pages through the type
 * checker. OpenAnswersStayOpen below fails the build once a route declares its schema, so the entry
 * goes and the schema's type takes over.
 */
interface OpenAnswers {
  getLearningCampaignFunnel: Answer<typeof campaignFunnelAs>;
  getLearningPlayFunnel: Answer<typeof playFunnelAs>;
  listLearningCampaignVariants: Answer<typeof campaignVariants>;
  promoteLearningCampaignStep: Answer<typeof promoteVariant>;
  listLearningRetrospectives: Answer<typeof retrospectivesAs>;
  listLearningPlayRetrospectives: Answer<typeof retrospectivesAs>;
  decideLearningRetrospective: Answer<typeof decideRetrospective>;
  getLearningAgentCalibration: Answer<typeof calibrationAs>;
}

/** Whether the schema leaves an answer open: `unknown` itself, or a page of `unknown` items. */
type Open<T> = unknown extends T
  ? true
  : T extends { items: (infer I)[] }
    ? unknown extends I
      ? true
      : false
    : false;
type MustHold<T extends true> = T;
// biome-ignore lint/correctness/noUnusedVariables: a check the compiler makes, read by nothing
type OpenAnswersStayOpen = MustHold<
  { [Op in keyof OpenAnswers]: Open<SchemaResponse<Op>> } extends Record<keyof OpenAnswers, true>
    ? true
    : false
>;

/** The JSON body of an operation's success answer (200, 201, 202: one of them, or their union). */
export type ApiResponse<Op extends OperationId> = Op extends keyof OpenAnswers
  ? OpenAnswers[Op]
  : SchemaResponse<Op>;

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
