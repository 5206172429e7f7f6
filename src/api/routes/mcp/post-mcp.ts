// POST /mcp: MCP (Streamable HTTP, stateless): tools for agents; send the bearer token on every POST.
// Registered by mcp-routes.ts, with the registrar's 401 challenge hook.
import type { onSendHookHandler } from "fastify";
import { Type } from "typebox";
import { insufficientScopeChallenge } from "../../../auth/mcp-oauth/resource.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { errorBody } from "../../error-handler.ts";
import { largeBodyLimit } from "../../schemas.ts";
import { JsonRpcMessage } from "./common.ts";

export const postMcpRoute = (app: BatonApp, deps: AppDeps, challenge: onSendHookHandler) => {
  app.post(
    "/mcp",
    {
      onSend: challenge,
      // a JSON-RPC batch of tool calls
      bodyLimit: largeBodyLimit(deps.config),
      schema: {
        tags: ["agents"],
        summary: "MCP (Streamable HTTP, stateless): tools for agents; send the bearer token on every POST",
        body: Type.Union([JsonRpcMessage, Type.Array(JsonRpcMessage)]),
      },
    },
    async (req, reply) => {
      // the app's hook authenticated this route; a handler never serves tools to no one
      if (!req.principal) throw new BatonError("UNAUTHENTICATED", { reason: "missing" });
      // loaded on the first MCP call: the SDK and the tools cost ~0.3 s of every start otherwise
      const [
        { StreamableHTTPServerTransport },
        { createMcpServer, toolCallObserver, scopeShortfall, batonTools },
      ] = await Promise.all([
        import("@modelcontextprotocol/sdk/server/streamableHttp.js"),
        import("../../../agents/index.ts"),
      ]);
      // step-up (MCP 2025-11-25): a call the token's scopes do not allow is a 403 whose challenge
      // names the scopes to ask for; the client asks its person and retries (step-up.ts)
      const short = scopeShortfall(req.principal, req.body, batonTools);
      if (short) {
        const refusal = new BatonError("OAUTH_SCOPE_MISSING", {
          tool: short.tool,
          granted: req.principal.oauth?.scopes.join(" ") ?? "",
          required: short.needed,
        });
        return reply
          .code(403)
          .header(
            "www-authenticate",
            insufficientScopeChallenge(
              deps.config.publicUrl,
              req.principal.oauth?.scopes ?? [],
              short.needed,
              `${short.tool} needs ${short.needed}`,
            ),
          )
          .send({
            jsonrpc: "2.0",
            id: short.id,
            // an implementation-defined server error (JSON-RPC -32000..-32099): the call is forbidden
            error: { code: -32003, message: refusal.message, data: errorBody(refusal) },
          });
      }
      const server = createMcpServer(
        {
          db: deps.db,
          engine: deps.engine,
          principal: req.principal,
          config: deps.config,
          now: deps.now,
        },
        {
          logError: (err, tool) => req.log.error({ err, tool }, "MCP tool failed"),
          // one line per tools/call with its tool and duration, not only "POST /mcp" (issue 71 item 4)
          onCall: toolCallObserver((fields, msg) => req.log.info(fields, msg), deps.metrics),
        },
      );
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      reply.hijack();
      reply.raw.on("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req.raw, reply.raw, req.body);
    },
  );
};
