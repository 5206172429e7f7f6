// baton engine work | engine run-once | campaigns drafter | simulate: the engine's CLI, thin over src/engine.

import { ConfigError } from "../config/config.ts";
import type { DrafterName } from "../engine/index.ts";
import {
  DRAFTERS,
  type EnginePassStats,
  emptyStats,
  runEngineOnce,
  sendPersonalStepsAtOnce,
  setCampaignDrafter,
  startWorkers,
} from "../engine/index.ts";
import { BatonError } from "../errors/baton-error.ts";
import { buildEngine } from "../runtime/engine.ts";
import { shutdownSignal } from "../runtime/shutdown.ts";
import { startTracing } from "../runtime/tracing.ts";
import type { CliCommand } from "./command.ts";

/**
 * A whole-number flag from `min` to `max`, `fallback` when it is not given. Anything else is refused
 * before anything starts: a fraction or a word used to fall back to the default without a word, and
 * a fraction reached a LIMIT.
 */
export function wholeNumberFlag(
  flag: unknown,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (flag === undefined) return fallback;
  const n = typeof flag === "string" && /^\d+$/.test(flag) ? Number(flag) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: `--${name}`, message: `give a whole number from ${min} to ${max}` }],
    });
  return n;
}

function add(total: EnginePassStats, s: EnginePassStats) {
  total.claimed += s.claimed;
  total.executed += s.executed;
  total.exited += s.exited;
  total.errors += s.errors;
  for (const [k, v] of Object.entries(s.sends))
    total.sends[k as keyof typeof s.sends] = (total.sends[k as keyof typeof s.sends] ?? 0) + (v ?? 0);
}

/**
 * `--concurrency`: how many workers this process runs (1 to 32). Above 1 only against a PostgreSQL
 * server: the embedded database has one connection, so its workers would only take turns.
 */
export function workerConcurrency(flag: unknown, databaseUrl: string | undefined): number {
  const n = wholeNumberFlag(flag, "concurrency", 1, 1, 32);
  if (n > 1 && !databaseUrl)
    throw new BatonError("VALIDATION_FAILED", {
      errors: [
        {
          path: "--concurrency",
          message:
            "the embedded database has one connection, so one worker: set DATABASE_URL to a PostgreSQL server to run several",
        },
      ],
    });
  return n;
}

export const engineCommands: CliCommand[] = [
  {
    name: "engine work",
    summary:
      "Run engine workers in this process (claim due steps with SKIP LOCKED; several against PostgreSQL)",
    usage:
      "baton engine work [--worker-id w1] [--concurrency 1] [--batch 50] [--max-batch 200] [--tick-ms 1000] [--lease-ms 30000] [--metrics-port 9465]",
    options: {
      "worker-id": {
        type: "string",
        description: "name of this worker (default: worker-<pid>; with --concurrency N: <name>-1 … <name>-N)",
      },
      concurrency: {
        type: "string",
        description:
          "workers in this process, each claiming on its own (default 1; above 1 needs a PostgreSQL server)",
      },
      batch: { type: "string", description: "due enrollments claimed per pass (default 50)" },
      "max-batch": {
        type: "string",
        description:
          "with a backlog, passes claim up to this many, doubling from --batch (default 4 × batch)",
      },
      "tick-ms": { type: "string", description: "pause between idle passes (default BATON_ENGINE_TICK_MS)" },
      "lease-ms": {
        type: "string",
        description: "claim lease; a crashed worker's claims return after it (default 30000)",
      },
      "metrics-port": {
        type: "string",
        description: "serve this worker's /metrics on HOST:port (default BATON_METRICS_PORT; unset: none)",
      },
    },
    async run(ctx) {
      // every number checked before anything starts
      const concurrency = workerConcurrency(ctx.flags.concurrency, ctx.config.databaseUrl);
      const batch = wholeNumberFlag(ctx.flags.batch, "batch", 50, 1, 10_000);
      const maxBatch = wholeNumberFlag(ctx.flags["max-batch"], "max-batch", 4 * batch, 1, 10_000);
      const tickMs = wholeNumberFlag(ctx.flags["tick-ms"], "tick-ms", ctx.config.engineTickMs, 1, 3_600_000);
      const claimLeaseMs = wholeNumberFlag(ctx.flags["lease-ms"], "lease-ms", 30_000, 1_000, 86_400_000);
      // /metrics of this worker on a port of its own (several workers on a host: one port each)
      const metricsPort =
        wholeNumberFlag(ctx.flags["metrics-port"], "metrics-port", ctx.config.metrics.port ?? 0, 1, 65_535) ||
        undefined;
      // each worker holds a connection for its pass and, on a server, the ledger one more (send-with-ledger.ts)
      const database = await ctx.database({ poolSize: Math.max(10, 2 * concurrency + 2) });
      const workerId = (ctx.flags["worker-id"] as string) || `worker-${process.pid}`;
      const instruments = metricsPort ? await import("../runtime/instruments.ts") : undefined;
      const metrics = instruments?.createInstruments(database).metrics;
      const metricsServer =
        instruments && metrics
          ? await instruments.startMetricsServer(
              { ...ctx.config, metrics: { ...ctx.config.metrics, port: metricsPort } },
              metrics,
            )
          : null;
      const deps = await ctx.engine({ claimLeaseMs, metrics });
      // OpenTelemetry traces of the passes when the OTEL_* variables ask for them (docs/operations.md)
      const tracing = await startTracing(ctx.config, "engine");
      const total = emptyStats();
      // one name per worker, as its claims are marked (claimed_by) and handed back at the stop
      const pool = startWorkers(deps, workerId, concurrency, {
        batch,
        maxBatch,
        tickMs,
        clock: () => new Date(),
        onPass: (s) => add(total, s),
        // the exec's close steps of campaigns he set to send at once (issue 67 item 5)
        background: (now) => sendPersonalStepsAtOnce(deps, ctx.config, now),
        onError: (e, where, id) => console.error(`engine ${id}: ${where}: ${(e as Error)?.message ?? e}`),
      });
      const worker = concurrency === 1 ? workerId : pool.names;
      ctx.print({ worker, started: true, pid: process.pid, metrics: metricsServer?.url });
      // SIGTERM/SIGINT: claim nothing more, finish the batches in flight, hand back any lease still
      // held, then the CLI closes the database; a hard timer exits at 10 s whatever happens
      const signal = await shutdownSignal({ log: (l) => console.error(l) });
      const released = await pool.stop();
      await metricsServer?.close();
      await tracing?.shutdown();
      ctx.print({ worker, stopped: true, signal, released, totals: total });
    },
  },
  {
    name: "engine run-once",
    summary: "Run one engine pass now and print what it did",
    options: { batch: { type: "string", description: "due enrollments claimed (default 100)" } },
    async run(ctx) {
      const batch = wholeNumberFlag(ctx.flags.batch, "batch", 100, 1, 10_000);
      const deps = await ctx.engine();
      ctx.print(await runEngineOnce(deps, ctx.now(), { workerId: `cli-${process.pid}`, batch }));
    },
  },
  {
    name: "campaigns drafter",
    summary: "Set which drafter writes a campaign's touches from now on (revops, admin)",
    usage: "baton campaigns drafter --campaign <slug> --drafter template|agent|llm",
    options: {
      campaign: { type: "string", description: "the campaign's slug" },
      drafter: { type: "string", description: DRAFTERS.join(" | ") },
    },
    async run(ctx) {
      const p = await ctx.principal();
      const campaign = ctx.flags.campaign;
      const drafter = ctx.flags.drafter;
      if (typeof campaign !== "string" || !campaign || typeof drafter !== "string") {
        throw new BatonError("VALIDATION_FAILED", {
          errors: [
            { path: "--campaign/--drafter", message: `give a campaign slug and ${DRAFTERS.join(" | ")}` },
          ],
        });
      }
      ctx.print(
        await setCampaignDrafter(
          await ctx.db(),
          p,
          { campaignSlug: campaign, drafter: drafter as DrafterName },
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "simulate",
    summary: "Run the whole engine on a simulated clock over a throw-away database and print a report",
    usage: "baton simulate [--days 90] [--contacts 200] [--seed 1] [--json] [--server [--citus]]",
    options: {
      days: { type: "string", description: "simulated days (default 90)" },
      contacts: { type: "string", description: "contacts enrolled (default 200)" },
      seed: { type: "string", description: "random seed for replies (default 1)" },
      json: { type: "boolean", description: "print the report as JSON" },
      server: {
        type: "boolean",
        description:
          "run in a throw-away database on the PostgreSQL server of DATABASE_URL (its role needs CREATEDB; dropped at the end) instead of an embedded one",
      },
      citus: {
        type: "boolean",
        description:
          "with --server on a Citus coordinator (detected when DATABASE_URL's database has the citus extension): distribute the throw-away database over the cluster, and run again on a plain database of the coordinator to report the cluster against a single node (docs/scaling.md)",
      },
    },
    async run(ctx) {
      // the schema owner's connection (BATON_MIGRATE_DATABASE_URL, else DATABASE_URL): it migrates
      const serverUrl = ctx.flags.server ? ctx.config.migrateDatabaseUrl : undefined;
      if (ctx.flags.server && !serverUrl)
        throw new ConfigError("--server needs DATABASE_URL, the PostgreSQL server to simulate on");
      // loaded on use: worker processes start faster without the simulation's imports
      if (ctx.flags.citus && !serverUrl)
        throw new ConfigError("--citus needs --server and DATABASE_URL, a Citus coordinator");
      const { runSimulation, terminalProgress } = await import("../simulation/index.ts");
      const opts = {
        days: wholeNumberFlag(ctx.flags.days, "days", 90, 1, 3_650),
        contacts: wholeNumberFlag(ctx.flags.contacts, "contacts", 200, 1, 10_000_000),
        seed: wholeNumberFlag(ctx.flags.seed, "seed", 1, 1, 2_147_483_647),
        // simulated day, steps and sends so far, on a terminal only (issue 13)
        onProgress: process.stderr.isTTY ? terminalProgress((s) => process.stderr.write(s)) : undefined,
      };
      const { isCitusDatabase } = await import("../db/cluster-database.ts");
      if (serverUrl && (ctx.flags.citus || (await isCitusDatabase(serverUrl)))) {
        // a coordinator (issue 57): distributed over the cluster, and against a single node in the same run
        const { simulateClusterAgainstSingleNode, comparisonText } = await import("../simulation/index.ts");
        const { report, comparison } = await simulateClusterAgainstSingleNode(
          { ...opts, serverUrl },
          buildEngine,
        );
        ctx.print(
          ctx.flags.json ? { ...report, comparison } : `${report.text}\n${comparisonText(comparison)}`,
        );
        return;
      }
      const report = await runSimulation({ ...opts, serverUrl }, buildEngine);
      ctx.print(ctx.flags.json ? report : report.text);
    },
  },
];
