// One reply waiting for a person (issue 56 item 2): the reply's own words with the quoted original
// folded (a click or `e` unfolds it), how the classifier read it and how sure it was, who wrote it
// and where, and what each choice will do, in the API's sentence, with its key.
import type { ReactNode } from "react";
import { fmtTime, label } from "../format.ts";
import { CHOICES, type ChoiceKind, type TriageReply } from "../reply-triage.ts";
import { Link } from "../router.tsx";

export function ReplyDetail({
  reply,
  quoteOpen,
  onQuoteToggle,
  onChoose,
  selected,
  children,
}: {
  reply: TriageReply;
  quoteOpen: boolean;
  onQuoteToggle(open: boolean): void;
  onChoose(kind: ChoiceKind): void;
  /** how many replies are selected: the choices apply to them instead */
  selected: number;
  /** the open choice's form (a reason, a date, a person), under the choices */
  children?: ReactNode;
}) {
  const r = reply.reading;
  const quoted = reply.quoted_text?.trim() ?? "";
  return (
    <article className="card reply-detail" data-testid="reply-detail" data-reply-id={reply.id}>
      <h2 id="reply-detail-h">
        {reply.contact.name ?? reply.contact.email ?? "Unknown sender"}
        {reply.subject ? <span className="muted"> · {reply.subject}</span> : null}
      </h2>
      <dl className="context">
        <dt>From</dt>
        <dd>
          <Link to={`/contacts/${reply.contact.id}`} data-testid="reply-contact">
            {reply.contact.name ?? reply.contact.email ?? "the prospect"}
          </Link>
          {reply.contact.email && reply.contact.name ? (
            <span className="muted"> {reply.contact.email}</span>
          ) : null}
        </dd>
        <dt>Account</dt>
        <dd>
          {reply.account.id ? (
            <Link
              to={`/contacts?account_id=${encodeURIComponent(reply.account.id)}`}
              data-testid="reply-account"
            >
              {reply.account.name ?? "the account"}
            </Link>
          ) : (
            (reply.account.name ?? "—")
          )}
        </dd>
        <dt>Campaign</dt>
        <dd>
          <Link to={`/campaigns/${reply.campaign.slug}`}>{reply.campaign.name ?? reply.campaign.slug}</Link>
          {reply.step ? <span className="muted"> · after step {reply.step}</span> : null}
        </dd>
        <dt>Received</dt>
        <dd>
          {fmtTime(reply.received_at)}
          {reply.channel ? <span className="muted"> · {reply.channel}</span> : null}
        </dd>
      </dl>
      <blockquote className="reply-own" data-testid="reply-own-text">
        {reply.own_text.trim() || <span className="muted">(no words of their own)</span>}
      </blockquote>
      {quoted ? (
        <details
          className="reply-quoted"
          data-testid="reply-quoted"
          open={quoteOpen}
          onToggle={(e) => onQuoteToggle((e.target as HTMLDetailsElement).open)}
        >
          <summary>
            Quoted original ({quoted.split("\n").length} line{quoted.split("\n").length === 1 ? "" : "s"})
            <kbd className="key">e</kbd>
          </summary>
          <div className="story-body">{quoted}</div>
        </details>
      ) : null}
      <p data-testid="reply-reading">
        Read as <strong data-testid="reply-intent">{label(r.intent)}</strong>
        {r.confidence !== null ? (
          <>
            {" "}
            · <span data-testid="reply-confidence">{Math.round(r.confidence * 100)}% sure</span>
          </>
        ) : null}
        {r.by ? <span className="muted"> · by {r.by}</span> : null}
        {r.return_date ? <span> · date in the reply: {r.return_date.slice(0, 10)}</span> : null}
        {r.referral && (r.referral.name || r.referral.email) ? (
          <span> · names {[r.referral.name, r.referral.email].filter(Boolean).join(", ")}</span>
        ) : null}
      </p>
      {r.stop_signal ? (
        <p className="warn-box" data-testid="stop-signal">
          This reply may ask to stop. Every automatic touch to this person waits until you decide.
        </p>
      ) : null}
      <h3 id="reply-choices-h">
        {selected ? `What to do with the ${selected} selected replies` : "What to do"}
      </h3>
      <ul className="choices" aria-labelledby="reply-choices-h">
        {CHOICES.map((c) => (
          <li key={c.kind}>
            <button
              type="button"
              className={`choice-button${c.kind === "continue" ? " primary" : c.kind === "opt_out" ? " danger" : ""}`}
              onClick={() => onChoose(c.kind)}
              data-testid={`choose-${c.kind}`}
            >
              <kbd className="key">{c.key}</kbd> {c.label}
            </button>
            <span className="muted" data-testid={`effect-${c.kind}`}>
              {reply.choices[c.kind] ?? ""}
            </span>
          </li>
        ))}
      </ul>
      {children}
    </article>
  );
}
