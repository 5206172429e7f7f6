// The approvals queue's list: the drafts waiting, oldest first, as a listbox (the page's keys move
// and select in it), each with its contact, first line, campaign, step and age, and "to fill" when
// it is not ready.
import { fmtTime } from "../../format.ts";
import type { Draft } from "../inbox-page.tsx";
import { ctxOf, notReady } from "./draft-context.ts";

export function DraftList({
  items,
  current,
  selected,
  listRef,
  campaignName,
  onOpen,
}: {
  items: Draft[];
  current: Draft | null;
  selected: ReadonlySet<string>;
  listRef: React.RefObject<HTMLDivElement | null>;
  campaignName(d: Draft): string;
  onOpen(id: string): void;
}) {
  return (
    <div
      ref={listRef}
      className="triage-list card"
      role="listbox"
      aria-label="Drafts waiting, oldest first"
      aria-multiselectable="true"
      aria-activedescendant={current ? `appr-${current.id}` : undefined}
      tabIndex={0}
    >
      {items.map((d) => {
        const c = ctxOf(d);
        const why = notReady(d);
        return (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the list's keys are the page's (j/k/x)
          <div
            key={d.id}
            id={`appr-${d.id}`}
            role="option"
            tabIndex={-1}
            data-testid="approval-row"
            aria-selected={selected.has(d.id)}
            aria-current={d.id === current?.id ? "true" : undefined}
            className={selected.has(d.id) ? "selected" : undefined}
            onClick={() => onOpen(d.id)}
          >
            <span className="triage-open">
              <span className="row">
                <strong>{String(c.contact_name ?? d.to_id)}</strong>
                <span className="muted">{String(c.company ?? "")}</span>
                {why ? <span className="badge warn">to fill</span> : null}
              </span>
              <span className="excerpt">{d.subject ?? d.body.split("\n")[0]}</span>
              <span className="muted triage-when">
                {campaignName(d)} · step {String(c.step_number ?? "—")} · {fmtTime(d.created_at)}
              </span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
