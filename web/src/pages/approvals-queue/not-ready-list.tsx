// The drafts "Approve ready" left out, each with what is still to fill; a name opens the draft.
import type { Draft } from "../inbox-page.tsx";
import { ctxOf } from "./draft-context.ts";

export function NotReadyList({
  notReadyList,
  campaignName,
  onOpen,
}: {
  notReadyList: { d: Draft; why: string }[];
  campaignName(d: Draft): string;
  onOpen(id: string): void;
}) {
  return (
    <section className="card warn-box" aria-labelledby="not-ready-h" data-testid="not-ready">
      <h2 id="not-ready-h">Not approved: still to fill ({notReadyList.length})</h2>
      <ul>
        {notReadyList.map(({ d, why }) => (
          <li key={d.id}>
            <button type="button" className="link" onClick={() => onOpen(d.id)}>
              {String(ctxOf(d).contact_name ?? d.to_id)}
            </button>{" "}
            · {campaignName(d)}, step {ctxOf(d).step_number}: {why}
          </li>
        ))}
      </ul>
    </section>
  );
}
