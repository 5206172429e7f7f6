import { buildApp } from "../api/build-app.ts";
import type { AppDeps } from "../api/context.ts";
import type { Config } from "../config/config.ts";
import { seedDemo } from "../demo/seed-demo.ts";
import { demoHistoryProgress, runDemoHistory } from "../learning/demo-history.ts";
import { startBackground } from "./background.ts";
import { createInstruments, startMetricsServer } from "./instruments.ts";
import { openFromConfig } from "./open-from-config.ts";
import { configureReplyClassifier } from "./reply-classifier.ts";

export async function serve(config: Config, print: (line: string) => void = console.log) {
  // issue 35: with LLM_* set, the LLM classifies replies and the rules are its fallback
  const restoreClassifier = await configureReplyClassifier(config);
  // the API's requests, the background jobs, and each engine worker's pass and ledger connections
  const database = await openFromConfig(config, {
    poolSize: config.runEngine ? Math.max(10, 8 + 2 * config.engineWorkers) : undefined,
  });
  const instruments = createInstruments(database);
  const deps: AppDeps = {
    db: database.db,
    database,
    config,
    now: () => new Date(),
    metrics: instruments.metrics,
    // /readyz checks the loop's ticks only where the loop runs
    engineHeartbeat: config.runEngine ? instruments.engineHeartbeat : undefined,
  };
  const demo = config.demo ? await seedDemo(database.db) : undefined;
  // issue 13: the demo's past 60 days, on the first start only (a marker row)
  if (demo) await runDemoHistory(database, config, { onProgress: demoHistoryProgress(print) });
  const app = await buildApp(deps, { logger: { level: config.logLevel } });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  const stopBackground = config.runEngine ? await startBackground(deps) : async () => {};
  const metricsServer = await startMetricsServer(config, instruments.metrics);

  print("");
  print(`Baton is running at ${url}`);
  print(`  workspace: ${url}/`);
  print(`  API docs:  ${url}/docs`);
  print(`  database:  ${database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL"}`);
  print(`  health:    ${url}/healthz, ${url}/readyz`);
  print(`  metrics:   ${metricsServer ? metricsServer.url : `${url}/metrics`}`);
  if (demo) {
    print("");
    print("Demo tokens (use as 'Authorization: Bearer <token>'):");
    for (const t of demo.tokens) {
      const who = t.agentId ? `agent ${t.agentId}` : (t.roles ?? []).join(",");
      print(`  ${t.token.padEnd(18)} ${t.displayName} (${who})`);
    }
  }
  print("");

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    // stop claiming and finish the batch in flight while HTTP drains; then the database
    await Promise.all([stopBackground(), app.close(), metricsServer?.close()]);
    await database.close();
    restoreClassifier();
  };
  return { app, url, close, deps };
}
