// Campaigns (spec 002): the list with kind, status and steps, the on_exit chain graph, and (for
// the roles that define campaigns) a new campaign's editor.
import { useState } from "react";
import { EDITOR_ROLES, emptyDraft } from "../campaign-draft.ts";
import type { Campaign } from "../campaigns.ts";
import { CampaignEditor } from "../components/campaign-editor.tsx";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { ExitGraph } from "../components/exit-graph.tsx";
import { label } from "../format.ts";
import { Link, navigate } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useApi } from "../use-api.ts";

export function CampaignsPage() {
  const { has } = useSession();
  const [status, setStatus] = useState("");
  const [creating, setCreating] = useState(false);
  const list = useApi<{ items: Campaign[] }>("/api/v1/campaigns", { status, limit: 500 });
  const all = useApi<{ items: Campaign[] }>("/api/v1/campaigns", { limit: 500 });
  return (
    <section>
      <h1 tabIndex={-1}>Campaigns</h1>
      {has(...EDITOR_ROLES) && !creating ? (
        <p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New campaign
          </button>
        </p>
      ) : null}
      {creating && all.data ? (
        <CampaignEditor
          initial={emptyDraft()}
          campaigns={all.data.items}
          onSaved={(c) => navigate(`/campaigns/${c.slug}`)}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      <div className="card">
        <div className="filters">
          <div>
            <label htmlFor="camp-status">Status</label>
            <select id="camp-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">All</option>
              <option value="active">Active</option>
              <option value="paused">Paused</option>
              <option value="archived">Archived</option>
            </select>
          </div>
        </div>
        <ErrorNote error={list.error} />
        <CsvButton filename="campaigns" table="campaigns" />
        <div className="table-wrap">
          <table data-testid="campaigns">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Kind</th>
                <th scope="col">Owner</th>
                <th scope="col">Status</th>
                <th scope="col">Steps</th>
                <th scope="col">Approval</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/campaigns/${c.slug}`}>{c.name}</Link>
                    <div className="muted mono">{c.slug}</div>
                  </td>
                  <td>{c.kind}</td>
                  <td>{c.owner_role}</td>
                  <td>
                    <span className={`badge ${c.status}`}>{c.status}</span>
                  </td>
                  <td>{c.steps.length}</td>
                  <td>{label(c.approval_policy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {all.data ? (
        <div className="card">
          <ExitGraph campaigns={all.data.items} />
        </div>
      ) : null}
    </section>
  );
}
