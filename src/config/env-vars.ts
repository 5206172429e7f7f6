// The environment reference: every variable src/config/config.ts reads, with its default and meaning.
/**
 * Every environment variable Baton reads. The reference in docs/operations.md is generated from this
 * list (npm run docs:env); test/foundation/env-doc.test.ts fails when src/config/config.ts reads a
 * variable not listed here, or when the document is out of date. Adding a variable: add its entry
 * (name, default as text, meaning), then run npm run docs:env. A name ending in * is a prefix.
 */
export const ENV_VARS: readonly { name: string; default: string; meaning: string }[] = [
  {
    name: "DATABASE_URL",
    default: "(unset: embedded PGlite)",
    meaning:
      "PostgreSQL connection URL (postgres://…). Unset: the embedded PGlite database in BATON_DATA_DIR.",
  },
  {
    name: "BATON_MIGRATE_DATABASE_URL",
    default: "DATABASE_URL",
    meaning:
      "Connection of the schema owner, used for migrations and `baton db grant-runtime` (see Database roles).",
  },
  {
    name: "BATON_DATA_DIR",
    default: ".baton/data",
    meaning:
      "PGlite data directory (relative to the working directory). One process at a time (lock file beside it).",
  },
  { name: "HOST", default: "127.0.0.1", meaning: "Interface the HTTP server listens on (0.0.0.0 for all)." },
  { name: "PORT", default: "3000", meaning: "HTTP port (0: any free port)." },
  {
    name: "BATON_PUBLIC_URL",
    default: "http://HOST:PORT",
    meaning: "Public base URL used in links (unsubscribe links, sign-in links, docs).",
  },
  {
    name: "BATON_DEMO",
    default: "true on PGlite, false with DATABASE_URL",
    meaning: "Seed the demo tenant and print demo tokens at start.",
  },
  {
    name: "BATON_CHECK_TEMPLATES",
    default: "(unset)",
    meaning:
      "1: check each of the coordinator's prepared statement templates against its builder on every call (the tests set it; it costs a build per call).",
  },
  { name: "LOG_LEVEL", default: "info", meaning: "pino log level (fatal, error, warn, info, debug, trace)." },
  {
    name: "LOG_FILE",
    default: "(demo mode: .baton/logs/server.log; otherwise -)",
    meaning:
      "Where the server's log lines go (relative to the working directory); warnings and errors also reach the terminal. Capped at 10 MB, the previous file kept as <file>.1. `-`: every line to stdout (for journald or a container).",
  },
  {
    name: "BATON_SECRET",
    default: "baton-dev-secret-change-me",
    meaning:
      "Secret that signs unsubscribe links and keys the sealed secrets (DKIM keys, mailbox passwords). The server refuses to start outside demo mode while it is the default or shorter than 32 characters.",
  },
  {
    name: "BATON_ENGINE",
    default: "true",
    meaning:
      "Run the engine and the background jobs inside the server. false when separate `baton engine work` processes run.",
  },
  {
    name: "BATON_ENGINE_TICK_MS",
    default: "1000",
    meaning: "Pause between idle engine passes (ms, 10–3600000).",
  },
  {
    name: "BATON_ENGINE_WORKERS",
    default: "1",
    meaning:
      "Engine workers the server runs in its own process (1–32), each claiming on its own, as `baton engine work --concurrency` does. Above 1 needs DATABASE_URL.",
  },
  {
    name: "SMTP_HOST",
    default: "(unset: dev channel)",
    meaning: "SMTP server for outbound email. Unset: email is recorded in the database, not sent.",
  },
  { name: "SMTP_PORT", default: "587", meaning: "SMTP port." },
  {
    name: "SMTP_SECURE",
    default: "false",
    meaning: "Implicit TLS (port 465); otherwise STARTTLS when offered.",
  },
  { name: "SMTP_USER", default: "(unset)", meaning: "SMTP user name." },
  { name: "SMTP_PASS", default: "(unset)", meaning: "SMTP password." },
  { name: "SMTP_FROM", default: "baton@localhost", meaning: "Default From address." },
  {
    name: "LLM_BASE_URL",
    default: "(unset: no LLM drafter, rule reply classifier)",
    meaning:
      "Base URL of the LLM API used for drafting and for classifying replies (the rules its fallback). With LLM_API=openai it includes the API version (https://api.openai.com/v1, http://localhost:11434/v1); Baton appends /chat/completions and nothing else.",
  },
  {
    name: "LLM_API",
    default: "anthropic",
    meaning:
      "Protocol of the LLM endpoint: anthropic (the Messages API) or openai (chat completions: OpenAI, Ollama, vLLM, gateways; docs/llm.md).",
  },
  {
    name: "LLM_API_KEY",
    default: "(empty)",
    meaning:
      "API key of the LLM endpoint (openai: sent as a bearer token when set; to Azure OpenAI's hosts as the api-key header).",
  },
  {
    name: "LLM_MODEL",
    default: "claude-sonnet-4-5 (required with LLM_API=openai)",
    meaning: "Model name sent to the LLM endpoint.",
  },
  {
    name: "LLM_MAX_TOKENS_FIELD",
    default: "max_completion_tokens",
    meaning:
      "With LLM_API=openai, the request field of the output limit: max_completion_tokens (OpenAI, Azure, Gemini, vLLM) or max_tokens (Ollama, older servers; docs/llm.md).",
  },
  {
    name: "ATTIO_API_KEY",
    default: "(unset: built-in CRM)",
    meaning: "Attio API key; set, the CRM outbox writes to Attio.",
  },
  { name: "ATTIO_BASE_URL", default: "https://api.attio.com", meaning: "Attio API base URL." },
  {
    name: "HUBSPOT_CLIENT_ID",
    default: "(unset)",
    meaning:
      "Client id of Baton's HubSpot app; set (and ATTIO_API_KEY unset), HubSpot is the CRM of record, connected per workspace over OAuth2 (docs/adapters.md).",
  },
  {
    name: "HUBSPOT_CLIENT_SECRET",
    default: "(unset)",
    meaning:
      "Client secret of the HubSpot app: exchanges and refreshes tokens, and verifies HubSpot's webhook signatures.",
  },
  {
    name: "HUBSPOT_API_URL",
    default: "https://api.hubapi.com",
    meaning: "HubSpot API base URL (REST and OAuth token endpoint).",
  },
  {
    name: "HUBSPOT_AUTH_URL",
    default: "https://app.hubspot.com/oauth/authorize",
    meaning: "HubSpot's OAuth2 authorization page, where a revops user grants Baton access.",
  },
  {
    name: "SALESFORCE_CLIENT_ID",
    default: "(unset: no Salesforce)",
    meaning:
      "Consumer key of the Salesforce Connected App; set (and no Attio or HubSpot), the CRM outbox writes to each tenant's connected Salesforce org.",
  },
  {
    name: "SALESFORCE_CLIENT_SECRET",
    default: "(none)",
    meaning: "Consumer secret of the Connected App (never logged).",
  },
  {
    name: "SALESFORCE_LOGIN_URL",
    default: "https://login.salesforce.com",
    meaning:
      "Salesforce login server for the OAuth flow (https://test.salesforce.com for sandboxes, or a My Domain URL).",
  },
  {
    name: "SALESFORCE_API_VERSION",
    default: "68.0",
    meaning:
      "Salesforce REST API version (/services/data/vNN.0): NN.0, 31.0 or later (older versions are retired); unset, the current one (Winter '27).",
  },
  {
    name: "SALESFORCE_LIFECYCLE_FIELD",
    default: "(unset: not read)",
    meaning: "API name of a Contact field read back as the lifecycle stage (e.g. Lifecycle_Stage__c).",
  },
  {
    name: "BATON_RATE_LIMIT_BURST",
    default: "1000",
    meaning: "Per-principal token bucket size (0 disables rate limiting).",
  },
  {
    name: "BATON_RATE_LIMIT_PER_SEC",
    default: "200",
    meaning: "Per-principal token bucket refill per second.",
  },
  {
    name: "BATON_IDEMPOTENCY_WAIT_MS",
    default: "15000",
    meaning: "How long a retry waits for the first request with the same Idempotency-Key (ms).",
  },
  { name: "BATON_INBOX", default: "true", meaning: "Run the mailbox ingester (IMAP) inside the server." },
  { name: "BATON_INBOX_POLL_MS", default: "30000", meaning: "Mailbox poll interval (ms)." },
  {
    name: "BATON_INBOX_LEASE_MS",
    default: "60000",
    meaning: "Lease a worker holds on a mailbox while reading it (ms).",
  },
  { name: "BATON_INBOX_MAX_MAILBOXES", default: "50", meaning: "Most mailboxes one ingester reads." },
  {
    name: "BATON_SOFT_BOUNCE_LIMIT",
    default: "3",
    meaning: "4.x.x bounces in a row that suppress an address.",
  },
  {
    name: "BATON_MAILBOX_*",
    default: "(unset)",
    meaning:
      "Mailbox secrets referenced by name from a mailbox (passwords, OAuth2 refresh tokens), and the OAuth2 client settings BATON_MAILBOX_GOOGLE_* and BATON_MAILBOX_MICROSOFT_* (docs/mailboxes.md).",
  },
  {
    name: "BATON_SESSION_IDLE_MINUTES",
    default: "720",
    meaning: "A person's session ends after this long without use (minutes).",
  },
  {
    name: "BATON_SESSION_ABSOLUTE_MINUTES",
    default: "10080",
    meaning: "A person's session ends this long after sign-in (minutes).",
  },
  {
    name: "BATON_EMAIL_SIGNIN",
    default: "true when SMTP_HOST is set",
    meaning: "Offer email-link sign-in (demo sign-in is then off).",
  },
  {
    name: "BATON_TOKEN_DEFAULT_DAYS",
    default: "90 (at most BATON_TOKEN_MAX_DAYS)",
    meaning: "Lifetime of a new API token (days).",
  },
  {
    name: "BATON_TOKEN_MAX_DAYS",
    default: "365",
    meaning: "Longest lifetime an API token may be given (days).",
  },
  {
    name: "BATON_REPLY_MODEL_TRAIN_MINUTES",
    default: "360",
    meaning:
      "How often (minutes) the server trains a tenant's reply model on its people's triage decisions, for tenants with 20 new decisions since the last version (0: never).",
  },
  {
    name: "BATON_RETENTION_REPLY_DAYS",
    default: "730",
    meaning: "Days after an enrollment ended before its replies are purged (0 keeps them).",
  },
  {
    name: "BATON_RETENTION_DRAFT_DAYS",
    default: "180",
    meaning: "Days after an enrollment ended before its drafts are purged (0 keeps them).",
  },
  {
    name: "BATON_RETENTION_BODY_DAYS",
    default: "365",
    meaning: "Days after an enrollment ended before its message bodies are purged (0 keeps them).",
  },
  {
    name: "BATON_RETENTION_PLAY_YEARS",
    default: "7",
    meaning: "Years after retirement before an archived play is purged (at least 7, spec 000).",
  },
  {
    name: "BATON_RETENTION_SIGNAL_DAYS",
    default: "395",
    meaning:
      "Days after a signal happened before it is deleted (0 keeps them; the contacts' last signal dates stay).",
  },
  {
    name: "BATON_METRICS_TOKEN",
    default: "(unset)",
    meaning:
      "Bearer token Prometheus scrapers send to /metrics. Unset (and no BATON_METRICS_PORT): /metrics needs an admin's API token.",
  },
  {
    name: "BATON_METRICS_PORT",
    default: "(unset)",
    meaning: "A listener of its own on HOST that serves only /metrics.",
  },
  {
    name: "OTEL_TRACES_EXPORTER",
    default: "(unset: off, unless an OTLP endpoint is set)",
    meaning:
      "otlp: export OpenTelemetry traces over OTLP/HTTP (see Traces); none: no traces. Other exporters (console, zipkin) stop the start with a message.",
  },
  {
    name: "OTEL_EXPORTER_OTLP_ENDPOINT",
    default: "(unset; with OTEL_TRACES_EXPORTER=otlp: http://localhost:4318)",
    meaning:
      "The OTLP/HTTP collector's base URL; spans go to {it}/v1/traces. Set (and OTEL_TRACES_EXPORTER unset), it turns traces on.",
  },
  {
    name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    default: "(unset)",
    meaning:
      "The traces URL itself (used as given, no /v1/traces appended); wins over OTEL_EXPORTER_OTLP_ENDPOINT.",
  },
  {
    name: "OTEL_EXPORTER_OTLP_PROTOCOL",
    default: "http/protobuf",
    meaning: "http/protobuf or http/json (gRPC is not built in and stops the start).",
  },
  {
    name: "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
    default: "OTEL_EXPORTER_OTLP_PROTOCOL",
    meaning: "The traces' protocol, when it differs from OTEL_EXPORTER_OTLP_PROTOCOL.",
  },
  {
    name: "OTEL_SERVICE_NAME",
    default: "baton",
    meaning:
      "service.name of the spans. The SDK's own variables apply too: OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_TRACES_SAMPLER(_ARG), OTEL_BSP_*.",
  },
  {
    name: "OTEL_SDK_DISABLED",
    default: "false",
    meaning: "true: no traces whatever the other OTEL_* variables say.",
  },
  {
    name: "BATON_WEBHOOK_ALLOW_LOOPBACK",
    default: "false",
    meaning:
      "true: webhooks may reach loopback addresses (127.0.0.0/8, ::1), for a receiver on the same machine in development and tests. Every other internal range stays refused (see Webhook address policy).",
  },
  {
    name: "BATON_HTTP_BODY_LIMIT_BYTES",
    default: "1048576 (1 MiB)",
    meaning:
      "Largest request body a route takes unless it states its own (campaign definitions, /mcp and bulk enrollment take 4 MiB, imports 64 MiB). Larger: 413.",
  },
  {
    name: "BATON_HTTP_REQUEST_TIMEOUT_MS",
    default: "60000",
    meaning:
      "Time to receive a whole request, headers and body; a connection that trickles its body is closed after it (408).",
  },
  {
    name: "BATON_HTTP_HEADERS_TIMEOUT_MS",
    default: "10000",
    meaning: "Time to receive a request's headers (at most BATON_HTTP_REQUEST_TIMEOUT_MS).",
  },
  {
    name: "BATON_HTTP_IDLE_TIMEOUT_MS",
    default: "60000",
    meaning: "A socket with no bytes in either direction for this long is closed.",
  },
  {
    name: "BATON_HTTP_KEEP_ALIVE_TIMEOUT_MS",
    default: "72000",
    meaning:
      "An idle keep-alive connection stays open this long after a response (keep it above a load balancer's idle timeout).",
  },
  {
    name: "BATON_TOKEN",
    default: "(unset)",
    meaning: "CLI only: the API token `baton` commands act as (or --token).",
  },
];

export const ENV_DOC_BEGIN = "<!-- env:begin -->";
export const ENV_DOC_END = "<!-- env:end -->";

/** The markdown between ENV_DOC_BEGIN and ENV_DOC_END in docs/operations.md. */
export function renderEnvReference(): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    "Generated from `src/config/env-vars.ts` by `npm run docs:env`; do not edit by hand.",
    "",
    "| variable | default | meaning |",
    "|---|---|---|",
    ...ENV_VARS.map((v) => `| \`${v.name}\` | ${cell(v.default)} | ${cell(v.meaning)} |`),
  ];
  return lines.join("\n");
}

/** docs/operations.md with its generated section replaced by the current reference. */
export function withEnvReference(doc: string): string {
  const begin = doc.indexOf(ENV_DOC_BEGIN);
  const end = doc.indexOf(ENV_DOC_END);
  if (begin < 0 || end < begin) throw new Error(`docs/operations.md lacks ${ENV_DOC_BEGIN} … ${ENV_DOC_END}`);
  return `${doc.slice(0, begin + ENV_DOC_BEGIN.length)}\n${renderEnvReference()}\n${doc.slice(end)}`;
}
