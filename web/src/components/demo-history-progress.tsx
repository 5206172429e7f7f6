// Issue 37 item 8: on the first start the server builds the demo's past 60 days in the background.
// Pages whose figures come from that history show its progress instead of zeroes, and load their
// data once it is complete.
import { type ReactNode, useEffect, useRef, useState } from "react";
import { get } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";

type DemoHistoryStatus = ApiResponse<"getWorkspaceDemoHistory">;

const POLL_MS = 2000;

/** The history's status, polled while it is being built; null until the first answer. */
export function useDemoHistory(): DemoHistoryStatus | null {
  const [status, setStatus] = useState<DemoHistoryStatus | null>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      get<DemoHistoryStatus>("/api/v1/workspace/demo-history")
        .then((s) => {
          if (stop) return;
          setStatus(s);
          if (s.state === "building") timer = setTimeout(poll, POLL_MS);
        })
        // the page's own request shows what went wrong; without the status the page shows its data
        .catch(() => !stop && setStatus({ state: "none", days_done: 0, days: 0 }));
    };
    poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);
  return status;
}

/** The sentence and bar shown while the history is being built. */
export function DemoHistoryProgress({ status, what }: { status: DemoHistoryStatus; what: string }) {
  return (
    <div className="card demo-history" role="status" data-testid="demo-history-progress">
      <p>
        Building the demo's past {status.days} days: day {status.days_done} of {status.days}.
      </p>
      <progress
        value={status.days_done}
        max={status.days}
        aria-label={`Demo history: day ${status.days_done} of ${status.days}`}
      />
      <p className="muted">{what} appear when it is done; the rest of the workspace works meanwhile.</p>
    </div>
  );
}

/**
 * Shows the progress while the history is being built, the children otherwise; calls onDone when a
 * build it watched completes, so the page reloads its figures.
 */
export function DemoHistoryGate({
  what,
  onDone,
  children,
}: {
  what: string;
  onDone?: () => void;
  children: ReactNode;
}) {
  const status = useDemoHistory();
  const watched = useRef(false);
  useEffect(() => {
    if (status?.state === "building") watched.current = true;
    else if (status && watched.current) {
      watched.current = false;
      onDone?.();
    }
  }, [status, onDone]);
  if (status === null) return null;
  if (status.state === "building") return <DemoHistoryProgress status={status} what={what} />;
  return <>{children}</>;
}
