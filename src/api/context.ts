import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { TxtResolver } from "../channels/index.ts";
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import type { DB } from "../db/database.ts";
import type { EngineDeps } from "../engine/index.ts";
import type { SnsTransport } from "../inbox/index.ts";
import type { Heartbeat, Metrics } from "../metrics/index.ts";

/** What every route module gets: the database, the config, the clock and the engine. */
export interface AppDeps {
  db: Kysely<DB>;
  database: Database;
  config: Config;
  /** Time is a parameter (STYLE.md); tests inject a clock. */
  now: () => Date;
  /**
   * The engine's wiring (coordinator, channels, CRM outbox), built once per process on first use by
   * the composition root (src/runtime/engine.ts buildAppDeps): the routes and MCP tools that record
   * touches and the in-process engine job share it.
   */
  engine: () => Promise<EngineDeps>;
  /** Counters, gauges and histograms (src/metrics); absent: nothing is counted and /metrics is 404. */
  metrics?: Metrics;
  /** The in-process engine loop's heartbeat, for /readyz (set when the engine runs in this process). */
  engineHeartbeat?: Heartbeat;
  /** How SNS signing certificates and SubscribeURLs are fetched (default: https from sns.<region>.amazonaws.com only; tests inject a stand-in). */
  snsTransport?: SnsTransport;
  /** How the sending domains' SPF, DKIM and DMARC records are read (default: the system resolver; tests a local DNS server). */
  resolveTxt?: TxtResolver;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a bearer token (health, docs, the one-click unsubscribe page). */
    public?: boolean;
  }
}

export type BatonApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export type RouteModule = (app: BatonApp, deps: AppDeps) => Promise<void> | void;
