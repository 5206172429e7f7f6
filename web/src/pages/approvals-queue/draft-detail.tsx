// The approvals queue's open draft: what goes out (the words, editable, and the compliance footer a
// commercial email gets), the coordinator's verdict if it went out now, what is still to fill, the
// step's writing instructions, and approve or reject with a reason.
import { useEffect, useState } from "react";
import { describeUnfinished, isUnfinished, ownWordsOf, unfinishedParts } from "../../drafts.ts";
import { fmtTime, label } from "../../format.ts";
import { Link } from "../../router.tsx";
import {
  campaignOf,
  type Draft,
  FooterPreview,
  type SenderIdentity,
  senderIdentity,
} from "../inbox-page.tsx";
import { ctxOf } from "./draft-context.ts";
import { useVerdict } from "./use-verdict.ts";

export function DraftDetail(p: {
  draft: Draft;
  campaignName: string;
  subject: string;
  body: string;
  onWords(subject: string, body: string): void;
  bodyRef: React.RefObject<HTMLTextAreaElement | null>;
  rejecting: boolean;
  onApprove(): void;
  onReject(reason: string): void;
  onCancelReject(): void;
  onAskReject(): void;
}) {
  const d = p.draft;
  const c = ctxOf(d);
  const [reason, setReason] = useState("");
  const [footer, setFooter] = useState<{ identity: SenderIdentity | null } | null>(null);
  const [instructions, setInstructions] = useState("");
  const verdict = useVerdict(d);
  useEffect(() => {
    if (!c.campaign_slug) return;
    let live = true;
    void campaignOf(String(c.campaign_slug)).then(async (camp) => {
      if (!live) return;
      setInstructions(
        camp?.steps.find((s) => s.step_number === Number(c.step_number))?.template_instructions ?? "",
      );
      const commercial = d.channel === "email" && !!camp && camp.kind !== "transactional";
      const identity = commercial ? await senderIdentity() : null;
      if (live) setFooter(commercial ? { identity } : null);
    });
    return () => {
      live = false;
    };
  }, [c.campaign_slug, c.step_number, d.channel]);
  const unfinished = unfinishedParts(d.channel === "email" ? p.subject : null, p.body, ownWordsOf(d.context));
  const id = d.id.slice(0, 8);
  return (
    <article className="card" data-testid="draft" aria-labelledby={`d-${id}`}>
      <h2 id={`d-${id}`}>
        {String(c.contact_name ?? d.to_id)} <span className="muted">{String(c.company ?? "")}</span>
      </h2>
      <p className="muted">
        {p.campaignName} · step {String(c.step_number ?? "—")} ({label(String(c.content_type ?? ""))}) ·{" "}
        {d.channel} to {d.to_id} · drafted by {d.drafted_by} {fmtTime(d.created_at)}
        {c.contact_id ? (
          <>
            {" "}
            · <Link to={`/contacts/${c.contact_id}`}>prospect timeline</Link>
          </>
        ) : null}
      </p>
      {d.channel === "email" ? (
        <div className="field">
          <label htmlFor={`subj-${id}`}>Subject</label>
          <input id={`subj-${id}`} value={p.subject} onChange={(e) => p.onWords(e.target.value, p.body)} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`body-${id}`}>Message</label>
        <textarea
          id={`body-${id}`}
          ref={p.bodyRef}
          rows={8}
          value={p.body}
          onChange={(e) => p.onWords(p.subject, e.target.value)}
        />
      </div>
      {footer ? <FooterPreview identity={footer.identity} /> : null}
      <p data-testid="draft-verdict" className={verdict?.verdict === "blocked" ? "warn-box" : "muted"}>
        {verdict === undefined
          ? "Asking the coordinator…"
          : verdict === null
            ? "The coordinator's verdict: no live enrollment to judge."
            : `If sent now, the coordinator: ${verdict.verdict}${verdict.reason ? ` (${verdict.reason})` : ""}${
                verdict.until ? `, until ${fmtTime(verdict.until)}` : ""
              }.`}
      </p>
      {isUnfinished(unfinished) ? (
        <p className="warn-box" data-testid="draft-unfinished">
          {describeUnfinished(unfinished)}
        </p>
      ) : null}
      {p.rejecting ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            p.onReject(reason);
          }}
        >
          <div className="field">
            <label htmlFor={`rej-${id}`}>Reject reason</label>
            {/* biome-ignore lint/a11y/noAutofocus: `r` opens the reason to type */}
            <input id={`rej-${id}`} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="danger">
            Reject
          </button>
          <button type="button" onClick={p.onCancelReject}>
            Back
          </button>
        </form>
      ) : (
        <div className="row">
          <button type="button" className="primary" disabled={isUnfinished(unfinished)} onClick={p.onApprove}>
            <kbd className="key">a</kbd> Approve and next
          </button>
          <button type="button" className="danger" onClick={p.onAskReject}>
            <kbd className="key">r</kbd> Reject…
          </button>
        </div>
      )}
      <h3>Writing instructions for this step</h3>
      <p data-testid="instructions">{instructions || <span className="muted">—</span>}</p>
    </article>
  );
}
