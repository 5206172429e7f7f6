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
  UrlElicitationRequiredError,
} from "@modelcontextprotocol/sdk/types.js";
import { errorBody } from "../../api/error-handler.ts";
import { scopeAllows } from "../../auth/mcp-oauth/access-token.ts";
import type { Principal } from "../../auth/principal.ts";
import { isBatonError } from "../../errors/baton-error.ts";
import type { ApprovalRequestView } from "../approvals/approval-requests.ts";
import type { RateLimiter } from "../rate-limit.ts";
import { type CallOptions, callTool, errorResult } from "./call-tool.ts";
import { mcpRefusal } from "./hints.ts";
import { batonPrompts, getPrompt, promptOffered } from "./prompts.ts";
import { batonResources, CAMPAIGN_TEMPLATE, readResource, resourceTool } from "./resources.ts";
import type { McpTool, ToolContext } from "./tool.ts";
import { callerOf, checkAccess, mayCall } from "./tool-access.ts";
import { toolInputSchema, toolOutputSchema } from "./tool-schema.ts";
import { batonTools } from "./tools.ts";
import { waitingWords } from "./tools-approvals.ts";

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

/** The tools whose call may ask a person (a poll, get_approval_request, does not elicit again). */
const ASKING_TOOLS = new Set(["request_play_approval", "decide_reply", "request_automation_change"]);

export function createMcpServer(ctx: ToolContext, opts: McpServerOptions = {}): Server {
  const tools = opts.tools ?? batonTools;
  const server = new Server(
    { name: "baton", version: "0.1.0" },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  /** The principal of this request: checked again per request on stdio. */
  const principalCtx = async (): Promise<ToolContext> =>
    opts.authenticate ? { ...ctx, principal: await opts.authenticate() } : ctx;
  /**
   * The tools this principal's role may call (issue 58) and its scopes allow: tools/list shows only
   * these, and the prompts and resources are offered by them too (issue 71).
   */
  const callable = async (c: ToolContext): Promise<Set<string>> => {
    const caller = callerOf(c.db, c.principal);
    const allowed = await Promise.all(tools.map((t) => mayCall(t.name, caller)));
    return new Set(
      tools.filter((t, i) => allowed[i] && scopeAllows(c.principal, t.write)).map((t) => t.name),
    );
  };
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    // a refused token is a JSON-RPC error here (there is no tool result to carry it)
    const mine = await callable(await principalCtx());
    return {
      tools: tools
        .filter((t) => mine.has(t.name))
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
        return errorResult(e, request.params.name);
      }
    }
    const result = await callTool(tools, callCtx, request.params.name, request.params.arguments ?? {}, {
      headerKey: Array.isArray(header) ? header[0] : header,
      limiter: opts.limiter,
      idempotencyWaitMs: ctx.config.idempotencyWaitMs,
      logError: opts.logError,
      onCall: opts.onCall,
    });
    // a person's decision is needed (tools-approvals.ts): a client that declared URL elicitation
    // (MCP 2025-11-25) is sent to Baton's page with URLElicitationRequired; it retries the call once
    // the person decided, and the retry answers the outcome. Others read the input_required result.
    const asked = (
      result.structuredContent as { input_required?: boolean; approval_request?: ApprovalRequestView }
    )?.approval_request;
    const elicits = ASKING_TOOLS.has(request.params.name);
    if (
      elicits &&
      !result.isError &&
      asked?.status === "pending" &&
      server.getClientCapabilities()?.elicitation?.url
    )
      throw new UrlElicitationRequiredError(
        [{ mode: "url", elicitationId: asked.request_id, url: asked.url, message: waitingWords(asked) }],
        "A person's approval is needed: open the link, then call the tool again.",
      );
    return result;
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const mine = await callable(await principalCtx());
    return {
      resources: batonResources
        .filter((r) => mine.has(r.tool))
        .map(({ uri, name, title, description }) => ({
          uri,
          name,
          title,
          description,
          mimeType: "application/json",
        })),
    };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    const mine = await callable(await principalCtx());
    const { tool, ...template } = CAMPAIGN_TEMPLATE;
    return { resourceTemplates: mine.has(tool) ? [{ ...template, mimeType: "application/json" }] : [] };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const uri = request.params.uri;
    const c = await principalCtx();
    const tool = resourceTool(uri);
    const body = await (async () => {
      // a resource is read as its tool is called: by the roles that may call it
      if (tool) await checkAccess(tool, callerOf(c.db, c.principal));
      return readResource(c, uri);
    })().catch((e) => {
      // a refusal as a JSON-RPC error that names its code and what to do
      if (!isBatonError(e)) throw e;
      const refusal = mcpRefusal(errorBody(e), tool ?? "list_campaigns");
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
    const mine = await callable(await principalCtx());
    return {
      prompts: batonPrompts
        .filter((p) => promptOffered(p, (t) => mine.has(t)))
        .map(({ name, title, description, arguments: args }) => ({
          name,
          title,
          description,
          arguments: args,
        })),
    };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const mine = await callable(await principalCtx());
    const prompt = batonPrompts.find((p) => p.name === request.params.name);
    // a prompt not offered to this principal is as unknown as one that does not exist
    if (!prompt || !promptOffered(prompt, (t) => mine.has(t)))
      throw new McpError(ErrorCode.InvalidParams, `no prompt ${request.params.name}`);
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
