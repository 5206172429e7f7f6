// One reply waiting for a person (issue 56 item 2): the reply's own words with the quoted original
// folded (a click or `e` unfolds it), how the classifier read it, in words, and how sure it was (issue
// 72: never its rule names), with the choice the reading suggests highlighted, who wrote it
// and where, and what each choice will do, in the API's sentence, with its key. A choice this person
// may not take is shown disabled with the API's reason.
import type { ReactNode } from "react";
import { fmtTime, label, languageName } from "../format.ts";
import { CHOICES, type ChoiceKind, type TriageReply, type TriageReplyDetail } from "../reply-triage.ts";
import { Link } from "../router.tsx";

export function ReplyDetail({
  reply,
  quoteOpen,
  onQuoteToggle,
  onChoose,
  selected,
  asking,
  children,
}: {
  /** the list's row until the reply in full is in */
  reply: TriageReply | TriageReplyDetail;
  quoteOpen: boolean;
  onQuoteToggle(open: boolean): void;
  onChoose(kind: ChoiceKind): void;
  /** how many replies are selected: the choices apply to them instead */
  selected: number;
  /** the choice whose form is open: the form (children) shows under it */
  asking?: ChoiceKind | null;
  /** the open choice's form (a reason, a date, a person) */
  children?: ReactNode;
}) {
  const full = "own_text" in reply ? reply : null;
  const r = reply.reading;
  const c = reply.contact;
  const quoted = full?.quoted_text?.trim() ?? "";
  const quotedLines = quoted ? quoted.split("\n").length : 0;
  // the choice the reading suggests is the highlighted one (issue 72); with several replies selected, none
  const suggested = selected ? null : reply.suggested;
  return (
    <article
      className="card reply-detail"
      aria-labelledby="reply-detail-h"
      data-testid="reply-detail"
      data-reply-id={reply.reply_id}
      aria-busy={full ? undefined : "true"}
    >
      <h2 id="reply-detail-h">{c.full_name}</h2>
      <dl className="context">
        <dt>From</dt>
        <dd>
          <Link to={`/contacts/${c.contact_id}`} data-testid="reply-contact">
            {c.full_name}
          </Link>
          {c.title ? <span className="muted"> · {c.title}</span> : null}
          {c.email ? <span className="muted"> · {c.email}</span> : null}
        </dd>
        <dt>Account</dt>
        <dd>
          {c.account ? (
            <Link
              to={`/contacts?account_id=${encodeURIComponent(c.account.account_id)}`}
              data-testid="reply-account"
            >
              {c.account.name}
            </Link>
          ) : (
            "—"
          )}
        </dd>
        <dt>Campaign</dt>
        <dd>
          {reply.campaign ? (
            <Link to={`/campaigns/${reply.campaign.slug}`}>{reply.campaign.name}</Link>
          ) : (
            <span className="muted">no live campaign</span>
          )}
        </dd>
        <dt>Received</dt>
        <dd>
          {fmtTime(reply.received_at)}
          <span className="muted"> · {reply.channel}</span>
        </dd>
      </dl>
      <blockquote className="reply-own" data-testid="reply-own-text">
        {(full ? full.own_text : reply.excerpt).trim() || (
          <span className="muted">(no words of their own)</span>
        )}
      </blockquote>
      {quoted ? (
        <details
          className="reply-quoted"
          data-testid="reply-quoted"
          open={quoteOpen}
          onToggle={(e) => onQuoteToggle((e.target as HTMLDetailsElement).open)}
        >
          <summary>
            Quoted original ({quotedLines} line{quotedLines === 1 ? "" : "s"})<kbd className="key">e</kbd>
          </summary>
          <div className="story-body">{quoted}</div>
        </details>
      ) : null}
      <p data-testid="reply-reading">
        Read as <strong data-testid="reply-intent">{label(r.intent)}</strong>
        {" · "}
        <span data-testid="reply-confidence">{Math.round(r.confidence * 100)}% sure</span>
        {r.language ? <span className="muted"> · {languageName(r.language)}</span> : null}
        {r.return_date ? <span> · date in the reply: {r.return_date.slice(0, 10)}</span> : null}
        {r.referral && (r.referral.name || r.referral.email) ? (
          <span> · names {[r.referral.name, r.referral.email].filter(Boolean).join(", ")}</span>
        ) : null}
      </p>
      <p className="muted" data-testid="reply-words">
        {r.words}
      </p>
      {r.stop_signal ? (
        <p className="warn-box" data-testid="stop-signal">
          This reply may ask to stop: every automatic touch to {c.full_name} waits until you decide.
        </p>
      ) : null}
      <h3 id="reply-choices-h">
        {selected ? `What to do with the ${selected} selected replies` : "What to do"}
      </h3>
      <ul className="choices" aria-labelledby="reply-choices-h">
        {CHOICES.map((choice) => {
          const view = full?.choices.find((v) => v.decision === choice.kind);
          const refused = view && !view.allowed;
          return (
            <li key={choice.kind}>
              <button
                type="button"
                className={`choice-button${choice.kind === suggested ? " primary" : ""}${choice.kind === "opt_out" ? " danger" : ""}`}
                data-suggested={choice.kind === suggested ? "true" : undefined}
                title={choice.kind === suggested ? "What the reading suggests" : undefined}
                disabled={refused}
                onClick={() => onChoose(choice.kind)}
                data-testid={`choose-${choice.kind}`}
              >
                <kbd className="key">{choice.key}</kbd> {choice.label}
              </button>
              <span className="muted" data-testid={`effect-${choice.kind}`}>
                {refused ? `Not for you: ${view.why_not}` : (view?.effect ?? "")}
              </span>
              {asking === choice.kind ? <div className="choice-form">{children}</div> : null}
            </li>
          );
        })}
      </ul>
    </article>
  );
}
