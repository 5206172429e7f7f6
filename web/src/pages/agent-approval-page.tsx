// An agent's request for a person's decision (issue 71 item 2): a brain agent asked, through MCP,
// for its play's approval, or a triage agent for a reply's positive exit or a reply automation
// class's change, and its host showed the person this page's link. The person (a play's: SLM or
// RevOps; an exit's: who triages the reply; an automation change's: RevOps or admin)
// reads what the agent asks and approves or declines, signed in; on approval the action runs once,
// as theirs, after the agent's token and role (and, for an exit, the enrollment) are checked again.
import { post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { Link } from "../router.tsx";
import { useAction, useApi } from "../use-api.ts";

/** The page's API answer, from the generated schema (issue 70 item 4). */
type AgentApproval = ApiResponse<"getAgentApproval">;

const STATUS_WORDS: Record<AgentApproval["request"]["status"], string> = {
  pending: "Waiting for your decision",
  running: "Approved; the action is running",
  done: "Approved: the action ran once",
  failed: "Approved, but the action did not run",
  declined: "Declined",
  expired: "Expired: no one decided in time",
};

export function AgentApprovalPage({ id }: { id: string }) {
  const path = `/api/v1/agent-approvals/${encodeURIComponent(id)}`;
  const loaded = useApi<AgentApproval>(path);
  const action = useAction();
  const decide = (decision: "approve" | "decline") =>
    void action.run(async () => {
      await post(`${path}/${decision}`);
      loaded.reload();
    });

  const r = loaded.data;
  const pending = r?.request.status === "pending";
  return (
    <section aria-labelledby="agent-approval-h" data-testid="agent-approval" className="consent">
      <h1 id="agent-approval-h" tabIndex={-1}>
        An agent asks for your approval
      </h1>
      <ErrorNote error={action.error ?? loaded.error} />
      {r?.reply ? <PositiveExit r={r} /> : null}
      {r?.automation ? <AutomationChange r={r} /> : null}
      {r && !r.reply && !r.automation ? (
        <div className="card">
          <p>
            <strong data-testid="approval-agent">{r.request.agent}</strong> asks you to approve its play
            {r.play ? (
              <>
                {" "}
                <Link to={`/plays/${r.play.play_id}`}>
                  <strong data-testid="approval-play">{r.play.name}</strong>
                </Link>{" "}
                ({r.play.segment ?? "account play"}, now {r.play.state.replace("_", " ")})
              </>
            ) : null}
            .
          </p>
          {r.play ? <blockquote>{r.play.hypothesis}</blockquote> : null}
          <p>
            Your approval is yours, as on the play's page: the play is picked up for review if it is still a
            draft, and the second approval (another person, the other role) activates it within the segment's
            cap. The agent is checked again first: a revoked token or a lost role runs nothing.
          </p>
        </div>
      ) : null}
      {r ? (
        <div className="card">
          <p data-testid="approval-status" role="status">
            {STATUS_WORDS[r.request.status]}
            {r.request.outcome && typeof r.request.outcome.message === "string"
              ? `: ${r.request.outcome.message}`
              : ""}
          </p>
          {pending ? <p className="muted">This request ends {fmtTime(r.request.expires_at)}.</p> : null}
          {pending ? (
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={action.busy}
                onClick={() => decide("approve")}
              >
                Approve
              </button>
              <button type="button" disabled={action.busy} onClick={() => decide("decline")}>
                Decline
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** A reply's positive exit: the reply's own words, the reading, and what the exit would do. */
function PositiveExit({ r }: { r: AgentApproval }) {
  const reply = r.reply!;
  return (
    <div className="card">
      <p>
        <strong data-testid="approval-agent">{r.request.agent}</strong> read {reply.contact_name}'s reply
        {reply.campaign_name ? ` in ${reply.campaign_name}` : ""} as a yes and asks you to end the enrollment
        as <strong>{reply.exit_reason}</strong>.
      </p>
      <blockquote data-testid="approval-reply">{reply.own_text}</blockquote>
      {/* the reading in the triage queue's own words (readingInWords: what, how sure, a stop's hint) */}
      <p className="muted" data-testid="approval-reading">
        {reply.reading.words} Received {fmtTime(reply.received_at)}.
      </p>
      <p data-testid="approval-effect">{reply.effect}</p>
      <p>
        Your approval is your triage decision, as in the triage queue. The agent is checked again first, and
        the enrollment must be as the agent saw it ({reply.enrollment_status ?? "ended"} now): if it moved,
        nothing runs.
      </p>
    </div>
  );
}

/** A reply automation class's change: the class as it stands, the agent's reason, what it would do. */
function AutomationChange({ r }: { r: AgentApproval }) {
  const a = r.automation!;
  const c = a.automation_class;
  const rate = c.rate === null ? "no decisions yet" : `${Math.round(c.rate * 100)}% agreed`;
  return (
    <div className="card">
      <p>
        <strong data-testid="approval-agent">{r.request.agent}</strong> asks you to{" "}
        {r.request.automation_change?.action === "reopen" ? "reopen" : "close by hand"} the reply automation
        class{" "}
        <strong data-testid="approval-class">
          {c.intent} / {c.language}
        </strong>{" "}
        (now {c.state.replaceAll("_", " ")}: {c.decided} decisions, {rate}, band {c.min_confidence}).
      </p>
      <blockquote data-testid="approval-reason">{a.reason}</blockquote>
      <p data-testid="approval-effect">{a.effect}</p>
      <p>
        Your approval is yours, as on the Automation page. The agent is checked again first, and the class is
        read as it stands then.
      </p>
    </div>
  );
}
