// Where a request came from, for the audit log: its IP and user agent (src/audit/record-audit.ts).
import type { AuditSource } from "../audit/index.ts";

export function auditSourceOf(req: { ip: string; headers: Record<string, unknown> }): AuditSource {
  const ua = req.headers["user-agent"];
  return { ip: req.ip ?? null, userAgent: typeof ua === "string" ? ua : null };
}
