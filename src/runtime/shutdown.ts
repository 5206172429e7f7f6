// Graceful shutdown for the server (src/main.ts) and 'baton engine work': on SIGTERM or SIGINT,
// stop claiming, let the batch in flight finish (its leases are handed back), drain HTTP, close the
// database and exit. A hard timer forces the exit at SHUTDOWN_DEADLINE_MS whatever is still
// running (the leases of a batch cut short then return when they run out; the send ledger keeps
// every message at most once). A second signal exits at once.
export const SHUTDOWN_DEADLINE_MS = 10_000;

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** Resolves on the first SIGTERM/SIGINT, and arms the hard exit timer then. */
export function shutdownSignal(
  opts: { deadlineMs?: number; log?: (line: string) => void } = {},
): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (seen) {
        opts.log?.(`baton: ${signal} again, exiting now`);
        process.exit(1);
      }
      seen = true;
      forceExitAfter(opts.deadlineMs ?? SHUTDOWN_DEADLINE_MS, opts.log);
      resolve(signal);
    };
    for (const s of SIGNALS) process.on(s, onSignal);
  });
}

/** Exits the process after `ms` unless it ended before (the timer does not keep it alive). */
export function forceExitAfter(ms: number, log?: (line: string) => void): void {
  const timer = setTimeout(() => {
    log?.(`baton: shutdown took longer than ${ms} ms, exiting now`);
    process.exit(1);
  }, ms);
  timer.unref();
}
