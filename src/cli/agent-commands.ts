// `baton mcp`: the MCP server over stdio for the principal of --token / BATON_TOKEN (issue 6).
// stdout carries the protocol only; nothing else may print there.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer, databaseRateLimiter, toolCallObserver } from "../agents/index.ts";
import { isBatonError } from "../errors/baton-error.ts";
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
          // LOG_LEVEL info or finer, as the server's request lines
          ...(QUIET_LEVELS.has(ctx.config.logLevel)
            ? {}
            : {
                onCall: toolCallObserver((fields, msg) =>
                  console.error(JSON.stringify({ level: 30, time: Date.now(), msg, ...fields })),
                ),
              }),
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
      await tracing?.shutdown();
    },
  },
];
