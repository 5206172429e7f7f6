// `baton mcp`: the MCP server over stdio for the principal of --token / BATON_TOKEN (issue 6).
// stdout carries the protocol only; nothing else may print there.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  createMcpServer,
  databaseRateLimiter,
  toolCallObserver,
  toolMetricsSummary,
} from "../agents/index.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { prometheusMetrics } from "../metrics/index.ts";
import { startTracing } from "../runtime/tracing.ts";
import type { CliCommand } from "./command.ts";

/** Levels at which a tool call's info line is not written. */
const QUIET_LEVELS = new Set(["warn", "error", "fatal", "silent"]);

export const agentCommands: CliCommand[] = [
  {
    name: "mcp",
    summary: "Serve the MCP tools over stdio as the principal of --token / BATON_TOKEN",
    usage: "BATON_TOKEN=<agent token> baton mcp   (configure it as a stdio MCP server in your client)",
    async run(ctx) {
      const principal = await ctx.principal().catch((e) => {
        // stdout belongs to the protocol; say why on stderr too, for the MCP client's log
        if (isBatonError(e)) console.error(`baton mcp: ${e.code}: ${e.message} ${e.nextAction}`);
        throw e;
      });
      const database = await ctx.database();
      // each tools/call a span when the OTEL_* variables ask for traces (docs/operations.md "Traces")
      const tracing = await startTracing(ctx.config, "mcp");
      // the per-tool metrics, counted as the HTTP server counts them, into this session's registry:
      // written as one line at exit (stdio-metrics.ts; docs/operations.md "MCP over stdio")
      const metrics = prometheusMetrics({ processMetrics: false });
      const quiet = QUIET_LEVELS.has(ctx.config.logLevel);
      const logLine = (fields: Record<string, unknown>, msg: string) =>
        console.error(JSON.stringify({ level: 30, time: Date.now(), msg, ...fields }));
      const server = createMcpServer(
        { db: database.db, engine: () => ctx.engine(), principal, config: ctx.config, now: ctx.now },
        {
          // the token is checked again on every request, as HTTP does (issue 36 item 7)
          authenticate: () => ctx.authenticate(),
          // the principal's bucket in the database, shared with the HTTP API and other processes
          limiter: databaseRateLimiter(database.db, ctx.config.rateLimit, ctx.now),
          // stderr: stdout carries the protocol
          logError: (err, tool) => console.error(`baton mcp: tool ${tool} failed:`, err),
          // one JSON line per tools/call on stderr, for the MCP client's log (issue 71 item 4); at
          // LOG_LEVEL info or finer, as the server's request lines; counted at every level
          onCall: toolCallObserver(quiet ? null : logLine, metrics),
        },
      );
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        server.onclose = () => resolve();
        process.stdin.once("end", () => resolve());
        for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => resolve());
      });
      await server.connect(transport);
      await closed;
      await server.close();
      if (!quiet) logLine({ mcp_tools: toolMetricsSummary(await metrics.snapshot()) }, "MCP tool metrics");
      await tracing?.shutdown();
    },
  },
];
