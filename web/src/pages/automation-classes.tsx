// Where Baton acts alone on replies (issue 72 item 1): each class (intent, language) with its state
// and the team's agreement with its readings; RevOps closes one by hand and reopens it to earning.
// The rule is the server's (src/replies/automation.ts), shown as the API gives it.
import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { label, languageName } from "../format.ts";
import { AUTOMATION_PATH } from "../reply-triage.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

/** A class as the API gives it (listReplyAutomationClasses). */
export type AutomationClassRow = ApiItem<"listReplyAutomationClasses">;

const STATE_WORDS: Record<AutomationClassRow["state"], string> = {
  open: "Baton acts alone",
  closed: "A person decides (earning)",
  closed_by_hand: "Closed by hand",
};

export function AutomationClasses() {
  const { has } = useSession();
  const keeper = has("revops", "admin");
  const a = useApi<ApiResponse<"listReplyAutomationClasses">>(AUTOMATION_PATH);
  const act = useAction();
  const rows = a.data?.items ?? [];
  const change = (r: AutomationClassRow, what: "close" | "reopen") =>
    act
      .run(() => post(`${AUTOMATION_PATH}/${what}`, { intent: r.intent, language: r.language }))
      .then((ok) => ok && a.reload());
  return (
    <section className="card" aria-labelledby="automation-h">
      <h2 id="automation-h">Where Baton acts alone</h2>
      {a.data ? (
        <p className="muted">
          Baton acts on a sure reading alone only where the people who triage agreed with it: at least{" "}
          {a.data.rule.min_decisions} decisions and {Math.round(a.data.rule.min_agreement * 100)}% agreement.
          One disagreement closes the class again. While open, one reply in {a.data.rule.spot_check_every}{" "}
          still goes to a person. A stop request is always honoured at once.
        </p>
      ) : null}
      <ErrorNote error={a.error ?? act.error} />
      {a.data && rows.length === 0 ? (
        <p className="muted" data-testid="automation-empty">
          No reply has come yet: every class is closed.
        </p>
      ) : null}
      {rows.length ? (
        <div className="table-wrap">
          <table data-testid="automation-classes">
            <thead>
              <tr>
                <th scope="col">Reading</th>
                <th scope="col">Language</th>
                <th scope="col">State</th>
                <th scope="col">Agreed / decided</th>
                <th scope="col">Still to earn</th>
                {keeper ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.intent}:${r.language}`} data-testid="automation-row" data-state={r.state}>
                  <td>
                    <strong>{label(r.intent)}</strong>
                  </td>
                  <td>{languageName(r.language)}</td>
                  <td data-testid="automation-state">{STATE_WORDS[r.state]}</td>
                  <td>
                    {r.agreed} / {r.decided}
                    {r.rate === null ? "" : ` (${Math.round(r.rate * 100)}%)`}
                  </td>
                  <td>{r.state === "open" ? "—" : r.to_earn}</td>
                  {keeper ? (
                    <td>
                      {r.state === "closed_by_hand" ? (
                        <button type="button" disabled={act.busy} onClick={() => change(r, "reopen")}>
                          Reopen to earning
                        </button>
                      ) : (
                        <button
                          type="button"
                          disabled={act.busy}
                          data-testid="automation-close"
                          onClick={() => change(r, "close")}
                          title={
                            r.state === "open"
                              ? "A person decides this class's replies again, until reopened"
                              : "Stop this class from earning: it stays closed until reopened"
                          }
                        >
                          {r.state === "open" ? "Close" : "Keep closed"}
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
