// OpenTelemetry traces for the process (issue 71 item 4; docs/operations.md "Traces"): when the
// OTEL_* variables turn them on (config.tracing, src/config/tracing-config.ts), the SDK is loaded,
// spans are batched and POSTed over OTLP/HTTP, and src/tracing/span.ts gets the tracer. Off, nothing
// of the SDK is imported and inSpan only calls its function.
//
// The engine loop passes once a second: a pass that found nothing to do is not exported (its span
// carries baton.engine.busy=false and has no children), so an idle worker sends no traces.
import type { Config } from "../config/config.ts";
import { setTracer } from "../tracing/index.ts";

export interface Tracing {
  /** Exports what is pending (within the exporter's timeout) and turns tracing off. */
  shutdown(): Promise<void>;
}

/** Which process is traced: the resource's baton.process attribute. */
export type TracedProcess = "server" | "engine" | "mcp";

export async function startTracing(
  config: Pick<Config, "tracing">,
  processName: TracedProcess,
  log: (line: string) => void = console.error,
): Promise<Tracing | null> {
  const t = config.tracing;
  if (!t) return null;
  const [api, sdk, hooks, resources, core, otlp] = await Promise.all([
    import("@opentelemetry/api"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/context-async-hooks"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/core"),
    t.protocol === "http/json"
      ? import("@opentelemetry/exporter-trace-otlp-http")
      : import("@opentelemetry/exporter-trace-otlp-proto"),
  ]);
  // export failures (the collector down, a refused batch) would be silent: they go to the log
  api.diag.setLogger(
    {
      error: (m) => log(`tracing: ${m}`),
      warn: (m) => log(`tracing: ${m}`),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    api.DiagLogLevel.WARN,
  );
  // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (the env detector) over Baton's defaults
  const resource = resources
    .resourceFromAttributes({ "service.name": t.serviceName, "baton.process": processName })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  // the exporter reads OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT and _COMPRESSION itself
  const batch = new sdk.BatchSpanProcessor(new otlp.OTLPTraceExporter({ url: t.url }));
  const dropIdle: import("@opentelemetry/sdk-trace-base").SpanProcessor = {
    onStart: (span, ctx) => batch.onStart(span, ctx),
    onEnd: (span) => {
      if (span.attributes["baton.engine.busy"] !== false) batch.onEnd(span);
    },
    forceFlush: () => batch.forceFlush(),
    shutdown: () => batch.shutdown(),
  };
  // the sampler and the limits come from OTEL_TRACES_SAMPLER(_ARG) and OTEL_*_LIMIT (the SDK's defaults)
  const provider = new sdk.BasicTracerProvider({ resource, spanProcessors: [dropIdle] });
  api.context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(provider);
  setTracer(provider.getTracer("baton"));
  return {
    async shutdown() {
      setTracer(null);
      try {
        await provider.shutdown();
      } finally {
        api.trace.disable();
        api.context.disable();
        api.propagation.disable();
        api.diag.disable();
      }
    },
  };
}
