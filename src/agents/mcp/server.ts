// The Baton MCP server (issue 6): one server per principal, over stdio (`baton mcp`) or
// Streamable HTTP (/mcp, one stateless server per request). Low-level Server API, because the
// tools' input schemas are plain JSON Schema taken from the HTTP routes' TypeBox definitions.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Principal } from "../../auth/principal.ts";
import type { RateLimiter } from "../rate-limit.ts";
import { callTool, errorResult } from "./call-tool.ts";
import type { McpTool, ToolContext } from "./tool.ts";
import { toolInputSchema } from "./tool-schema.ts";
import { batonTools } from "./tools.ts";

export interface McpServerOptions {
  /**
   * The principal checked again for each request (stdio: the token may be revoked or expire while
   * the session lasts, issue 36 item 7). Absent: the context's principal (HTTP authenticates each
   * POST and builds a server per request).
   */
  authenticate?: () => Promise<Principal>;
  limiter?: RateLimiter;
  logError?: (err: unknown, tool: string) => void;
  tools?: readonly McpTool[];
}

const INSTRUCTIONS =
  "Baton governs B2B outreach. You act as the principal of your token: brain agents draft plays; " +
  "sales and BDR agents enroll contacts (the coordinator decides), lease drafting tasks and submit drafts, " +
  "and report replies. Every refusal carries error.code, error.rule, error.facts and error.next_action: " +
  "follow next_action. Pass idempotency_key on writes and reuse it when you retry.";

export function createMcpServer(ctx: ToolContext, opts: McpServerOptions = {}): Server {
  const tools = opts.tools ?? batonTools;
  const server = new Server(
    { name: "baton", version: "0.1.0" },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    // a refused token is a JSON-RPC error here (there is no tool result to carry it)
    if (opts.authenticate) await opts.authenticate();
    return {
      tools: tools.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: toolInputSchema(t) as { type: "object" },
        annotations: { readOnlyHint: !t.write, idempotentHint: !t.write },
      })),
    };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const header = extra.requestInfo?.headers?.["idempotency-key"];
    let callCtx = ctx;
    if (opts.authenticate) {
      try {
        callCtx = { ...ctx, principal: await opts.authenticate() };
      } catch (e) {
        // the refusal as the HTTP API gives it (TOKEN_REVOKED, TOKEN_EXPIRED, ...)
        return errorResult(e);
      }
    }
    return callTool(tools, callCtx, request.params.name, request.params.arguments ?? {}, {
      headerKey: Array.isArray(header) ? header[0] : header,
      limiter: opts.limiter,
      idempotencyWaitMs: ctx.config.idempotencyWaitMs,
      logError: opts.logError,
    });
  });
  return server;
}
