// The one place that reads the environment (STYLE.md: config is read once, validated, passed down).
import path from "node:path";
import { ConfigError } from "./config-error.ts";
import { type LlmConfig, llmConfig } from "./llm-config.ts";
import { type SalesforceConfig, salesforceConfig } from "./salesforce-config.ts";
import { type TracingConfig, tracingConfig } from "./tracing-config.ts";

/** Every variable read here is listed, with its default and meaning, in ENV_VARS (src/config/env-vars.ts). */
export { ENV_VARS } from "./env-vars.ts";
export { ConfigError };

export interface Config {
  /** postgres://… when set; otherwise the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Public base URL used in links (unsubscribe links, docs). */
  publicUrl: string;
  /** Seed demo data and print demo tokens at start. */
  demo: boolean;
  logLevel: string;
  /** Where every log line goes, warnings and errors also on the terminal; unset: stdout (log-destination.ts). */
  logFile: string | undefined;
  /** Secret for signing unsubscribe links and webhook payloads. */
  secret: string;
  /** Run the engine's dispatcher inside the server process. */
  runEngine: boolean;
  engineTickMs: number;
  /** Engine workers the server runs (BATON_ENGINE_WORKERS, 1–32; above 1 only on a PostgreSQL server). */
  engineWorkers: number;
  smtp:
    | { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string }
    | undefined;
  /** The LLM behind the drafter and the reply classifier (llm-config.ts, the LLM_* variables); undefined: none. */
  llm: LlmConfig | undefined;
  attio: { baseUrl: string; apiKey: string } | undefined;
  /** HubSpot as the CRM of record over OAuth2 (docs/adapters.md "HubSpot"): the public app's credentials. */
  hubspot: { clientId: string; clientSecret: string; apiUrl: string; authUrl: string } | undefined;
  /** Salesforce as the CRM (docs/adapters.md "Salesforce"): the Connected App and the REST API (salesforce-config.ts). */
  salesforce: SalesforceConfig | undefined;
  /** Per-principal token bucket (issue 6): burst size and refill per second; 0 burst disables. */
  rateLimit: { burst: number; perSecond: number };
  /** How long a retry waits for the first request with the same Idempotency-Key (ms). */
  idempotencyWaitMs: number;
  /**
   * How often the background pass looks for tenants whose reply model may learn (issue 72 item 2;
   * minutes, 0: never). BATON_REPLY_MODEL_TRAIN_MINUTES.
   */
  replyModelTrainMinutes: number;
  /** Mailbox ingester (IMAP, docs/mailboxes.md). */
  inbox: {
    /** run an inbox worker inside the server (BATON_INBOX) */
    run: boolean;
    pollMs: number;
    leaseMs: number;
    maxMailboxes: number;
    /** 4.x.x bounces in a row that suppress an address */
    softBounceLimit: number;
    /** BATON_MAILBOX_* variables: mailbox passwords stored as a reference to one of them */
    secretEnv: Record<string, string>;
  };
  /**
   * Retention (issue 15, docs/prospect-data.md): days after an enrollment ended before its replies,
   * drafts and message bodies are purged (0 keeps them), and years after retirement before an
   * archived play is purged (spec 000: 7), and days after a signal happened before it is deleted
   * (issue 69). BATON_RETENTION_*.
   */
  retention: {
    replyDays: number;
    draftDays: number;
    bodyDays: number;
    playYears: number;
    signalDays: number;
  };
  /** People's sessions (issue 11): idle and absolute lifetimes (ms). */
  session: { idleMs: number; absoluteMs: number };
  /** Email-link sign-in is offered (and demo sign-in is then off). */
  emailSignIn: boolean;
  /** API tokens (issue 11): default and maximum lifetime in days. */
  tokens: { defaultDays: number; maxDays: number };
  /** The schema owner's connection for migrations and 'baton db grant-runtime'; defaults to databaseUrl. */
  migrateDatabaseUrl: string | undefined;
  /**
   * /metrics (docs/operations.md): BATON_METRICS_TOKEN, a bearer token scrapers send; BATON_METRICS_PORT,
   * a listener of its own on HOST serving only /metrics. Neither: /metrics needs an admin's API token.
   */
  metrics: { token: string | undefined; port: number | undefined };
  /** Webhook address policy (issue 36 item 8): BATON_WEBHOOK_ALLOW_LOOPBACK lets webhooks reach loopback. */
  webhooks: { allowLoopback: boolean };
  /**
   * The MCP authorization server's fetches of Client ID Metadata Documents (docs/auth.md, issue 71
   * item 3) reach public https addresses only. Never read from the environment: tests set it in code
   * to name their stand-in hosts (host:port) that may be on this computer, the resolver that names
   * them and the certificate that signs them. Production has none, and no setting makes one.
   */
  oauthClientMetadataTestHosts?: OAuthClientMetadataTestHosts;
  /**
   * The HTTP server's limits (issue 36 item 9, docs/operations.md "Timeouts and body limits"): the
   * default body size (routes that need more say so), the time to receive a whole request and its
   * headers, a socket's idle time, and how long an idle keep-alive connection stays open (ms).
   */
  http: {
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    idleTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  /** OpenTelemetry traces over OTLP (tracing-config.ts, the OTEL_* variables); undefined: off. */
  tracing?: TracingConfig;
}

/** Test-only stand-in hosts of Client ID Metadata Documents (Config.oauthClientMetadataTestHosts). */
export interface OAuthClientMetadataTestHosts {
  /** host:port of each stand-in; its addresses may be loopback (127.0.0.0/8, ::1), nothing else */
  hosts: string[];
  /** the PEM certificate the stand-ins serve, trusted for them only */
  ca: string;
  /** every address a name resolves to (the stand-ins' names are not in the system's DNS) */
  lookup: (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

/** The secret of a clone that set none: public (it is in this file), so it signs nothing of worth. */
export const DEFAULT_SECRET = "baton-dev-secret-change-me";
/** A production BATON_SECRET has at least this many characters (e.g. `openssl rand -base64 48`). */
export const MIN_SECRET_LENGTH = 32;

/**
 * What is wrong with a BATON_SECRET for production, or undefined. The secret signs unsubscribe links
 * and keys the sealed secrets (DKIM keys, mailbox passwords, the IdP's client secret): with the
 * public default, anyone can forge an unsubscribe link (issue 36 item 11). Never says the value.
 */
export function secretProblem(secret: string): string | undefined {
  if (secret === DEFAULT_SECRET) return `is the public default ("${DEFAULT_SECRET}")`;
  if (secret.trim().length < MIN_SECRET_LENGTH)
    return `is ${secret.trim().length} characters long; it needs at least ${MIN_SECRET_LENGTH}`;
  return undefined;
}

/** The server's engine workers: one on the embedded database, whose one connection they would take in turns. */
function engineWorkers(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): number {
  const n = int(env, "BATON_ENGINE_WORKERS", 1, 1, 32);
  if (n > 1 && !databaseUrl)
    throw new ConfigError(
      `BATON_ENGINE_WORKERS=${n} needs DATABASE_URL: the embedded database has one connection, so the server runs one engine worker on it`,
    );
  return n;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = 65535 * 1000): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}; got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}"`);
}

/**
 * LOG_FILE: a path (relative to the working directory), or "-" for stdout. Unset: a file in demo
 * mode, where a newcomer's terminal filled with a JSON line per request (issue 60), and stdout
 * otherwise, where journald or a container's log driver keeps the lines.
 */
function logFile(env: NodeJS.ProcessEnv, cwd: string, demo: boolean): string | undefined {
  const given = env.LOG_FILE;
  if (given === "-") return undefined;
  if (given) return path.resolve(cwd, given);
  return demo ? path.resolve(cwd, ".baton/logs/server.log") : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// (got a value starting "${databaseUrl.slice(0, 12)}")`,
    );
  }
  const port = int(env, "PORT", 3000, 0, 65535);
  const host = env.HOST || "127.0.0.1";
  const smtpHost = env.SMTP_HOST;
  return {
    databaseUrl,
    dataDir: path.resolve(cwd, env.BATON_DATA_DIR || ".baton/data"),
    host,
    port,
    publicUrl: (env.BATON_PUBLIC_URL || `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`).replace(
      /\/$/,
      "",
    ),
    demo: bool(env, "BATON_DEMO", !databaseUrl),
    logLevel: env.LOG_LEVEL || "info",
    logFile: logFile(env, cwd, bool(env, "BATON_DEMO", !databaseUrl)),
    secret: env.BATON_SECRET || DEFAULT_SECRET,
    runEngine: bool(env, "BATON_ENGINE", true),
    engineTickMs: int(env, "BATON_ENGINE_TICK_MS", 1000, 10, 3_600_000),
    engineWorkers: engineWorkers(env, databaseUrl),
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: int(env, "SMTP_PORT", 587, 1, 65535),
          secure: bool(env, "SMTP_SECURE", false),
          user: env.SMTP_USER || undefined,
          pass: env.SMTP_PASS || undefined,
          from: env.SMTP_FROM || "baton@localhost",
        }
      : undefined,
    llm: llmConfig(env),
    attio: env.ATTIO_API_KEY
      ? { baseUrl: env.ATTIO_BASE_URL || "https://api.attio.com", apiKey: env.ATTIO_API_KEY }
      : undefined,
    hubspot: env.HUBSPOT_CLIENT_ID
      ? {
          clientId: env.HUBSPOT_CLIENT_ID,
          clientSecret: env.HUBSPOT_CLIENT_SECRET || "",
          apiUrl: (env.HUBSPOT_API_URL || "https://api.hubapi.com").replace(/\/$/, ""),
          authUrl: env.HUBSPOT_AUTH_URL || "https://app.hubspot.com/oauth/authorize",
        }
      : undefined,
    salesforce: salesforceConfig(env),
    rateLimit: {
      burst: int(env, "BATON_RATE_LIMIT_BURST", 1000, 0, 1_000_000),
      perSecond: int(env, "BATON_RATE_LIMIT_PER_SEC", 200, 1, 1_000_000),
    },
    idempotencyWaitMs: int(env, "BATON_IDEMPOTENCY_WAIT_MS", 15_000, 0, 600_000),
    replyModelTrainMinutes: int(env, "BATON_REPLY_MODEL_TRAIN_MINUTES", 360, 0, 10_080),
    inbox: {
      run: bool(env, "BATON_INBOX", true),
      pollMs: int(env, "BATON_INBOX_POLL_MS", 30_000, 100, 3_600_000),
      leaseMs: int(env, "BATON_INBOX_LEASE_MS", 60_000, 1000, 3_600_000),
      maxMailboxes: int(env, "BATON_INBOX_MAX_MAILBOXES", 50, 1, 100_000),
      softBounceLimit: int(env, "BATON_SOFT_BOUNCE_LIMIT", 3, 1, 1000),
      secretEnv: Object.fromEntries(
        Object.entries(env).filter((e): e is [string, string] => e[0].startsWith("BATON_MAILBOX_") && !!e[1]),
      ),
    },
    retention: {
      replyDays: int(env, "BATON_RETENTION_REPLY_DAYS", 730, 0, 36_500),
      draftDays: int(env, "BATON_RETENTION_DRAFT_DAYS", 180, 0, 36_500),
      bodyDays: int(env, "BATON_RETENTION_BODY_DAYS", 365, 0, 36_500),
      playYears: int(env, "BATON_RETENTION_PLAY_YEARS", 7, 7, 100),
      signalDays: int(env, "BATON_RETENTION_SIGNAL_DAYS", 395, 0, 36_500),
    },
    session: {
      idleMs: int(env, "BATON_SESSION_IDLE_MINUTES", 12 * 60, 1, 60 * 24 * 90) * 60_000,
      absoluteMs: int(env, "BATON_SESSION_ABSOLUTE_MINUTES", 7 * 24 * 60, 1, 60 * 24 * 365) * 60_000,
    },
    emailSignIn: bool(env, "BATON_EMAIL_SIGNIN", Boolean(smtpHost)),
    tokens: tokenDays(env),
    migrateDatabaseUrl: postgresUrl(env, "BATON_MIGRATE_DATABASE_URL") ?? databaseUrl,
    metrics: {
      token: env.BATON_METRICS_TOKEN || undefined,
      port: env.BATON_METRICS_PORT ? int(env, "BATON_METRICS_PORT", 0, 0, 65535) : undefined,
    },
    webhooks: { allowLoopback: bool(env, "BATON_WEBHOOK_ALLOW_LOOPBACK", false) },
    http: httpLimits(env),
    tracing: tracingConfig(env),
  };
}

function httpLimits(env: NodeJS.ProcessEnv): Config["http"] {
  const requestTimeoutMs = int(env, "BATON_HTTP_REQUEST_TIMEOUT_MS", 60_000, 100, 3_600_000);
  const headersTimeoutMs = int(env, "BATON_HTTP_HEADERS_TIMEOUT_MS", 10_000, 100, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      `BATON_HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) exceeds BATON_HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  return {
    bodyLimitBytes: int(env, "BATON_HTTP_BODY_LIMIT_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    requestTimeoutMs,
    headersTimeoutMs,
    idleTimeoutMs: int(env, "BATON_HTTP_IDLE_TIMEOUT_MS", 60_000, 100, 3_600_000),
    keepAliveTimeoutMs: int(env, "BATON_HTTP_KEEP_ALIVE_TIMEOUT_MS", 72_000, 100, 3_600_000),
  };
}

function tokenDays(env: NodeJS.ProcessEnv): { defaultDays: number; maxDays: number } {
  const maxDays = int(env, "BATON_TOKEN_MAX_DAYS", 365, 1, 3650);
  const defaultDays = int(env, "BATON_TOKEN_DEFAULT_DAYS", Math.min(90, maxDays), 1, 3650);
  if (defaultDays > maxDays) {
    throw new ConfigError(
      `BATON_TOKEN_DEFAULT_DAYS (${defaultDays}) exceeds BATON_TOKEN_MAX_DAYS (${maxDays})`,
    );
  }
  return { defaultDays, maxDays };
}

function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const url = env[name] || undefined;
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(`${name} must start with postgres:// (got a value starting "${url.slice(0, 12)}")`);
  }
  return url;
}
