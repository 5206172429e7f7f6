// Suppression lists (issue 15): addresses and whole domains that are never contacted, with their
// reason and source; erased people appear only as an entry. Adding one stops every queued touch.

import { useState } from "react";
import { api, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { useAction, useApi } from "../use-api.ts";

export function SuppressionsPage() {
  const [kind, setKind] = useState<"" | "email" | "domain" | "email_hash">("");
  const [search, setSearch] = useState("");
  const list = useApi<ApiResponse<"listSuppressions">>("/api/v1/suppressions", {
    kind,
    search,
    limit: 200,
  });
  const [form, setForm] = useState({ kind: "domain" as "email" | "domain", value: "", reason: "" });
  const [added, setAdded] = useState<string>();
  const action = useAction();
  return (
    <section>
      <h1 tabIndex={-1}>Suppression lists</h1>
      <div className="card">
        <h2>Add</h2>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void action
              .run(async () => {
                const r = await post<ApiResponse<"createSuppression">>("/api/v1/suppressions", form);
                setAdded(
                  `Added. ${r.contacts} contact(s) covered; ${r.items_cancelled} queued touch(es) stopped.`,
                );
              })
              .then((ok) => {
                if (!ok) return;
                setForm({ ...form, value: "", reason: "" });
                list.reload();
              });
          }}
        >
          <select
            aria-label="Kind"
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as "email" | "domain" })}
          >
            <option value="domain">Domain</option>
            <option value="email">Address</option>
          </select>
          <input
            aria-label="Address or domain"
            placeholder="example.com"
            value={form.value}
            onChange={(e) => setForm({ ...form, value: e.target.value })}
            required
          />
          <input
            aria-label="Reason"
            placeholder="reason (competitor, customer, asked…)"
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
            required
          />
          <button type="submit" className="primary" disabled={action.busy}>
            Suppress
          </button>
        </form>
        {added ? <p data-testid="suppression-added">{added}</p> : null}
      </div>
      <ErrorNote error={action.error ?? list.error} />
      <div className="card">
        <div className="row">
          <select
            aria-label="Filter by kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
          >
            <option value="">All</option>
            <option value="email">Addresses</option>
            <option value="domain">Domains</option>
            <option value="email_hash">Erased people</option>
          </select>
          <input
            aria-label="Search"
            placeholder="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <span className="muted">
            {list.data?.next_cursor ? "the newest " : ""}
            {list.data?.items.length ?? 0} entries
          </span>
          <CsvButton filename="suppressions" table="suppressions" />
        </div>
        <div className="table-wrap">
          <table data-testid="suppressions">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Value</th>
                <th>Reason</th>
                <th>Source</th>
                <th>Added</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((s) => (
                <tr key={s.id} data-testid="suppression">
                  <td>{s.kind === "email_hash" ? "erased" : s.kind}</td>
                  <td>{s.value}</td>
                  <td>{s.reason}</td>
                  <td>{s.source}</td>
                  <td className="muted">{fmtTime(s.created_at)}</td>
                  <td>
                    {s.kind !== "email_hash" ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() =>
                          void action
                            .run(() => api("DELETE", `/api/v1/suppressions/${s.id}`))
                            .then(() => list.reload())
                        }
                      >
                        Remove
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
