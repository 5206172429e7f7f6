// OpenTelemetry traces from the standard OTEL_* variables (issue 71 item 4; docs/operations.md
// "Traces"). Off by default: on with OTEL_TRACES_EXPORTER=otlp, or an OTLP endpoint set while
// OTEL_TRACES_EXPORTER is unset; OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none keeps it off.
// Exported over OTLP/HTTP, protobuf or JSON; what this build cannot export (gRPC, zipkin, console,
// whose lines would corrupt `baton mcp`'s stdout) stops the start with a sentence, not a silent no.
import { ConfigError } from "./config-error.ts";

export const OTLP_PROTOCOLS = ["http/protobuf", "http/json"] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export interface TracingConfig {
  /** Where spans are POSTed: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  url: string;
  protocol: OtlpProtocol;
  /** OTEL_SERVICE_NAME, else "baton" (OTEL_RESOURCE_ATTRIBUTES may add more; the SDK reads it). */
  serviceName: string;
}

const DEFAULT_ENDPOINT = "http://localhost:4318";

export function tracingConfig(env: NodeJS.ProcessEnv): TracingConfig | undefined {
  if ((env.OTEL_SDK_DISABLED ?? "").trim().toLowerCase() === "true") return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const other = exporters.filter((e) => e !== "otlp" && e !== "none");
  if (other.length)
    throw new ConfigError(
      `OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER}: Baton exports traces over OTLP only; set it to otlp (or none), and point OTEL_EXPORTER_OTLP_ENDPOINT at a collector`,
    );
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || undefined;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
  const on = exporters.length ? exporters.includes("otlp") : Boolean(traces || base);
  if (!on) return undefined;
  const url = traces ?? `${(base ?? DEFAULT_ENDPOINT).replace(/\/+$/, "")}/v1/traces`;
  const name = traces ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL; got "${traces ?? base}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ConfigError(`${name} must be an http(s) URL; got "${traces ?? base}"`);
  const given = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() || env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim();
  const protocol = (given || "http/protobuf").toLowerCase();
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(protocol))
    throw new ConfigError(
      `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL=${given}: Baton exports OTLP over HTTP, ${OTLP_PROTOCOLS.join(" or ")} (a collector's port 4318), not gRPC`,
    );
  return {
    url,
    protocol: protocol as OtlpProtocol,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || "baton",
  };
}
