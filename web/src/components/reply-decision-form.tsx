// The one more thing some choices ask before they are decided (issue 56 item 2): an exit's reason,
// the date to try again (prefilled with the date read from the reply), the person a referral names
// (prefilled from the reading), or a confirmation of an opt-out, which cannot be taken back. Enter
// decides, Escape goes back to the queue; the first field has the focus, so the keyboard never
// leaves the form.
import { useEffect, useRef, useState } from "react";
import { EXIT_REASONS } from "../campaign-draft.ts";
import { label } from "../format.ts";
import { type Decision, dayOf, type TriageReply } from "../reply-triage.ts";

export type AskingKind = "exit" | "opt_out" | "later" | "referral";

export function ReplyDecisionForm({
  kind,
  replies,
  now,
  onDecide,
  onCancel,
}: {
  kind: AskingKind;
  /** the replies the decision is for (one, or the selection) */
  replies: TriageReply[];
  now: Date;
  onDecide(d: Decision): void;
  onCancel(): void;
}) {
  const first = replies[0];
  const [reason, setReason] = useState<string>("rejected");
  // a delay without a date in the reply: a month from today, to be edited
  const [until, setUntil] = useState(() => dayOf(first?.reading.return_date ?? null, now));
  const [name, setName] = useState(first?.reading.referral?.name ?? "");
  const [email, setEmail] = useState(first?.reading.referral?.email ?? "");
  const [replier, setReplier] = useState<"exit" | "hold">("exit");
  const firstField = useRef<HTMLElement>(null);
  useEffect(() => {
    firstField.current?.focus();
  }, []);
  const many = replies.length > 1 ? ` (${replies.length} replies)` : "";
  const submit = () => {
    switch (kind) {
      case "exit":
        return onDecide({ kind, reason });
      case "opt_out":
        return onDecide({ kind });
      case "later":
        return until ? onDecide({ kind, until }) : undefined;
      case "referral":
        return name.trim() || email.trim()
          ? onDecide({ kind, name: name.trim(), email: email.trim(), replier })
          : undefined;
    }
  };
  return (
    <form
      className="decision-form"
      data-testid={`form-${kind}`}
      aria-label={`Decide${many}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      {kind === "exit" ? (
        <div className="field">
          <label htmlFor="triage-exit-reason">Exit reason{many}</label>
          <select
            id="triage-exit-reason"
            ref={firstField as React.RefObject<HTMLSelectElement>}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              // Enter on a closed select decides, as in the other forms
              if (e.key === "Enter") {
                e.preventDefault();
                submit();
              }
            }}
          >
            {EXIT_REASONS.map((r) => (
              <option key={r} value={r}>
                {label(r)}
              </option>
            ))}
          </select>
          <span className="hint">
            A positive reason (converted, meeting, registered) follows the campaign's on_exit.
          </span>
        </div>
      ) : null}
      {kind === "opt_out" ? (
        <p>
          Opt {replies.length > 1 ? `these ${replies.length} people` : "this person"} out of every campaign?
          It cannot be taken back.
        </p>
      ) : null}
      {kind === "later" ? (
        <div className="field">
          <label htmlFor="triage-later-until">Try again on{many}</label>
          <input
            id="triage-later-until"
            type="date"
            ref={firstField as React.RefObject<HTMLInputElement>}
            value={until}
            min={now.toISOString().slice(0, 10)}
            onChange={(e) => setUntil(e.target.value)}
            required
          />
          <span className="hint" data-testid="later-hint">
            {first?.reading.return_date
              ? "The date read from the reply; change it if it was read wrong."
              : "The reply names no date: a month from today is proposed."}
          </span>
        </div>
      ) : null}
      {kind === "referral" ? (
        <div className="row">
          <div className="field">
            <label htmlFor="triage-referral-name">Name of the person named</label>
            <input
              id="triage-referral-name"
              ref={firstField as React.RefObject<HTMLInputElement>}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="triage-referral-email">Their email</label>
            <input
              id="triage-referral-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="triage-referral-replier">The replier's own enrollment</label>
            <select
              id="triage-referral-replier"
              value={replier}
              onChange={(e) => setReplier(e.target.value as "exit" | "hold")}
            >
              <option value="exit">exits (disqualified)</option>
              <option value="hold">stays held</option>
            </select>
          </div>
          <span className="hint">
            A new contact at the same account, proposed to the exec for enrollment; nothing is sent before the
            exec routes it.
          </span>
        </div>
      ) : null}
      <div className="row">
        <button
          type="submit"
          className={kind === "opt_out" ? "danger" : "primary"}
          data-testid="decision-confirm"
          ref={kind === "opt_out" ? (firstField as React.RefObject<HTMLButtonElement>) : undefined}
        >
          {kind === "opt_out" ? "Opt out" : "Decide"} <kbd className="key">Enter</kbd>
        </button>
        <button type="button" onClick={onCancel}>
          Cancel <kbd className="key">Esc</kbd>
        </button>
      </div>
    </form>
  );
}
