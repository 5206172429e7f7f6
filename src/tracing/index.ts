// The tracing module's door (issue 70 item 2): outside src/tracing, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export {
  errorType,
  failSpan,
  handleOf,
  inSpan,
  runIn,
  type SpanHandle,
  setTracer,
  startSpan,
  tracingOn,
} from "./span.ts";
