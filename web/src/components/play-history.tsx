// The edit history as a diff against the brain's draft: for each edited field, the brain's value
// (the "from" of its first edit) against the current value; then every edit, who and when.
import { diffTokens, tokensOf } from "../diff.ts";
import { fmtTime, label } from "../format.ts";
import type { Play } from "../plays.ts";

// The API's schema leaves the diff log's items open (src/api/schemas/plays.ts: Type.Any(), with this
// shape in its description): the database appends them, so the page reads them as it describes.
interface ReviewEdit {
  at: string;
  by_user_id: string;
  by_name?: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
  approvals_withdrawn?: boolean;
}

export function PlayHistory({ play, people }: { play: Play; people: Record<string, string> }) {
  const edits = (play.edits_during_review ?? []) as ReviewEdit[];
  const brain: Record<string, unknown> = {};
  for (const e of edits)
    for (const [field, c] of Object.entries(e.changes ?? {})) if (!(field in brain)) brain[field] = c.from;
  const fields = Object.keys(brain);
  return (
    <section className="card" aria-labelledby="hist-h" data-testid="history">
      <h2 id="hist-h">Edit history vs the brain draft ({play.writer_agent_id})</h2>
      {fields.length === 0 ? (
        <p className="muted">No edits yet: this is the brain's draft as written.</p>
      ) : null}
      {fields.map((field) => {
        const current = (play as any)[field];
        const parts = diffTokens(tokensOf(brain[field]), tokensOf(current));
        return (
          <div key={field} className="field" data-testid={`diff-${field}`}>
            <h3>{label(field)}</h3>
            <div className="diff">
              {parts.map((p, i) =>
                p.kind === "same" ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: positional diff
                  <span key={i}>{p.text}</span>
                ) : p.kind === "add" ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: positional diff
                  <ins key={i}>{p.text}</ins>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: positional diff
                  <del key={i}>{p.text}</del>
                ),
              )}
            </div>
          </div>
        );
      })}
      {edits.length ? (
        <ol className="timeline">
          {edits.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log is append-only
            <li key={i}>
              {fmtTime(e.at)} · {e.by_name ?? people[e.by_user_id] ?? e.by_user_id} changed{" "}
              {Object.keys(e.changes ?? {})
                .map(label)
                .join(", ")}
              {e.approvals_withdrawn ? <span className="badge rejected"> approvals withdrawn</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
