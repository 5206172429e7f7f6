// The mailboxes people connected themselves (issue 67 item 1) on the admin's Mailboxes page: every
// mailbox of the workspace for admins and RevOps (one's own for the others), with its owner, its
// provider, its state and why, since when, today's sends against the provider's own limit, the
// campaigns whose pool holds it, and its last error. RevOps and admins put a mailbox into a
// campaign's pool here (a disconnected one is refused by the API) and an admin disconnects one.
import { useState } from "react";
import { del, put } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { fmtTime } from "../format.ts";
import { statusInWords } from "../mailbox-words.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

type Listed = ApiResponse<"listMailboxConnections">;
type Connection = Listed["items"][number];

const PROVIDER: Record<string, string> = { google: "Google", microsoft: "Microsoft", imap_smtp: "IMAP/SMTP" };

type Campaigns = ApiResponse<"listCampaigns">["items"];

function PoolAdd({ m, campaigns, onDone }: { m: Connection; campaigns: Campaigns; onDone: () => void }) {
  const [slug, setSlug] = useState("");
  const action = useAction();
  const id = `pool-${m.mailbox}`;
  const choices = campaigns.filter((c) => !m.campaigns.includes(c.slug));
  return (
    <div className="row">
      <label htmlFor={id} className="sr-only">
        Campaign pool for {m.mailbox}
      </label>
      <select id={id} value={slug} onChange={(e) => setSlug(e.target.value)}>
        <option value="">Add to a campaign's pool…</option>
        {choices.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={!slug || action.busy}
        onClick={() =>
          void action
            .run(() =>
              put(
                `/api/v1/campaigns/${encodeURIComponent(slug)}/mailbox-pool/${encodeURIComponent(m.mailbox)}`,
                {},
              ),
            )
            .then((ok) => ok && onDone())
        }
      >
        Add
      </button>
      <ErrorNote error={action.error} />
    </div>
  );
}

export function ConnectedMailboxes() {
  const { has } = useSession();
  const list = useApi<Listed>("/api/v1/mailboxes/connections");
  const action = useAction();
  const pools = has("revops", "admin");
  const campaigns = useApi<ApiResponse<"listCampaigns">>(pools ? "/api/v1/campaigns" : null, { limit: 200 });
  const items = list.data?.items ?? [];
  return (
    <div className="card" data-testid="connected-mailboxes">
      <h2>Mailboxes people connected</h2>
      <p className="muted">
        {list.data?.everyone
          ? "Every mailbox a person of this workspace connected from My mailbox, with its health."
          : "Your own mailboxes; admins and RevOps see everyone's."}{" "}
        <Link to="/my-mailbox">My mailbox</Link>
      </p>
      <ErrorNote error={action.error ?? list.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Mailbox</th>
              <th>Owner</th>
              <th>Provider</th>
              <th>State</th>
              <th>Since</th>
              <th>Sent today</th>
              <th>Campaign pools</th>
              <th>Last error</th>
              {pools ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.mailbox} data-testid="connected-mailbox" data-status={m.status}>
                <td>{m.mailbox}</td>
                <td>{m.owner.name}</td>
                <td>{PROVIDER[m.provider] ?? m.provider}</td>
                <td data-testid="connected-mailbox-state">{statusInWords(m)}</td>
                <td className="muted">{fmtTime(m.status_since)}</td>
                <td>
                  {m.sent_today}
                  {m.provider_limit ? (
                    <span className="muted" title={m.provider_limit.source}>
                      {" "}
                      of {m.provider_limit.per_day.toLocaleString("en")}
                      {m.provider_limit.per_minute ? `, ${m.provider_limit.per_minute}/min` : ""}
                    </span>
                  ) : null}
                </td>
                <td>
                  {m.campaigns.map((slug) => (
                    <span key={slug} className="badge">
                      {slug}
                      {pools ? (
                        <button
                          type="button"
                          className="link"
                          aria-label={`Remove ${m.mailbox} from ${slug}'s pool`}
                          disabled={action.busy}
                          onClick={() =>
                            void action
                              .run(() =>
                                del(
                                  `/api/v1/campaigns/${encodeURIComponent(slug)}/mailbox-pool/${encodeURIComponent(m.mailbox)}`,
                                ),
                              )
                              .then((ok) => ok && list.reload())
                          }
                        >
                          ×
                        </button>
                      ) : null}
                    </span>
                  ))}
                </td>
                <td>{m.last_error ? <span title={fmtTime(m.last_error_at)}>{m.last_error}</span> : ""}</td>
                {pools ? (
                  <td>
                    {m.status === "disconnected" ? null : (
                      <PoolAdd m={m} campaigns={campaigns.data?.items ?? []} onDone={list.reload} />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && items.length === 0 ? (
        <p className="muted" data-testid="no-connected-mailboxes">
          Nobody has connected a mailbox yet. Each person does it from My mailbox.
        </p>
      ) : null}
    </div>
  );
}
