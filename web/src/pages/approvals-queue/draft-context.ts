// What the approvals queue reads of a waiting draft: its context (the contact, company, campaign and
// step it was drafted for) and what still stands between it and its approval (web/src/drafts.ts: the
// server's own rule).
import { describeUnfinished, isUnfinished, ownWordsOf, unfinishedParts } from "../../drafts.ts";
import type { Draft } from "../inbox-page.tsx";

/** What still stands between a draft and its approval (null: ready). */
export function notReady(d: Draft): string | null {
  const u = unfinishedParts(d.channel === "email" ? d.subject : null, d.body, ownWordsOf(d.context));
  return isUnfinished(u) ? describeUnfinished(u) : null;
}

export const ctxOf = (d: Draft) => (d.context ?? {}) as Record<string, string | number | undefined>;
