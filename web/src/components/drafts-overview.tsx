// The approval inbox as RevOps sees it (issue 37): the drafts waiting for the exec, read only. The
// API lets RevOps read drafts (src/engine/read-drafts.ts) and only the exec approve them.
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

// The schema types a draft's context as an open map (its description names the keys): the keys this
// list reads are typed here, the rest of the draft comes from the schema.
interface DraftContext {
  contact_id?: string;
  contact_name?: string;
  company?: string;
  campaign_slug?: string;
  campaign_name?: string;
  step_number?: number;
  content_type?: string;
}
type PendingDraft = Omit<ApiItem<"listDrafts">, "context"> & { context: DraftContext };

export function DraftsOverview() {
  const drafts = useApi<{ items: PendingDraft[] }>("/api/v1/drafts", { status: "pending", limit: 100 });
  // drafts staged before 2026-11-25 carry only the campaign's slug: its name comes from the list
  const campaigns = useApi<ApiResponse<"listCampaigns">>("/api/v1/campaigns", { limit: 500 });
  const names = new Map((campaigns.data?.items ?? []).map((c) => [c.slug, c.name]));
  const campaignName = (ctx: Record<string, any>) =>
    String(ctx.campaign_name ?? names.get(String(ctx.campaign_slug)) ?? ctx.campaign_slug);
  const items = drafts.data?.items;
  return (
    <section className="card" aria-labelledby="overview-h" data-testid="drafts-overview">
      <h2 id="overview-h">Drafts waiting for the exec{items ? ` (${items.length})` : ""}</h2>
      <p className="muted">The exec approves or rejects these; you see what waits and for whom.</p>
      <ErrorNote error={drafts.error} />
      {!items && !drafts.error ? <p className="muted">Loading the drafts…</p> : null}
      {items && items.length === 0 ? <p className="muted">Nothing waiting for approval.</p> : null}
      {items?.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Prospect</th>
                <th scope="col">Campaign and step</th>
                <th scope="col">Message</th>
                <th scope="col">Drafted</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="pending-draft">
                  <td>
                    {d.context.contact_id ? (
                      <Link to={`/contacts/${d.context.contact_id}`}>
                        {d.context.contact_name ?? d.to_id}
                      </Link>
                    ) : (
                      (d.context.contact_name ?? d.to_id)
                    )}
                    <br />
                    <span className="muted">{d.context.company ?? ""}</span>
                  </td>
                  <td>
                    {d.context.campaign_slug ? (
                      <Link to={`/campaigns/${d.context.campaign_slug}`}>{campaignName(d.context)}</Link>
                    ) : (
                      "—"
                    )}
                    <br />
                    <span className="muted">
                      step {d.context.step_number ?? "—"} · {label(d.context.content_type)}
                    </span>
                  </td>
                  <td>
                    <details>
                      <summary>{d.subject ?? `${d.channel} message`}</summary>
                      <div className="story-body">{d.body}</div>
                    </details>
                  </td>
                  <td>
                    {fmtTime(d.created_at)}
                    <br />
                    <span className="muted">by {d.drafted_by}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
