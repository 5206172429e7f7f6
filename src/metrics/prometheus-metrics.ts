// The Prometheus implementation of Metrics (prom-client), one registry per process: the catalog's
// metrics plus Node's process metrics (process_*, nodejs_*). Built by src/runtime only.
import client from "prom-client";
import { METRICS, type MetricName } from "./catalog.ts";
import type { Labels, Metrics } from "./metrics.ts";

type Any = client.Counter | client.Gauge | client.Histogram;

/** One metric's samples as prom-client reads them: name, and each value with its labels. */
export interface MetricSnapshot {
  name: string;
  values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
}

/** A Prometheus registry that also gives its samples as values (the stdio MCP server's exit summary). */
export interface PrometheusMetrics extends Metrics {
  snapshot(): Promise<MetricSnapshot[]>;
}

export function prometheusMetrics(
  opts: { onError?: (e: unknown) => void; processMetrics?: boolean } = {},
): PrometheusMetrics {
  const registry = new client.Registry();
  if (opts.processMetrics ?? true) client.collectDefaultMetrics({ register: registry });
  const byName = new Map<MetricName, Any>();
  for (const [name, m] of Object.entries(METRICS) as [MetricName, (typeof METRICS)[MetricName]][]) {
    const common = { name, help: m.help, labelNames: [...m.labels], registers: [registry] };
    byName.set(
      name,
      m.kind === "counter"
        ? new client.Counter(common)
        : m.kind === "gauge"
          ? new client.Gauge(common)
          : new client.Histogram({ ...common, buckets: [...("buckets" in m ? m.buckets : [])] }),
    );
  }
  const samplers: Array<() => Promise<void> | void> = [];
  const str = (labels: Labels = {}) =>
    Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
  return {
    inc(name, labels, by = 1) {
      if (by > 0) (byName.get(name) as client.Counter).inc(str(labels), by);
    },
    set(name, value, labels) {
      (byName.get(name) as client.Gauge).set(str(labels), value);
    },
    observe(name, value, labels) {
      (byName.get(name) as client.Histogram).observe(str(labels), value);
    },
    onScrape(sample) {
      samplers.push(sample);
    },
    async exposition() {
      for (const sample of samplers) {
        try {
          await sample();
        } catch (e) {
          opts.onError?.(e);
        }
      }
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
    async snapshot() {
      return (await registry.getMetricsAsJSON()) as unknown as MetricSnapshot[];
    },
  };
}
