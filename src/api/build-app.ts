// build() vs listen(): tests drive the app through app.inject(); src/main.ts listens.
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify from "fastify";
import type { DestinationStream } from "pino";
import { registerAgentHooks } from "../agents/index.ts";
import { authenticateAccessToken, isApiToken } from "../auth/mcp-oauth/access-token.ts";
import { oauthProvider, providerOptions } from "../auth/mcp-oauth/provider.ts";
import { authenticate } from "../auth/tokens.ts";
import { onceMoreIfLost } from "../db/lost-connection.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { AppDeps, BatonApp } from "./context.ts";
import { errorHandler } from "./error-handler.ts";
import { registerInputGuards } from "./input-guards.ts";
import { type ValidatorPool, validatorPool } from "./json-validator.ts";
import { lazySerializerFactory, lazyValidator } from "./lazy-compilers.ts";
import { LOG_REDACT_PATHS, requestIdOf, serializeRequest } from "./log-options.ts";
import { finishOpenApiDocument } from "./openapi/finish-document.ts";
import { routeModules } from "./register-routes.ts";
import { registerRequestInstruments } from "./request-instruments.ts";
import { registerRequestTracing } from "./request-tracing.ts";
import { registerLostConnectionRetry } from "./retry-lost-connection.ts";
import { ErrorResponse } from "./schemas.ts";
import { authenticateSession, sessionCookieOf } from "./session-auth.ts";
import { registerWebSecurity } from "./web-security.ts";

export interface BuildOptions {
  /** `stream`: where the JSON lines go (tests capture them; default stdout). */
  logger?: boolean | { level: string; stream?: DestinationStream };
}

function loggerOptions(deps: AppDeps, opts: BuildOptions) {
  if (opts.logger === false || opts.logger === undefined) return false;
  return {
    level: typeof opts.logger === "object" ? opts.logger.level : deps.config.logLevel,
    // never log secrets, bodies or addresses (log-options.ts; a test pins the list)
    redact: [...LOG_REDACT_PATHS],
    serializers: { req: serializeRequest },
    ...(typeof opts.logger === "object" && opts.logger.stream ? { stream: opts.logger.stream } : {}),
  };
}

export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<BatonApp> {
  const app = Fastify({
    logger: loggerOptions(deps, opts),
    // an incoming X-Request-Id when well-formed, else a new one; echoed in the response
    genReqId: requestIdOf,
    // issue 36 item 9: a default body limit (routes that need more state their own), and timeouts
    // that close a connection trickling its headers or body, or idling (docs/operations.md)
    bodyLimit: deps.config.http.bodyLimitBytes,
    requestTimeout: deps.config.http.requestTimeoutMs,
    connectionTimeout: deps.config.http.idleTimeoutMs,
    keepAliveTimeout: deps.config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: deps.config.http.headersTimeoutMs,
      // node checks the two timeouts above on this interval (30 s by default)
      connectionsCheckingInterval: Math.min(
        5_000,
        Math.max(
          50,
          Math.floor(Math.min(deps.config.http.requestTimeoutMs, deps.config.http.headersTimeoutMs) / 4),
        ),
      ),
    },
    // a malformed URL (bad percent-encoding) gets the registry's error body, not fastify's
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
    // response serializers compile on each route's first response (lazy-compilers.ts)
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as BatonApp;

  // JSON bodies are validated as sent; only the query string and path parameters (text by nature)
  // are coerced. Coercing bodies turned a null into "" or 0 wherever a field is "string | null".
  // Validators compile on the route's first request, after every module added its shared schemas,
  // once per process for those schemas (json-validator.ts validatorPool).
  let pool: ValidatorPool | undefined;
  app.setValidatorCompiler(({ schema, httpPart }) =>
    lazyValidator(() => {
      pool ??= validatorPool(app.getSchemas());
      return pool.compile(schema as object, httpPart === "body");
    }),
  );
  app.addSchema(ErrorResponse);
  // a NUL in the URL or a JSON string, JSON nested too deep: 400 before any handler (issue 36 item 10)
  registerInputGuards(app);
  app.setErrorHandler(errorHandler);
  // a read or an idempotent write that lost its database connection runs once more (issue 58)
  registerLostConnectionRetry(app);
  app.setNotFoundHandler((request, reply) =>
    errorHandler(
      new BatonError("NOT_FOUND", { entity: "Route", id: `${request.method} ${request.url.split("?")[0]}` }),
      request,
      reply,
    ),
  );

  // the OpenAPI document and its viewer (registered by @fastify/swagger-ui) are public
  app.addHook("onRoute", (route) => {
    if (route.url === "/docs" || route.url.startsWith("/docs/"))
      route.config = { ...(route.config ?? {}), public: true };
  });

  // helmet (CSP without inline script) on every response, and the session cookie (issue 11)
  await registerWebSecurity(app, deps);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Baton API",
        version: "0.1.0",
        description:
          "Governed outreach orchestration. Every call carries 'Authorization: Bearer <token>'. " +
          "Every refusal has a stable code (see ErrorResponse).",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // operationIds, tags, servers and shared refusals, derived for every route (issue 38 item 3)
    transformObject: (documentObject) =>
      "openapiObject" in documentObject
        ? finishOpenApiDocument(documentObject.openapiObject, { publicUrl: deps.config.publicUrl })
        : documentObject.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  app.decorateRequest("principal", null as any);
  // Authentication is decided on the route the router matched, never on the raw URL (issue 36
  // item 6): the router decodes "/%61pi/v1/me" to /api/v1/me, so a prefix test on request.url let
  // such requests reach handlers with no principal. Every matched route needs a principal unless
  // it says `config: { public: true }`; an unmatched URL reaches only the 404 handler.
  // a span per request when tracing is on (request-tracing.ts), before authentication: its lookups are its children
  registerRequestTracing(app);
  app.addHook("onRequest", async (request) => {
    if (request.routeOptions.url === undefined || request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    // people in the workspace: a session cookie (CSRF-checked on writes); bearer tokens win
    const sessionId = header ? undefined : sessionCookieOf(request, deps);
    // authenticating is safe to repeat: once more after a lost connection (issue 58)
    if (sessionId) {
      request.principal = await onceMoreIfLost(() => authenticateSession(request, deps, sessionId));
      return;
    }
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    // an MCP client's OAuth access token is for /mcp only (its audience); API tokens go anywhere
    if (token && !isApiToken(token) && request.routeOptions.url === "/mcp") {
      const provider = await oauthProvider(providerOptions(deps.db, deps.config));
      request.principal = await onceMoreIfLost(() =>
        authenticateAccessToken(provider, deps.db, deps.config.publicUrl, token, deps.now()),
      );
      return;
    }
    request.principal = await onceMoreIfLost(() => authenticate(deps.db, token, deps.now()));
  });
  // rate limits per principal and Idempotency-Key on writes (issue 6)
  registerAgentHooks(app, deps);
  // request ids in responses, HTTP duration metrics, /healthz, /readyz and /metrics (issue 10)
  registerRequestInstruments(app, deps);

  app.get(
    "/api/health",
    {
      config: { public: true },
      schema: { tags: ["system"], summary: "Liveness and the database kind", security: [] },
    },
    async () => ({ ok: true, database: deps.database.kind }),
  );

  for (const register of routeModules) {
    await register(app, deps);
  }
  return app;
}
