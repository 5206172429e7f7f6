// The Baton MCP server (issue 6): one server per principal, over stdio (`baton mcp`) or
// Streamable HTTP (/mcp, one stateless server per request). Low-level Server API, because the
// tools' input schemas are plain JSON Schema taken from the HTTP routes' TypeBox definitions.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { errorBody } from "../../api/error-handler.ts";
import { scopeAllows } from "../../auth/mcp-oauth/access-token.ts";
import type { Principal } from "../../auth/principal.ts";
import { isBatonError } from "../../errors/baton-error.ts";
import type { RateLimiter } from "../rate-limit.ts";
import { type CallOptions, callTool, errorResult } from "./call-tool.ts";
import { mcpRefusal } from "./hints.ts";
import { batonPrompts, getPrompt } from "./prompts.ts";
import { batonResources, CAMPAIGN_TEMPLATE, readResource } from "./resources.ts";
import type { McpTool, ToolContext } from "./tool.ts";
import { callerOf, mayCall } from "./tool-access.ts";
import { toolInputSchema, toolOutputSchema } from "./tool-schema.ts";
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
  /** Told of every tools/call when it ends (call-record.ts: a log line and the per-tool metrics). */
  onCall?: CallOptions["onCall"];
  tools?: readonly McpTool[];
}

const INSTRUCTIONS =
  "Baton governs B2B outreach. You act as the principal of your token: brain agents draft plays; " +
  "revise their own drafts and read the figures their plays are judged on; sales and BDR agents enroll " +
  "contacts (the coordinator decides), lease drafting tasks, submit and revise drafts, classify and report replies; " +
  "marketing agents request nurture sequences; the exec routes hand-offs; anyone may find_contacts and " +
  "find_accounts by name, and preview_decision, which writes nothing. tools/list shows the tools your role may call. " +
  "Reference data is in the resources (baton://campaigns, baton://segments, baton://caps); prompts describe " +
  "the common jobs. Every refusal carries error.code, error.rule, error.facts and error.next_action: " +
  "follow next_action. Lists are {items, next_cursor}: pass next_cursor back as cursor for the next page. " +
  "Pass idempotency_key on writes and reuse it when you retry.";

export function createMcpServer(ctx: ToolContext, opts: McpServerOptions = {}): Server {
  const tools = opts.tools ?? batonTools;
  const server = new Server(
    { name: "baton", version: "0.1.0" },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  /** The principal of this request: checked again per request on stdio. */
  const principalCtx = async (): Promise<ToolContext> =>
    opts.authenticate ? { ...ctx, principal: await opts.authenticate() } : ctx;
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    // a refused token is a JSON-RPC error here (there is no tool result to carry it)
    const c = await principalCtx();
    // only the tools this principal's role may call (issue 58): the others would only be refused
    const caller = callerOf(c.db, c.principal);
    const allowed = await Promise.all(tools.map((t) => mayCall(t.name, caller)));
    return {
      tools: tools
        .filter((t, i) => allowed[i] && scopeAllows(c.principal, t.write))
        .map((t) => ({
          name: t.name,
          title: t.title,
          description: t.description,
          inputSchema: toolInputSchema(t) as { type: "object" },
          outputSchema: toolOutputSchema(t) as { type: "object" },
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
      onCall: opts.onCall,
    });
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    await principalCtx();
    return {
      resources: batonResources.map(({ uri, name, title, description }) => ({
        uri,
        name,
        title,
        description,
        mimeType: "application/json",
      })),
    };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    await principalCtx();
    return { resourceTemplates: [{ ...CAMPAIGN_TEMPLATE, mimeType: "application/json" }] };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const uri = request.params.uri;
    const body = await readResource(await principalCtx(), uri).catch((e) => {
      // a refusal as a JSON-RPC error that names its code and what to do
      if (!isBatonError(e)) throw e;
      const refusal = mcpRefusal(errorBody(e));
      throw new McpError(
        ErrorCode.InvalidParams,
        `${e.code}: ${e.message} ${refusal.error.next_action}`,
        refusal,
      );
    });
    if (body === undefined) throw new McpError(ErrorCode.InvalidParams, `no resource ${uri}`);
    return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(body, null, 2) }] };
  });
  server.setRequestHandler(ListPromptsRequestSchema, async () => {
    await principalCtx();
    return {
      prompts: batonPrompts.map(({ name, title, description, arguments: args }) => ({
        name,
        title,
        description,
        arguments: args,
      })),
    };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    await principalCtx();
    let result: ReturnType<typeof getPrompt>;
    try {
      result = getPrompt(request.params.name, request.params.arguments ?? {});
    } catch (e) {
      throw new McpError(ErrorCode.InvalidParams, (e as Error).message);
    }
    if (!result) throw new McpError(ErrorCode.InvalidParams, `no prompt ${request.params.name}`);
    return result;
  });
  return server;
}
