// The in-process engine loop's heartbeat: beaten when a pass starts and when it ends; /readyz
// reads it (the loop has ticked within 3 ticks).
export class Heartbeat {
  readonly startedAt: Date;
  last: Date | null = null;
  constructor(now: Date = new Date()) {
    this.startedAt = now;
  }
  beat(at: Date = new Date()): void {
    this.last = at;
  }
  /** Milliseconds since the last beat (or since start, before the first one). */
  silentFor(now: Date = new Date()): number {
    return now.getTime() - (this.last ?? this.startedAt).getTime();
  }
}
