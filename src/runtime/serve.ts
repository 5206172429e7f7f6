import type { DestinationStream } from "pino";
import { buildApp } from "../api/build-app.ts";
import { logDestination } from "../api/log-destination.ts";
import { type Config, ConfigError, MIN_SECRET_LENGTH, secretProblem } from "../config/config.ts";
import { closeDemoAccess } from "../demo/demo-access.ts";
import { beginDemoHistory, demoHistoryProgress, runDemoHistory } from "../demo/demo-history.ts";
import { seedDemo } from "../demo/seed-demo.ts";
import { startBackground } from "./background.ts";
import { buildAppDeps, buildEngine } from "./engine.ts";
import { createInstruments, startMetricsServer } from "./instruments.ts";
import { openFromConfig } from "./open-from-config.ts";
import { configureReplyClassifier } from "./reply-classifier.ts";
import { startTracing } from "./tracing.ts";

export async function serve(
  config: Config,
  print: (line: string) => void = console.log,
  // where the log's warnings and errors show (and every line, without LOG_FILE); tests capture it
  terminal: DestinationStream = process.stdout,
) {
  checkSecret(config, print);
  // OpenTelemetry traces when the OTEL_* variables ask for them (tracing.ts): before the app is
  // built, whose request hook is registered only when tracing is on
  const tracing = await startTracing(config, "server");
  // the API's requests, the background jobs, and each engine worker's pass and ledger connections
  const database = await openFromConfig(config, {
    poolSize: config.runEngine ? Math.max(10, 8 + 2 * config.engineWorkers) : undefined,
  });
  const instruments = createInstruments(database);
  // issue 35: with LLM_* set, the LLM classifies replies and the rules are its fallback; its calls
  // are counted (baton_llm_calls_total)
  const restoreClassifier = await configureReplyClassifier(config, instruments.metrics);
  // the process's deps, its one engine among them (built on first use: engine.ts)
  const deps = buildAppDeps({
    database,
    config,
    now: () => new Date(),
    metrics: instruments.metrics,
    // /readyz checks the loop's ticks only where the loop runs
    engineHeartbeat: config.runEngine ? instruments.engineHeartbeat : undefined,
  });
  const demo = config.demo ? await seedDemo(database.db) : undefined;
  // outside demo mode the public bt_demo_* tokens and demo sessions stop working (issue 36 item 11)
  const closed = config.demo ? undefined : await closeDemoAccess(database.db, deps.now());
  if (closed && closed.tokens + closed.sessions > 0)
    print(`Demo mode is off: revoked ${closed.tokens} demo token(s) and ${closed.sessions} demo session(s).`);
  // issue 13: the demo's past 60 days, until it is complete (a marker row); issue 37 item 8: built in
  // the background once the server listens, its progress on the dashboard
  const historyDue = demo ? await beginDemoHistory(database) : false;
  // request lines to LOG_FILE (a file by default in demo mode), off the terminal (issue 60)
  const log = logDestination(config, terminal);
  const app = await buildApp(deps, { logger: log.logger });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  // the background jobs start once the history is in: the engine on the real clock would otherwise
  // claim the steps the simulation schedules in the past
  const history = new AbortController();
  let stopBackground: () => Promise<void> = async () => {};
  const startJobs = async () => {
    if (config.runEngine && !history.signal.aborted) stopBackground = await startBackground(deps);
  };
  let historyBuilt: Promise<void> = Promise.resolve();
  if (historyDue) {
    historyBuilt = runDemoHistory(database, config, buildEngine, {
      onProgress: demoHistoryProgress(print),
      signal: history.signal,
    }).then(startJobs, (e) => {
      if (!history.signal.aborted)
        print(
          `Demo history: the build failed; the next start resumes it (background jobs not started): ${e}`,
        );
    });
  } else await startJobs();
  const metricsServer = await startMetricsServer(config, instruments.metrics);

  print("");
  print(`Baton is running at ${url}`);
  print(`  workspace: ${url}/`);
  print(`  API docs:  ${url}/docs`);
  print(`  database:  ${database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL"}`);
  print(`  health:    ${url}/healthz, ${url}/readyz`);
  print(`  metrics:   ${metricsServer ? metricsServer.url : `${url}/metrics`}`);
  print(`  logs:      ${log.where}`);
  if (config.tracing) print(`  traces:    ${config.tracing.url} (OTLP ${config.tracing.protocol})`);
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
    // a history being built stops between two engine passes (the next start resumes it); then stop
    // claiming and finish the batch in flight while HTTP drains; then the database
    history.abort();
    await historyBuilt;
    await Promise.all([stopBackground(), app.close(), metricsServer?.close()]);
    // the engine's SMTP pool, once neither the engine job nor a request uses it
    await deps.engine.close();
    await database.close();
    log.close();
    restoreClassifier();
    // the spans of the last requests and passes, exported before the process exits
    await tracing?.shutdown();
  };
  return { app, url, close, deps };
}

/**
 * BATON_SECRET signs unsubscribe links and keys the sealed secrets. Outside demo mode the server does
 * not start with the public default or a short one (issue 36 item 11); in demo mode it says so in one line.
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
  // one calm line (issue 60: three WARNING lines greeted every newcomer): a demo is meant to run
  // on the public default, and the line says what changes before real use
  print(
    `Demo mode: BATON_SECRET ${problem}, fine for a demo; before real contacts, set it to ${MIN_SECRET_LENGTH} or more random characters (openssl rand -base64 48).`,
  );
}
