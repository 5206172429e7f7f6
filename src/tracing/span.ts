// What domain code traces through (issue 71 item 4): inSpan(name, attributes, fn) runs fn inside a
// span of the OpenTelemetry API, a child of the span active where it is called. Off by default: until
// the process turns tracing on (src/runtime/tracing.ts, from the OTEL_* variables) `tracer` is null
// and inSpan only calls fn, so a hot path pays one comparison, and the SDK is never loaded.
//
// Never personal data: a span's attributes are typed by the closed list below, ids and fixed words
// only (no addresses, names, subjects, bodies, URLs with queries), and a failure is recorded by its
// code or class (`error.type`), never its message, which may quote an address (an SMTP 550 does).
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";

/** The attributes a span may carry: ids (uuids, tenant ids) and bounded words, nothing a person wrote. */
export type AttributeKey =
  // who and where: the tenant and Baton's own ids
  | "baton.tenant_id"
  | "baton.principal_id"
  | "baton.agent_id"
  | "baton.campaign_id"
  | "baton.enrollment_id"
  | "baton.contact_id"
  | "baton.send_item_id"
  | "baton.mailbox_id"
  | "baton.inbound_id"
  | "baton.reply_id"
  | "baton.crm_outbox_id"
  | "baton.worker_id"
  | "baton.step"
  // what happened: fixed words and counts
  | "baton.kind"
  | "baton.outcome"
  | "baton.reason"
  | "baton.count"
  | "baton.attempts"
  | "baton.transport"
  | "baton.crm"
  | "baton.crm_operation"
  | "baton.decisions.allow"
  | "baton.decisions.hold"
  | "baton.decisions.queue"
  | "baton.decisions.block"
  | "baton.engine.busy"
  | "baton.smtp.response_code"
  // OpenTelemetry's semantic conventions
  | "http.request.method"
  | "http.route"
  | "http.response.status_code"
  | "server.address"
  | "server.port"
  | "mcp.method.name"
  | "gen_ai.tool.name"
  | "gen_ai.operation.name"
  | "gen_ai.provider.name"
  | "gen_ai.request.model"
  | "error.type";

export type AttributeValue = string | number | boolean | string[];
export type SpanAttributes = { readonly [K in AttributeKey]?: AttributeValue | null | undefined };

/** The span fn runs in: attributes learned on the way, and events (one per item of a batch). */
export interface SpanHandle {
  /** false when tracing is off: a loop that only builds events checks it first */
  readonly recording: boolean;
  set(attributes: SpanAttributes): void;
  event(name: string, attributes: SpanAttributes): void;
}

export type SpanKindName = "internal" | "server" | "client" | "consumer";

const NO_SPAN: SpanHandle = { recording: false, set() {}, event() {} };

let tracer: Tracer | null = null;

/** The process's tracer (src/runtime/tracing.ts), or null: tracing off. */
export function setTracer(t: Tracer | null): void {
  tracer = t;
}

export function tracingOn(): boolean {
  return tracer !== null;
}

/** Runs fn in a new span (a child of the active one); the span ends when fn settles. */
export function inSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: SpanHandle) => Promise<T>,
  kind: SpanKindName = "internal",
): Promise<T> {
  if (tracer === null) return fn(NO_SPAN);
  return tracer.startActiveSpan(
    name,
    { kind: KINDS[kind], attributes: clean(attributes) },
    async (span): Promise<T> => {
      try {
        return await fn(handleOf(span));
      } catch (e) {
        failSpan(span, e);
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A span that outlives one call (an HTTP request's, started by one hook and ended by another), and
 * the context to run the work in; null when tracing is off. `carrier`: incoming headers, whose W3C
 * traceparent makes the span a child of the caller's.
 */
export function startSpan(
  name: string,
  attributes: SpanAttributes,
  kind: SpanKindName,
  carrier?: Record<string, unknown>,
): { span: Span; context: Context } | null {
  if (tracer === null) return null;
  const parent = carrier ? propagation.extract(ROOT_CONTEXT, carrier) : context.active();
  const span = tracer.startSpan(name, { kind: KINDS[kind], attributes: clean(attributes) }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs fn in `ctx` (startSpan's): the spans fn starts, synchronously or after awaits, are its children. */
export function runIn<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

/** The handle of an API span started elsewhere (the HTTP request's, src/api/request-tracing.ts). */
export function handleOf(span: Span): SpanHandle {
  return {
    recording: span.isRecording(),
    set: (a) => span.setAttributes(clean(a)),
    event: (name, a) => span.addEvent(name, clean(a)),
  };
}

/** Marks a span failed with the error's code or class, never its message. */
export function failSpan(span: Span, e: unknown): void {
  const type = errorType(e);
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/**
 * A failure's kind without its text: a BatonError's or nodemailer's code (FORBIDDEN_ROLE, EENVELOPE),
 * an LLM failure's kind, else the class's name. Only short words of letters, digits and _ . - pass.
 */
export function errorType(e: unknown): string {
  const o = e as { code?: unknown; kind?: unknown; name?: unknown } | null;
  for (const v of [o?.code, o?.kind, o?.name])
    if (typeof v === "string" && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(v)) return v;
  return "Error";
}

const KINDS: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  consumer: SpanKind.CONSUMER,
};

/** Drops the unset ones (null, undefined): OpenTelemetry takes only values. */
function clean(a: SpanAttributes): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const k in a) {
    const v = a[k as AttributeKey];
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out;
}
