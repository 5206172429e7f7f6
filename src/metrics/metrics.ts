// What domain code counts through: counters, gauges and histograms by the names in catalog.ts,
// with labels. The default (noMetrics) does nothing, so tests and the simulation run without a
// registry; the server and the workers get a Prometheus one (prometheus-metrics.ts), built where
// the process is composed (src/runtime) and passed down in AppDeps / EngineDeps.
import type { CounterName, GaugeName, HistogramName } from "./catalog.ts";

export type Labels = Record<string, string | number>;

export interface Metrics {
  inc(name: CounterName, labels?: Labels, by?: number): void;
  set(name: GaugeName, value: number, labels?: Labels): void;
  observe(name: HistogramName, value: number, labels?: Labels): void;
  /** Runs before each scrape (gauges sampled from the database); errors are logged, not thrown. */
  onScrape(sample: () => Promise<void> | void): void;
  /** The Prometheus text exposition, when this is a registry (null for noMetrics). */
  exposition(): Promise<{ contentType: string; text: string } | null>;
}

export const noMetrics: Metrics = {
  inc() {},
  set() {},
  observe() {},
  onScrape() {},
  exposition: async () => null,
};
