// The open task of the queue (issue 60 item 4): who, where, which campaign and step, the words to
// send; the profile in one click (a real link, a new tab), the message copied in one, then done,
// skip with a reason or snooze to a time. The forms take the keyboard: the first field has the focus,
// Enter decides, Escape (the page's) closes.
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { channelLabel } from "../../../src/channels/contract.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import {
  CALL_EXIT_REASONS,
  localInputValue,
  outcomesOf,
  type QueueTask,
  SKIP_REASONS,
  snoozePresets,
  type TaskOutcomeChoice,
} from "../tasks.ts";

/** The open form: skip, snooze, or the exit reason of an outcome that may end the enrollment. */
export type TaskForm = "skip" | "snooze" | `outcome:${string}` | null;

export function TaskDetail(p: {
  task: QueueTask;
  form: TaskForm;
  busy: boolean;
  error: unknown;
  copied: boolean;
  onForm(f: TaskForm): void;
  onComplete(): void;
  /** A personal send (the exec's close step): send it from his own connected mailbox in one click */
  onSendFromMailbox?(): void;
  /** An outcome button (a call's); onCall records it with the exit reason its form asked for. */
  onOutcome(o: TaskOutcomeChoice): void;
  onCall(o: TaskOutcomeChoice, exitReason: string | null): void;
  onSkip(reason: string, note: string): void;
  onSnooze(until: Date): void;
  onCopy(): void;
}) {
  const t = p.task;
  const message = t.subject ? `${t.subject}\n\n${t.body}` : t.body;
  const outcomes = outcomesOf(t.channel);
  const call = t.link?.url.startsWith("tel:") ?? false;
  const followUp = t.kind === "signal_follow_up";
  const asking = outcomes.find((o) => p.form === `outcome:${o.name}`);
  return (
    <article className="card reply-detail" aria-labelledby="task-h" data-testid="task-detail">
      <h2 id="task-h">
        {t.prospect.name}
        {t.company ? <span className="muted"> · {t.company.name}</span> : null}
      </h2>
      <dl className="context">
        {t.prospect.title ? (
          <>
            <dt>Title</dt>
            <dd>{t.prospect.title}</dd>
          </>
        ) : null}
        {t.campaign && t.step && t.channel ? (
          <>
            <dt>Campaign</dt>
            <dd>
              <Link to={`/campaigns/${t.campaign.slug}`}>{t.campaign.name}</Link>
            </dd>
            <dt>Step</dt>
            <dd>
              {t.step.number}
              {t.step.content_type ? ` · ${label(t.step.content_type)}` : ""} ({channelLabel(t.channel)})
            </dd>
          </>
        ) : (
          <>
            <dt>From</dt>
            <dd>a follow-up made in the Signals view: no touch is recorded when it is done</dd>
          </>
        )}
        <dt>Due</dt>
        <dd>{fmtTime(t.due_at)}</dd>
        <dt>Prospect</dt>
        <dd>
          <Link to={`/contacts/${t.prospect.id}`}>timeline</Link>
        </dd>
      </dl>
      <div className="row">
        {t.link && call ? (
          <a className="button" href={t.link.url} data-testid="task-link">
            {t.link.label} <kbd className="key">o</kbd>
          </a>
        ) : t.link ? (
          <a
            className="button"
            href={t.link.url}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="task-link"
          >
            Open {t.link.label} <kbd className="key">o</kbd>
          </a>
        ) : followUp ? null : (
          <span className="warn-box">
            {outcomes.length ? "No usable number on record" : "No profile on record"}: find {t.prospect.name}{" "}
            by name.
          </span>
        )}
        <button type="button" onClick={p.onCopy} data-testid="task-copy" aria-live="polite">
          {p.copied ? "Copied ✓" : followUp ? "Copy note" : outcomes.length ? "Copy script" : "Copy message"}{" "}
          <kbd className="key">y</kbd>
        </button>
      </div>
      {t.at_once_held ? (
        <p className="warn-box" role="note" data-testid="task-at-once-held">
          {t.at_once_held}
        </p>
      ) : null}
      <label htmlFor="task-message">
        {followUp
          ? "What to follow up on"
          : outcomes.length
            ? "Call script, as approved"
            : "Message to send, as approved"}
      </label>
      <textarea id="task-message" className="task-message" readOnly rows={7} value={message} />
      {outcomes.length ? (
        <fieldset className="row" data-testid="task-outcomes">
          <legend>How did the call go? Recording it opens the next task.</legend>
          {outcomes.map((o, i) => (
            <button
              key={o.name}
              type="button"
              className={i === 0 ? "primary" : undefined}
              aria-pressed={asking === o}
              disabled={p.busy}
              onClick={() => p.onOutcome(o)}
            >
              {o.label} <kbd className="key">{o.key}</kbd>
            </button>
          ))}
        </fieldset>
      ) : null}
      {asking ? <ExitForm outcome={asking} busy={p.busy} onCall={p.onCall} /> : null}
      <div className="row">
        {t.kind === "personal_send" && p.onSendFromMailbox ? (
          <button type="button" className="primary" disabled={p.busy} onClick={p.onSendFromMailbox}>
            Send from my mailbox
          </button>
        ) : null}
        {outcomes.length ? null : (
          <button
            type="button"
            className={t.kind === "personal_send" && p.onSendFromMailbox ? undefined : "primary"}
            disabled={p.busy}
            onClick={p.onComplete}
          >
            {t.kind === "personal_send" ? "I sent it myself, done" : "Done, next"}{" "}
            <kbd className="key">c</kbd>
          </button>
        )}
        <button type="button" disabled={p.busy} onClick={() => p.onForm(p.form === "skip" ? null : "skip")}>
          Skip… <kbd className="key">s</kbd>
        </button>
        <button
          type="button"
          disabled={p.busy}
          onClick={() => p.onForm(p.form === "snooze" ? null : "snooze")}
        >
          Snooze… <kbd className="key">z</kbd>
        </button>
      </div>
      {p.form === "skip" ? <SkipForm busy={p.busy} onSkip={p.onSkip} /> : null}
      {p.form === "snooze" ? <SnoozeForm busy={p.busy} onSnooze={p.onSnooze} /> : null}
      <ErrorNote error={p.error} />
    </article>
  );
}

/** A connected call: the enrollment goes on, or ends with one of the exit reasons (Enter records). */
function ExitForm({
  outcome,
  busy,
  onCall,
}: {
  outcome: TaskOutcomeChoice;
  busy: boolean;
  onCall(o: TaskOutcomeChoice, exitReason: string | null): void;
}) {
  const [reason, setReason] = useState("");
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <form
      className="decision-form"
      aria-label={`Record the call: ${outcome.label.toLowerCase()}`}
      data-testid="exit-form"
      onKeyDown={submitOnSelectEnter}
      onSubmit={(e) => {
        e.preventDefault();
        onCall(outcome, reason || null);
      }}
    >
      <label htmlFor="exit-reason">End the enrollment? (optional)</label>
      <select id="exit-reason" ref={first} value={reason} onChange={(e) => setReason(e.target.value)}>
        <option value="">No: the cadence goes on</option>
        {CALL_EXIT_REASONS.map((r) => (
          <option key={r} value={r}>
            Yes: {label(r)}
          </option>
        ))}
      </select>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Record {outcome.label.toLowerCase()}, next
        </button>
        <span className="muted">
          The call is a touch; an exit reason routes the contact by the campaign's on_exit.
        </span>
      </div>
    </form>
  );
}

/** Enter on a select decides too (a select does not submit its form by itself). */
function submitOnSelectEnter(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === "Enter" && e.target instanceof HTMLSelectElement) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}

function SkipForm({ busy, onSkip }: { busy: boolean; onSkip(reason: string, note: string): void }) {
  const [reason, setReason] = useState<string>(SKIP_REASONS[0][0]);
  const [note, setNote] = useState("");
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <form
      className="decision-form"
      aria-label="Skip this task"
      data-testid="skip-form"
      onKeyDown={submitOnSelectEnter}
      onSubmit={(e) => {
        e.preventDefault();
        onSkip(reason, note.trim());
      }}
    >
      <label htmlFor="skip-reason">Why skip it</label>
      <select id="skip-reason" ref={first} value={reason} onChange={(e) => setReason(e.target.value)}>
        {SKIP_REASONS.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <label htmlFor="skip-note">Note (optional)</label>
      <input id="skip-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="row">
        <button type="submit" className="danger" disabled={busy}>
          Skip task
        </button>
        <span className="muted">No touch is made; the reason goes to the prospect's timeline.</span>
      </div>
    </form>
  );
}

function SnoozeForm({ busy, onSnooze }: { busy: boolean; onSnooze(until: Date): void }) {
  const [presets] = useState(() => snoozePresets(new Date()));
  const [custom, setCustom] = useState(() => localInputValue(presets[2].until));
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  // 1–4 pick a preset while the form is open
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.target instanceof HTMLInputElement) return;
    const i = Number(e.key) - 1;
    if (Number.isInteger(i) && presets[i]) {
      e.preventDefault();
      onSnooze(presets[i].until);
    }
  };
  return (
    <form
      className="decision-form"
      aria-label="Snooze this task"
      data-testid="snooze-form"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        const until = new Date(custom);
        if (!Number.isNaN(until.getTime())) onSnooze(until);
      }}
    >
      <div className="row">
        {presets.map((s, i) => (
          <button
            key={s.label}
            type="button"
            ref={i === 0 ? first : undefined}
            disabled={busy}
            onClick={() => onSnooze(s.until)}
          >
            {s.label} <kbd className="key">{i + 1}</kbd>
          </button>
        ))}
      </div>
      <label htmlFor="snooze-until">Or until</label>
      <div className="row">
        <input
          id="snooze-until"
          type="datetime-local"
          value={custom}
          min={localInputValue(new Date())}
          onChange={(e) => setCustom(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          Snooze
        </button>
      </div>
    </form>
  );
}
