// What an operator learns of each MCP tools/call (issue 71 item 4): one log line with the tool, the
// principal's id, the outcome (ok or the refusal's code) and the duration, and the metrics
// baton_mcp_tool_calls_total{tool,outcome}, baton_mcp_tool_errors_total{tool,code} and
// baton_mcp_tool_call_duration_seconds{tool}, over HTTP (/metrics) and stdio (the summary line at
// exit, stdio-metrics.ts) alike. Never the arguments, the result or the principal's name: they may
// hold personal data.
import type { Metrics } from "../../metrics/index.ts";

/** One finished tools/call. */
export interface ToolCallRecord {
  /** A tool of the server's list, or "unknown": a client may send any name (bounded labels). */
  tool: string;
  principalId: string;
  /** "ok", or the refusal's code (VALIDATION_FAILED, FORBIDDEN_ROLE, ...). */
  outcome: string;
  /** The refusal's HTTP status; absent when ok. */
  status?: number;
  durationMs: number;
}

/** The metric's outcome: a small enum (the codes are in the log line). */
export function outcomeLabel(r: Pick<ToolCallRecord, "outcome" | "status">): "ok" | "refused" | "error" {
  if (r.outcome === "ok") return "ok";
  return (r.status ?? 500) >= 500 ? "error" : "refused";
}

/** Logs a call (through `log`, when given) and counts it into `metrics` when given. */
export function toolCallObserver(
  log: ((fields: Record<string, unknown>, message: string) => void) | null,
  metrics?: Metrics,
): (r: ToolCallRecord) => void {
  return (r) => {
    log?.(
      {
        mcp_tool: r.tool,
        principal_id: r.principalId,
        outcome: r.outcome,
        duration_ms: Math.round(r.durationMs * 10) / 10,
      },
      "MCP tool call",
    );
    metrics?.inc("baton_mcp_tool_calls_total", { tool: r.tool, outcome: outcomeLabel(r) });
    if (r.outcome !== "ok") metrics?.inc("baton_mcp_tool_errors_total", { tool: r.tool, code: r.outcome });
    metrics?.observe("baton_mcp_tool_call_duration_seconds", r.durationMs / 1000, { tool: r.tool });
  };
}
