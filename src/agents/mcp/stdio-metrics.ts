// The per-tool metrics of a stdio MCP session (issue 71 item 4). `baton mcp` counts each tools/call
// through the same metrics as the HTTP server (call-record.ts: baton_mcp_tool_calls_total,
// baton_mcp_tool_errors_total, baton_mcp_tool_call_duration_seconds) into a registry of its own;
// a stdio server has no /metrics to scrape, so at exit it writes them as one JSON line on stderr
// (the MCP client's log), read from that registry: per tool, the calls by outcome, the errors by
// code and the duration (count, sum, and the bucket bounds of the median and the 95th percentile).
import type { MetricSnapshot } from "../../metrics/index.ts";

export interface ToolSummary {
  calls: number;
  ok: number;
  refused: number;
  error: number;
  errors_by_code: Record<string, number>;
  duration_s: { count: number; sum: number; p50_le: number | null; p95_le: number | null };
}

/** The smallest bucket bound holding the q-quantile of a histogram's cumulative buckets. */
function quantileBound(buckets: [number, number][], count: number, q: number): number | null {
  if (count === 0) return null;
  const hit = buckets.find(([, n]) => n >= q * count);
  return hit ? hit[0] : null;
}

/** The tools' summary from a registry's samples (tools never called are left out). */
export function toolMetricsSummary(samples: readonly MetricSnapshot[]): Record<string, ToolSummary> {
  const out: Record<string, ToolSummary> = {};
  const of = (tool: string) => {
    out[tool] ??= {
      calls: 0,
      ok: 0,
      refused: 0,
      error: 0,
      errors_by_code: {},
      duration_s: { count: 0, sum: 0, p50_le: null, p95_le: null },
    };
    return out[tool];
  };
  const values = (name: string) => samples.find((m) => m.name === name)?.values ?? [];
  for (const v of values("baton_mcp_tool_calls_total")) {
    const s = of(String(v.labels.tool));
    const outcome = String(v.labels.outcome) as "ok" | "refused" | "error";
    s[outcome] += v.value;
    s.calls += v.value;
  }
  for (const v of values("baton_mcp_tool_errors_total"))
    of(String(v.labels.tool)).errors_by_code[String(v.labels.code)] = v.value;
  const buckets = new Map<string, [number, number][]>();
  for (const v of values("baton_mcp_tool_call_duration_seconds")) {
    const tool = String(v.labels.tool);
    const d = of(tool).duration_s;
    if (v.metricName?.endsWith("_sum")) d.sum = Math.round(v.value * 1e4) / 1e4;
    else if (v.metricName?.endsWith("_count")) d.count = v.value;
    else if (v.metricName?.endsWith("_bucket") && v.labels.le !== "+Inf")
      buckets.set(tool, [...(buckets.get(tool) ?? []), [Number(v.labels.le), v.value]]);
  }
  for (const [tool, b] of buckets) {
    const d = of(tool).duration_s;
    b.sort((x, y) => x[0] - y[0]);
    d.p50_le = quantileBound(b, d.count, 0.5);
    d.p95_le = quantileBound(b, d.count, 0.95);
  }
  return out;
}
