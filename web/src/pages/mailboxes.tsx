// Mailboxes (issue 12 part 6): each sending mailbox's inbox (connected, last sync, cursor, errors,
// messages read and unmatched) and its sends today against today's limit and warm-up ramp; then the
// mailboxes people connected themselves (issue 67), with their owners and health.
// Admins and RevOps pause and resume reading a mailbox; others see the state.
// Below: each sending domain's SPF, DKIM and DMARC with what to publish (issue 41), and how much inbound mail Baton could not trust waits on the Inbound review page (issue 35).

import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ConnectedMailboxes } from "../components/connected-mailboxes.tsx";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { SenderIdentityCard } from "../components/sender-identity.tsx";
import { SendingDomains } from "../components/sending-domains.tsx";
import { fmtTime } from "../format.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

type Mailbox = ApiItem<"listMailboxes">;

/** How much untrusted inbound mail waits for a person (issue 35), with the way there. */
function ReviewNotice() {
  const list = useApi<ApiResponse<"listInboundReviews">>("/api/v1/inbound-reviews", { limit: 500 });
  const n = list.data?.items.length ?? 0;
  return (
    <div className="card" data-testid="review-notice">
      <h2>Inbound mail to review</h2>
      <p className="muted">
        Mail Baton could not trust (not matched to a send to its sender, or not authenticated) changes nothing
        until a person decides; a stop request has already paused that person's sends.{" "}
        {n === 0 ? "Nothing to review." : `${n} message(s) wait.`}{" "}
        <Link to="/inbound-review">Inbound review</Link>
      </p>
    </div>
  );
}

function stateOf(m: Mailbox): string {
  if (m.deliverability?.status === "paused") return `sending paused: ${m.deliverability.reason ?? ""}`;
  if (!m.inbox) return "no inbox configured";
  if (m.inbox.status === "paused") return "paused";
  if (m.inbox.connected) return m.inbox.idle_supported ? "connected (IDLE)" : "connected (polling)";
  return m.inbox.status;
}

export function MailboxesPage() {
  const { has } = useSession();
  const list = useApi<ApiResponse<"listMailboxes">>("/api/v1/mailboxes");
  const action = useAction();
  const manage = has("admin", "revops");
  const toggle = (m: Mailbox) =>
    void action
      .run(() =>
        post(
          `/api/v1/mailboxes/${encodeURIComponent(m.mailbox)}/${m.inbox?.status === "paused" ? "resume" : "pause"}`,
          {},
        ),
      )
      .then((ok) => ok && list.reload());
  return (
    <section>
      <h1 tabIndex={-1}>Mailboxes</h1>
      <p className="muted">
        Replies, bounces and out-of-office answers are read from each mailbox: over IMAP, or through the Gmail
        API or Microsoft Graph for a mailbox a person connected. Mail that answers none of our messages is
        counted as unmatched and left where it is.
      </p>
      <ErrorNote error={action.error ?? list.error} />
      <div className="card">
        <div className="row">
          <button type="button" onClick={() => list.reload()} disabled={list.loading}>
            Refresh
          </button>
          <CsvButton filename="mailboxes" table="mailboxes" />
        </div>
        <div className="table-wrap">
          <table data-testid="mailboxes">
            <thead>
              <tr>
                <th>Mailbox</th>
                <th>Inbox</th>
                <th>Last sync</th>
                <th>Cursor</th>
                <th>Read / unmatched</th>
                <th>Last error</th>
                <th>Sent today</th>
                <th>Ramp</th>
                {manage ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((m) => (
                <tr key={m.mailbox} data-testid="mailbox">
                  <td>
                    {m.mailbox}
                    {m.inbox ? (
                      <div className="muted">
                        {m.inbox.host}:{m.inbox.port} {m.inbox.folder} ·{" "}
                        {m.inbox.auth_kind === "xoauth2" ? `OAuth2 (${m.inbox.oauth_provider})` : "password"}
                      </div>
                    ) : null}
                  </td>
                  <td data-testid="mailbox-state">{stateOf(m)}</td>
                  <td className="muted">{m.inbox ? fmtTime(m.inbox.last_sync_at) : ""}</td>
                  <td className="muted">
                    {m.inbox?.cursor.uidvalidity
                      ? `${m.inbox.cursor.uidvalidity} / ${m.inbox.cursor.last_uid}`
                      : ""}
                  </td>
                  <td>{m.inbox ? `${m.inbox.processed_count} / ${m.inbox.unmatched_count}` : ""}</td>
                  <td>
                    {m.inbox?.last_error ? (
                      <span title={fmtTime(m.inbox.last_error_at)}>{m.inbox.last_error}</span>
                    ) : (
                      ""
                    )}
                  </td>
                  <td data-testid="mailbox-sends">
                    {m.sending.sent_today}
                    {m.sending.limit_today !== null ? ` of ${m.sending.limit_today}` : " (no limit)"}
                  </td>
                  <td className="muted">
                    {m.sending.ramp
                      ? `${m.sending.ramp.start} +${m.sending.ramp.step}/day from ${m.sending.ramp.start_day}, up to ${m.sending.daily_limit ?? "∞"}`
                      : ""}
                  </td>
                  {manage ? (
                    <td>
                      {m.inbox ? (
                        <button type="button" disabled={action.busy} onClick={() => toggle(m)}>
                          {m.inbox.status === "paused" ? "Resume" : "Pause"}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.data && list.data.items.length === 0 ? (
          <p className="muted">
            No mailboxes yet. Add one with <code>baton mailboxes inbox add</code> or PUT
            /api/v1/mailboxes/&lt;address&gt;/inbox.
          </p>
        ) : null}
      </div>
      <ConnectedMailboxes />
      <SendingDomains />
      <SenderIdentityCard />
      <ReviewNotice />
    </section>
  );
}
