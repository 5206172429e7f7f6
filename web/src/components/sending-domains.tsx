// Sending domains (issue 41 item 3): each domain Baton sends from, with its SPF, DKIM and DMARC
// records as DNS answers now, and for each one missing or wrong the exact TXT record to publish.
// Checked when the page opens (and on Check again): DNS answers change as the team publishes.
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

type RecordCheck = DomainCheck["checks"][number];
type DomainCheck = ApiItem<"listSendingDomains">;

const LABEL: Record<RecordCheck["record"], string> = { spf: "SPF", dkim: "DKIM", dmarc: "DMARC" };
const BADGE: Record<RecordCheck["status"], string> = {
  ok: "allow",
  warn: "warn",
  missing: "block",
  invalid: "block",
  error: "hold",
};

export function SendingDomains() {
  const list = useApi<ApiResponse<"listSendingDomains">>("/api/v1/sending-domains");
  return (
    <div className="card" data-testid="sending-domains">
      <h2>Sending domains</h2>
      <p className="muted">
        Receivers junk or refuse mail from a domain without SPF, a DKIM signature they can verify and a DMARC
        policy. Each record below is read from DNS now; publish what a row asks for at your DNS host, then
        check again.
      </p>
      <div className="row">
        <button type="button" onClick={() => list.reload()} disabled={list.loading}>
          {list.loading ? "Checking DNS…" : "Check again"}
        </button>
      </div>
      <ErrorNote error={list.error} />
      {list.data?.items.length === 0 ? (
        <p className="muted">
          No sending domain yet: add a mailbox, a DKIM key (baton dkim add) or set SMTP_FROM.
        </p>
      ) : null}
      {list.data?.items.map((d) => (
        <section key={d.domain} data-testid="sending-domain" aria-label={`Sending domain ${d.domain}`}>
          <h3>
            {d.domain}{" "}
            <span className={`badge ${d.ready ? "allow" : "block"}`}>
              {d.ready
                ? "ready to send"
                : `${d.checks.filter((c) => c.status !== "ok" && c.status !== "warn").length} to fix`}
            </span>
          </h3>
          <div className="table-wrap">
            <table>
              <caption className="muted">DNS records of {d.domain}</caption>
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Status</th>
                  <th scope="col">What DNS says</th>
                  <th scope="col">To publish</th>
                </tr>
              </thead>
              <tbody>
                {d.checks.map((c) => (
                  <tr key={c.record} data-testid={`dns-${c.record}`}>
                    <th scope="row">{LABEL[c.record]}</th>
                    <td>
                      <span className={`badge ${BADGE[c.status]}`}>{c.status}</span>
                    </td>
                    <td>
                      {c.detail}
                      {c.found.length ? (
                        <div className="muted mono">
                          {c.found.map((f) => (
                            <div key={f}>{f.length > 90 ? `${f.slice(0, 90)}…` : f}</div>
                          ))}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {c.publish ? (
                        <div>
                          <div className="muted">
                            TXT at <span className="mono">{c.name}</span>
                          </div>
                          <textarea
                            readOnly
                            className="mono"
                            rows={c.publish.length > 90 ? 4 : 1}
                            cols={48}
                            value={c.publish}
                            aria-label={`${LABEL[c.record]} record to publish at ${c.name}`}
                            onFocus={(e) => e.currentTarget.select()}
                          />
                        </div>
                      ) : (
                        <span className="muted">nothing</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
