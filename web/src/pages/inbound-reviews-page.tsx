// Inbound review (issue 35): mail Baton could not trust waits here for a person. A person's reply
// (a stop request or not; issue 56 item 1) paused the contact's sends when it arrived; the reviewer
// confirms the opt-out or resumes the sends for a stop request, and applies (acted on as if trusted)
// or dismisses (the sends resume) any other. Each row says why the mail was not trusted. RevOps,
// sales leaders and admins decide; the exec reads.

import { useState } from "react";
import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

type Status = Review["status"];

type Review = ApiItem<"listInboundReviews">;

/** What each button does, in the reviewer's words. */
function actionsOf(r: Review): { apply: string; dismiss: string } {
  return r.stop_request
    ? { apply: "Confirm opt-out", dismiss: "Resume sends" }
    : { apply: "Apply", dismiss: r.paused.length ? "Dismiss and resume sends" : "Dismiss" };
}

function decisionOf(r: Review): string {
  if (r.status === "pending") return "";
  if (r.stop_request) return r.status === "applied" ? "opted out" : "sends resumed";
  return r.status;
}

export function InboundReviewsPage() {
  const { has } = useSession();
  const [status, setStatus] = useState<Status>("pending");
  const list = useApi<ApiResponse<"listInboundReviews">>("/api/v1/inbound-reviews", { status, limit: 200 });
  const action = useAction();
  const decide = has("revops", "slm", "admin");
  const act = (r: Review, what: "apply" | "dismiss") =>
    void action
      .run(() => post(`/api/v1/inbound-reviews/${r.id}/${what}`, {}))
      .then((ok) => ok && list.reload());
  const items = list.data?.items ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>Inbound review</h1>
      <p className="muted">
        Mail that answers one of our sends acts only when Baton can trust it: it matches a send to the
        sender's address and its sender is authenticated (DKIM or SPF aligned with the From domain). Mail that
        could not be trusted waits here. A person's reply paused every send to that person when it arrived (a
        reply stops automatic touches, and an unproven one cannot say which campaign it answers); nothing else
        happened to anyone: no one was opted out, exited or routed.
      </p>
      <ErrorNote error={action.error ?? list.error} />
      <div className="card">
        <div className="row">
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="pending">Waiting for a person</option>
            <option value="applied">Applied</option>
            <option value="dismissed">Dismissed</option>
          </select>
          <button type="button" onClick={() => list.reload()} disabled={list.loading}>
            Refresh
          </button>
          <span className="muted" data-testid="review-count">
            {items.length} {status === "pending" ? "waiting" : status}
          </span>
        </div>
        {items.length === 0 && !list.loading ? (
          <p className="muted" data-testid="reviews-empty">
            {status === "pending" ? "Nothing is waiting: all inbound mail was trusted or decided." : "None."}
          </p>
        ) : null}
        {items.length > 0 ? (
          <div className="table-wrap">
            <table data-testid="inbound-reviews">
              <thead>
                <tr>
                  <th>Received</th>
                  <th>From</th>
                  <th>Message</th>
                  <th>Read as</th>
                  <th>Why not trusted</th>
                  <th>{status === "pending" ? "Decide" : "Decision"}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => {
                  const labels = actionsOf(r);
                  return (
                    <tr key={r.id} data-testid="inbound-review">
                      <td className="muted">{fmtTime(r.received_at)}</td>
                      <td>
                        {r.contact_id ? (
                          <Link to={`/contacts/${r.contact_id}`}>{r.from ?? "?"}</Link>
                        ) : (
                          r.from
                        )}
                        <div className="muted">to {r.mailbox}</div>
                      </td>
                      <td>
                        <strong>{r.subject || "(no subject)"}</strong>
                        <div className="excerpt">{r.excerpt}</div>
                      </td>
                      <td>
                        {r.stop_request ? (
                          <span className="badge warn" data-testid="stop-request">
                            stop request
                            {r.status === "pending" ? ` · ${r.paused.length} sequence(s) paused` : ""}
                          </span>
                        ) : (
                          <span className="badge" data-testid="review-held">
                            {label(r.classification.intent)}
                            {r.status === "pending" && r.paused.length
                              ? ` · ${r.paused.length} sequence(s) paused`
                              : ""}
                          </span>
                        )}
                      </td>
                      <td data-testid="why-untrusted">{r.why_untrusted}</td>
                      <td>
                        {r.status === "pending" && decide ? (
                          <div className="row">
                            <button
                              type="button"
                              className="primary"
                              disabled={action.busy}
                              onClick={() => act(r, "apply")}
                            >
                              {labels.apply}
                            </button>
                            <button type="button" disabled={action.busy} onClick={() => act(r, "dismiss")}>
                              {labels.dismiss}
                            </button>
                          </div>
                        ) : r.status === "pending" ? (
                          <span className="muted">waiting for RevOps or a sales leader</span>
                        ) : (
                          <span data-testid="review-decision">
                            {decisionOf(r)}
                            <div className="muted">{fmtTime(r.decided_at)}</div>
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
