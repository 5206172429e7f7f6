// Prospects: search by name or email prefix on the server, paged; each links to its timeline.

import { useState } from "react";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { AccountTouchCap } from "../components/account-touch-cap.tsx";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { Pager } from "../components/pager.tsx";
import { fmtTime } from "../format.ts";
import { Link, useLocation } from "../router.tsx";
import { useApi } from "../use-api.ts";

export type ContactSummary = ApiItem<"listWorkspaceContacts">;

export function ContactsPage() {
  // an account's people (the triage queue links a reply's account here: /contacts?account_id=…)
  const accountId = useLocation().search.get("account_id") ?? "";
  const [q, setQ] = useState("");
  const [text, setText] = useState("");
  const [optedOut, setOptedOut] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useApi<ApiResponse<"listWorkspaceContacts">>("/api/v1/workspace/contacts", {
    q,
    account_id: accountId,
    opted_out: optedOut,
    limit: 25,
    cursor: cursors.at(-1),
  });
  return (
    <section>
      <h1 tabIndex={-1}>Prospects</h1>
      <div className="card">
        <form
          className="filters"
          aria-label="Search prospects"
          onSubmit={(e) => {
            e.preventDefault();
            setQ(text);
            setCursors([]);
          }}
        >
          <div>
            <label htmlFor="c-q">Name or email starts with</label>
            <input id="c-q" value={text} onChange={(e) => setText(e.target.value)} />
          </div>
          <div>
            <label htmlFor="c-opt">Opt-out</label>
            <select
              id="c-opt"
              value={optedOut}
              onChange={(e) => {
                setOptedOut(e.target.value);
                setCursors([]);
              }}
            >
              <option value="">Everyone</option>
              <option value="false">Reachable</option>
              <option value="true">Opted out or unsubscribed</option>
            </select>
          </div>
          <button type="submit" className="primary">
            Search
          </button>
        </form>
        {accountId ? (
          <>
            <p className="muted" data-testid="account-filter">
              The people of one account. <Link to="/contacts">Show everyone</Link>
            </p>
            <AccountTouchCap accountId={accountId} />
          </>
        ) : null}
        <ErrorNote error={list.error} />
        <CsvButton filename="contacts" table="contacts" />
        <div className="table-wrap">
          <table data-testid="contacts">
            <thead>
              <tr>
                <th scope="col">Prospect</th>
                <th scope="col">Company</th>
                <th scope="col">Tier / segment</th>
                <th scope="col">Last touch</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.contact_id}>
                  <td>
                    <Link to={`/contacts/${c.contact_id}`}>{c.full_name}</Link>
                    <div className="muted">{c.email}</div>
                  </td>
                  <td>{c.company ?? "—"}</td>
                  <td>
                    {c.icp_tier ?? "—"} / {c.segment_name ?? c.segment ?? "—"}
                  </td>
                  <td>{fmtTime(c.last_touch_at)}</td>
                  <td>{c.opted_out ? <span className="badge block">opted out</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager cursors={cursors} next={list.data?.next_cursor} onChange={setCursors} />
      </div>
    </section>
  );
}
