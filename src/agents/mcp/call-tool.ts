// One tool call: check the role (tool-access.ts), validate the arguments against the route's
// schema, run once per Idempotency-Key, and answer with the same data the HTTP API gives: the
// result, or the refusal's {code, message, rule, facts, next_action, status} as structured content
// and as text, its next_action naming MCP tools (hints.ts).
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { errorBody, toBatonError } from "../../api/error-handler.ts";
import { requireScope } from "../../auth/mcp-oauth/access-token.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { inSpan } from "../../tracing/index.ts";
import { requestHash, runIdempotent } from "../idempotency.ts";
import type { RateLimiter } from "../rate-limit.ts";
import type { ToolCallRecord } from "./call-record.ts";
import { mcpRefusal } from "./hints.ts";
import type { McpTool, ToolContext } from "./tool.ts";
import { callerOf, checkAccess } from "./tool-access.ts";
import { validateToolArgs } from "./tool-schema.ts";

export interface CallOptions {
  /** Over HTTP the Idempotency-Key header of the POST; the idempotency_key argument wins. */
  headerKey?: string;
  /** stdio counts each call against the principal's bucket (HTTP counts the POST). */
  limiter?: RateLimiter;
  idempotencyWaitMs: number;
  /** Where unexpected (5xx) errors are logged; never the arguments (they may hold personal data). */
  logError?: (err: unknown, tool: string) => void;
  /** Told of every call when it ends: its tool, principal, outcome and duration (call-record.ts). */
  onCall?: (record: ToolCallRecord) => void;
}

function asResult(body: unknown, isError: boolean, tool: string): CallToolResult {
  // structuredContent must be an object: lists come wrapped as {items}
  const structured =
    body && typeof body === "object" && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : { items: body ?? null };
  // a refusal (a replayed one too) names the MCP tool to call next, not an HTTP route
  if (isError) Object.assign(structured, mcpRefusal(structured, tool));
  return {
    content: [{ type: "text", text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
    ...(isError ? { isError: true } : {}),
  };
}

/** The MCP result of a refusal: exactly the HTTP error body. */
export function errorResult(e: unknown, tool: string): CallToolResult {
  return asResult(errorBody(toBatonError(e)), true, tool);
}

export async function callTool(
  tools: readonly McpTool[],
  ctx: ToolContext,
  name: string,
  rawArgs: unknown,
  opts: CallOptions,
): Promise<CallToolResult> {
  const started = performance.now();
  const tool = tools.some((t) => t.name === name) ? name : "unknown";
  // a span per call when tracing is on (issue 71 item 4): the tool, the caller's ids and the outcome,
  // never the arguments or the result
  const attributes = {
    "mcp.method.name": "tools/call",
    "gen_ai.tool.name": tool,
    "baton.tenant_id": ctx.principal.clientId,
    "baton.principal_id": ctx.principal.principalId,
    "baton.agent_id": ctx.principal.agentId,
  };
  return inSpan(`tools/call ${tool}`, attributes, async (span) => {
    const result = await runTool(tools, ctx, name, rawArgs, opts);
    const error = result.isError ? (result.structuredContent as any)?.error : undefined;
    const outcome = result.isError ? String(error?.code ?? "ERROR") : "ok";
    const status = result.isError ? Number(error?.status ?? 500) : undefined;
    span.set({ "baton.outcome": outcome, "error.type": result.isError ? outcome : undefined });
    opts.onCall?.({
      tool,
      principalId: ctx.principal.principalId,
      outcome,
      ...(status !== undefined ? { status } : {}),
      durationMs: performance.now() - started,
    });
    return result;
  });
}

async function runTool(
  tools: readonly McpTool[],
  ctx: ToolContext,
  name: string,
  rawArgs: unknown,
  opts: CallOptions,
): Promise<CallToolResult> {
  try {
    if (opts.limiter) {
      const d = await opts.limiter.take(ctx.principal);
      if (!d.allowed) throw new BatonError("RATE_LIMITED", { retry_after_s: d.retryAfterS });
    }
    const tool = tools.find((t) => t.name === name);
    if (!tool) throw new BatonError("MCP_TOOL_UNKNOWN", { tool: name });
    // the role before the arguments (issue 58): a call the role may never make is refused as such,
    // not with VALIDATION_FAILED's invitation to fix it
    // a client signed in with OAuth: the scopes its person granted (mcp:read, mcp:write; issue 61),
    // then the person's role
    requireScope(ctx.principal, tool.name, tool.write);
    await checkAccess(tool.name, callerOf(ctx.db, ctx.principal));
    const { idempotency_key, ...args } = validateToolArgs(tool, rawArgs);
    const key = (idempotency_key as string | undefined) ?? opts.headerKey;
    if (!tool.write || !key) return asResult(await tool.run(ctx, args as any), false, name);
    const out = await runIdempotent(
      ctx.db,
      {
        principal: ctx.principal,
        key,
        method: "MCP",
        path: `tools/${tool.name}`,
        requestHash: requestHash("MCP", `tools/${tool.name}`, args),
      },
      ctx.now,
      opts.idempotencyWaitMs,
      () => tool.run(ctx, args as any),
    );
    return asResult(out.body, out.status >= 400, name);
  } catch (e) {
    const result = errorResult(e, name);
    if ((result.structuredContent as any)?.error?.status >= 500) opts.logError?.(e, name);
    return result;
  }
}
