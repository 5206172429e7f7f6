// What a transport throws when a message did not go (issue 67 item 3): one vocabulary for every
// provider's errors. The ledger records it (failed, transient or not) and gives the mailbox's
// allowance back; a failure with `retryAt` is a deferral (the mailbox paused itself until the
// provider's Retry-After or its quota's reset, or waits for its owner's consent): the send item is
// rescheduled then without spending an attempt.
export class TransportFailure extends Error {
  readonly transient: boolean;
  readonly retryAt: Date | undefined;
  constructor(message: string, o: { transient: boolean; retryAt?: Date }) {
    super(message.replace(/\s+/g, " ").trim().slice(0, 500));
    this.transient = o.transient || o.retryAt !== undefined;
    this.retryAt = o.retryAt;
  }
}

export function isTransportFailure(e: unknown): e is TransportFailure {
  return e instanceof TransportFailure;
}
