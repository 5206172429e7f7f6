// The operator's instruments, built once per process at the composition root: the Prometheus
// registry (domain code counts through the Metrics interface it is handed in AppDeps/EngineDeps),
// the gauges sampled at each scrape, the engine heartbeat for /readyz, and, when
// BATON_METRICS_PORT is set, the metrics listener of its own.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { metricsTokenMatches } from "../api/metrics-token.ts";
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import type { Metrics } from "../metrics/index.ts";
import { Heartbeat, prometheusMetrics, sampleGauges } from "../metrics/index.ts";

export interface Instruments {
  metrics: Metrics;
  engineHeartbeat: Heartbeat;
}

export function createInstruments(
  database: Database,
  log: (line: string) => void = console.error,
): Instruments {
  const metrics = prometheusMetrics({
    onError: (e) => log(`metrics: sampling failed: ${(e as Error).message}`),
  });
  // pg's Pool: PostgreSQL's, or PGlite's adapter pool (one connection; waiting = queued callers)
  metrics.onScrape(sampleGauges(metrics, database.db, database.pool));
  return { metrics, engineHeartbeat: new Heartbeat() };
}

/** BATON_METRICS_PORT: GET /metrics on its own listener (on HOST), behind BATON_METRICS_TOKEN if set. */
export async function startMetricsServer(
  config: Config,
  metrics: Metrics,
): Promise<{ url: string; close(): Promise<void> } | null> {
  if (config.metrics.port === undefined) return null;
  const server = http.createServer(async (req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    if (config.metrics.token && !metricsTokenMatches(req.headers.authorization, config.metrics.token)) {
      res.writeHead(401, { "www-authenticate": "Bearer" }).end();
      return;
    }
    try {
      const out = await metrics.exposition();
      res.writeHead(200, { "content-type": out?.contentType ?? "text/plain" }).end(out?.text ?? "");
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.metrics.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
