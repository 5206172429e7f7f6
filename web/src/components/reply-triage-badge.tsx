// The number of replies waiting for the signed-in person (issue 56 item 2: "a count on the
// navigation"), beside the Replies link. The API counts what this person may decide (their role's
// queue; RevOps all); counted again after each decision and on each page opened.
import { useEffect, useState } from "react";
import { COUNT_PATH, TRIAGE_CHANGED } from "../reply-triage.ts";
import { useLocation } from "../router.tsx";
import { useApi } from "../use-api.ts";

export function ReplyTriageBadge() {
  const count = useApi<{ pending: number }>(COUNT_PATH);
  const { reload } = count;
  const { path } = useLocation();
  useEffect(() => {
    window.addEventListener(TRIAGE_CHANGED, reload);
    return () => window.removeEventListener(TRIAGE_CHANGED, reload);
  }, [reload]);
  const [seen, setSeen] = useState(path);
  if (seen !== path) {
    setSeen(path);
    reload();
  }
  const n = count.data?.pending ?? 0;
  if (n === 0) return null;
  return (
    <span className="badge count" data-testid="triage-badge">
      {n}
      <span className="sr-only"> repl{n === 1 ? "y" : "ies"} waiting</span>
    </span>
  );
}
