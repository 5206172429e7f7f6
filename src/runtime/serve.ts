import { buildApp } from "../api/build-app.ts";
import type { AppDeps } from "../api/context.ts";
import { type Config, ConfigError, MIN_SECRET_LENGTH, secretProblem } from "../config/config.ts";
import { closeDemoAccess } from "../demo/demo-access.ts";
import { seedDemo } from "../demo/seed-demo.ts";
import { demoHistoryProgress, runDemoHistory } from "../learning/demo-history.ts";
import { startBackground } from "./background.ts";
import { createInstruments, startMetricsServer } from "./instruments.ts";
import { openFromConfig } from "./open-from-config.ts";
import { configureReplyClassifier } from "./reply-classifier.ts";

export async function serve(config: Config, print: (line: string) => void = console.log) {
  checkSecret(config, print);
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
  // outside demo mode the public bt_demo_* tokens and demo sessions stop working (issue 36 item 11)
  const closed = config.demo ? undefined : await closeDemoAccess(database.db, deps.now());
  if (closed && closed.tokens + closed.sessions > 0)
    print(`Demo mode is off: revoked ${closed.tokens} demo token(s) and ${closed.sessions} demo session(s).`);
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

/**
 * BATON_SECRET signs unsubscribe links and keys the sealed secrets. Outside demo mode the server does
 * not start with the public default or a short one (issue 36 item 11); in demo mode it says so loudly.
 */
export function checkSecret(config: Config, print: (line: string) => void): void {
  const problem = secretProblem(config.secret);
  if (!problem) return;
  const fix = `Set BATON_SECRET to ${MIN_SECRET_LENGTH} or more random characters (e.g. the output of 'openssl rand -base64 48')`;
  if (!config.demo) {
    throw new ConfigError(
      `BATON_SECRET ${problem}: with it anyone could forge unsubscribe links and unseal stored keys. ${fix}, or start a demo with BATON_DEMO=true.`,
    );
  }
  print("");
  print("WARNING: demo mode with a weak BATON_SECRET");
  print(`WARNING: BATON_SECRET ${problem}; links and sealed secrets of this server can be forged.`);
  print(`WARNING: never put real contacts here. ${fix} before real use.`);
}
