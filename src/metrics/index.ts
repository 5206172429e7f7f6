// The metrics module's door (issue 70 item 2): outside src/metrics, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { Heartbeat } from "./heartbeat.ts";
export type { Metrics } from "./metrics.ts";
export { type MetricSnapshot, type PrometheusMetrics, prometheusMetrics } from "./prometheus-metrics.ts";
export { sampleGauges } from "./sample-gauges.ts";
