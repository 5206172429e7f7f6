// Every metric Baton exports, in one place: its name, kind, labels and meaning. Domain code counts
// through the Metrics interface (metrics.ts) by these names; docs/operations.md lists them.
export const METRICS = {
  baton_http_request_duration_seconds: {
    kind: "histogram",
    help: "HTTP request duration by method, route pattern and status code",
    labels: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  baton_engine_due_backlog: {
    kind: "gauge",
    help: "Work due now and not yet done: enrollments whose step is due (kind=steps), approved email due (kind=sends)",
    labels: ["kind"],
  },
  baton_engine_steps_claimed_total: {
    kind: "counter",
    help: "Due enrollments claimed by engine passes",
    labels: [],
  },
  baton_engine_steps_executed_total: {
    kind: "counter",
    help: "Steps executed (a send item created and drafted)",
    labels: [],
  },
  baton_engine_steps_gated_total: {
    kind: "counter",
    help: "Steps the coordinator did not allow, by action (hold, queue, block) and gate reason",
    labels: ["action", "reason"],
  },
  baton_engine_sends_total: {
    kind: "counter",
    help: "Send items handled, by outcome (sent, held, blocked, deferred, retry, failed, unknown)",
    labels: ["outcome"],
  },
  baton_engine_send_unknown_outcomes_total: {
    kind: "counter",
    help: "Sends whose result was never recorded (ledger 'sending' after a crash); not resent, check by hand",
    labels: [],
  },
  baton_engine_send_lag_seconds: {
    kind: "histogram",
    help: "From the time a message was due (its scheduled_at, set from the step's next_send_at) to sent",
    labels: [],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  },
  baton_engine_lease_takeovers_total: {
    kind: "counter",
    help: "Rows claimed whose previous lease (another or a dead worker's) had run out, by table",
    labels: ["table"],
  },
  baton_engine_errors_total: {
    kind: "counter",
    help: "Errors inside engine passes (a step, a send batch, drafting, finishing)",
    labels: [],
  },
  baton_engine_last_pass_timestamp_seconds: {
    kind: "gauge",
    help: "Unix time of the in-process engine loop's last finished pass",
    labels: [],
  },
  baton_crm_outbox_depth: {
    kind: "gauge",
    help: "CRM outbox rows by status (pending, dead)",
    labels: ["status"],
  },
  baton_crm_outbox_retries_total: {
    kind: "counter",
    help: "CRM writes that failed and were scheduled again",
    labels: [],
  },
  baton_crm_outbox_dead_total: {
    kind: "counter",
    help: "CRM writes given up (permanent failure or attempts exhausted)",
    labels: [],
  },
  baton_webhook_delivery_failures_total: {
    kind: "counter",
    help: "Notification webhook deliveries that failed, by what follows (retrying, failed = given up)",
    labels: ["outcome"],
  },
  baton_notification_drain_failures_total: {
    kind: "counter",
    help: "Notification outbox drain passes that failed as a whole (the database refused a claim or a status write); what they claimed is retried when the lease ends",
    labels: ["outcome"],
  },
  baton_notifications_pending: {
    kind: "gauge",
    help: "Notification webhook deliveries waiting (status pending)",
    labels: [],
  },
  baton_inbox_messages_total: {
    kind: "counter",
    help: "Messages read from mailboxes over IMAP, by kind (reply, auto_reply, hard_bounce, soft_bounce, sender_fault_bounce, complaint, untrusted, unmatched)",
    labels: ["kind"],
  },
  baton_inbox_complaints_total: {
    kind: "counter",
    help: "Spam complaints (ARF feedback reports) that proved one of our sends; each suppressed the complainant",
    labels: [],
  },
  baton_mailbox_complaint_rate: {
    kind: "gauge",
    help: "A sending mailbox's complaint rate over its last 1,000 sends (0.003 = 0.3 %, where it pauses itself); set at each complaint",
    labels: ["mailbox"],
  },
  baton_mailbox_paused_total: {
    kind: "counter",
    help: "Sending mailboxes that paused themselves, by reason (complaint_rate)",
    labels: ["reason"],
  },
  baton_inbox_sync_errors_total: {
    kind: "counter",
    help: "Mailbox sessions that failed (login, connection, IMAP errors); the mailbox shows the last one",
    labels: [],
  },
  baton_db_pool_connections: {
    kind: "gauge",
    help: "Database pool connections by state (total, idle, waiting = callers queued for one)",
    labels: ["state"],
  },
  baton_mcp_tool_calls_total: {
    kind: "counter",
    help: "MCP tools/call requests by tool (unknown = a name not in the list) and outcome (ok, refused = a 4xx refusal, error = 5xx)",
    labels: ["tool", "outcome"],
  },
  baton_mcp_tool_errors_total: {
    kind: "counter",
    help: "MCP tools/call refusals and errors by tool and the registry's code (VALIDATION_FAILED, FORBIDDEN_ROLE, ...: a bounded set)",
    labels: ["tool", "code"],
  },
  baton_mcp_tool_call_duration_seconds: {
    kind: "histogram",
    help: "MCP tools/call duration by tool, from the role check to the result",
    labels: ["tool"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  baton_llm_calls_total: {
    kind: "counter",
    help: "Calls to the LLM by purpose (draft, reply_classification), provider (anthropic, openai) and outcome (ok, http, timeout, unreachable, malformed, refused, truncated)",
    labels: ["purpose", "provider", "outcome"],
  },
  baton_llm_call_duration_seconds: {
    kind: "histogram",
    help: "LLM call duration by purpose and provider, retries included",
    labels: ["purpose", "provider"],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
  },
} as const;

export type MetricName = keyof typeof METRICS;
type Of<K extends string> = {
  [N in MetricName]: (typeof METRICS)[N]["kind"] extends K ? N : never;
}[MetricName];
export type CounterName = Of<"counter">;
export type GaugeName = Of<"gauge">;
export type HistogramName = Of<"histogram">;
