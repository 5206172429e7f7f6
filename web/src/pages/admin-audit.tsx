// Admin › Audit log: who did what, when and from where, newest first. Filters (action, actor,
// since/until) and paging run on the server (GET /api/v1/admin/audit).

import { type FormEvent, useState } from "react";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { Pager } from "../components/pager.tsx";
import { fmtTime, label } from "../format.ts";
import { useApi } from "../use-api.ts";

type Entry = ApiItem<"getAdminAudit">;

const ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "person_invited",
  "role_changed",
  "person_deactivated",
  "person_reactivated",
  "sessions_revoked",
  "token_created",
  "token_revoked",
  "idp_settings_changed",
];

function summary(e: Entry): string {
  const d = e.details;
  if (e.action === "role_changed")
    return `${d.person}: ${(d.before as string[]).join(", ") || "none"} → ${(d.after as string[]).join(", ") || "none"}`;
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k.replace(/_/g, " ")}: ${v}`)
    .join("; ");
}

/** A date input's value (YYYY-MM-DD) as the start of that day in UTC. */
const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00Z`).toISOString() : undefined);
const dayEnd = (d: string) =>
  d ? new Date(new Date(`${d}T00:00:00Z`).getTime() + 86_400_000).toISOString() : undefined;

export function AdminAuditSection() {
  const [form, setForm] = useState({ action: "", actor: "", since: "", until: "" });
  const [filters, setFilters] = useState(form);
  const [cursors, setCursors] = useState<string[]>([]);
  const log = useApi<ApiResponse<"getAdminAudit">>("/api/v1/admin/audit", {
    action: filters.action,
    actor: filters.actor.trim(),
    since: dayStart(filters.since),
    until: dayEnd(filters.until),
    limit: 25,
    cursor: cursors.at(-1),
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(form);
    setCursors([]);
  };
  return (
    <section aria-labelledby="audit-h" data-testid="admin-audit">
      <h2 id="audit-h">Audit log</h2>
      <div className="card">
        <form className="filters" aria-label="Filter the audit log" onSubmit={apply}>
          <div>
            <label htmlFor="au-action">Action</label>
            <select
              id="au-action"
              value={form.action}
              onChange={(e) => setForm({ ...form, action: e.target.value })}
            >
              <option value="">Any</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {label(a)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="au-actor">Who (name or id)</label>
            <input
              id="au-actor"
              value={form.actor}
              onChange={(e) => setForm({ ...form, actor: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor="au-since">From (UTC day)</label>
            <input
              id="au-since"
              type="date"
              value={form.since}
              onChange={(e) => setForm({ ...form, since: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor="au-until">To (UTC day)</label>
            <input
              id="au-until"
              type="date"
              value={form.until}
              onChange={(e) => setForm({ ...form, until: e.target.value })}
            />
          </div>
          <button type="submit" className="primary">
            Filter
          </button>
        </form>
        <ErrorNote error={log.error} />
        <CsvButton filename="audit" table="audit" />
        <div className="table-wrap">
          <table data-testid="audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {log.data?.items.map((e) => (
                <tr key={e.audit_id} data-action={e.action}>
                  <td>{fmtTime(e.at)}</td>
                  <td>{e.actor_label}</td>
                  <td>
                    <span className="badge">{label(e.action)}</span>
                  </td>
                  <td>{summary(e) || "—"}</td>
                  <td>
                    {e.ip ?? "—"}
                    <div className="muted">{e.user_agent ?? ""}</div>
                  </td>
                </tr>
              ))}
              {log.data && log.data.items.length === 0 ? (
                <tr>
                  <td colSpan={5}>No entries match.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <Pager cursors={cursors} next={log.data?.next_cursor} onChange={setCursors} />
      </div>
    </section>
  );
}
