// Step-funnel figures from rollup counts (pure): what a set of (metric, n) rows says about a step.
// Metric names are the rollup's (db/migrations/0140_learning.sql).

/** Exits that count as a conversion: the enrollment ended with the outcome it was after. */
export const CONVERTED_EXITS = ["converted", "meeting", "registered"] as const;
/** Reply classes that are not an answer from the person (left out of the reply rate). */
export const NOT_A_REPLY = ["out_of_office"] as const;

export interface MetricCount {
  metric: string;
  n: number;
}

export interface StepFigures {
  sent: number;
  /** sent and not bounced */
  delivered: number;
  bounced: number;
  /** replies from the person (out-of-office left out) */
  replied: number;
  replied_by_class: Record<string, number>;
  converted: number;
  opted_out: number;
  exits: Record<string, number>;
  held: Record<string, number>;
  queued: Record<string, number>;
  blocked: Record<string, number>;
  /** replied / sent */
  reply_rate: number | null;
  /** converted / sent */
  conversion_rate: number | null;
  /** median whole days since the enrollment's previous step's touch */
  median_days_from_previous: number | null;
  /** median whole days from the touch to the reply */
  median_days_to_reply: number | null;
}

/** The lower median of a histogram { day: count }: the value at position ceil(n / 2) in order. */
export function histogramMedian(hist: Map<number, number>): number | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = Math.ceil(total / 2);
  let acc = 0;
  for (const d of [...hist.keys()].sort((a, b) => a - b)) {
    acc += hist.get(d)!;
    if (acc >= half) return d;
  }
  return null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function figuresOf(rows: Iterable<MetricCount>): StepFigures {
  const f: StepFigures = {
    sent: 0,
    delivered: 0,
    bounced: 0,
    replied: 0,
    replied_by_class: {},
    converted: 0,
    opted_out: 0,
    exits: {},
    held: {},
    queued: {},
    blocked: {},
    reply_rate: null,
    conversion_rate: null,
    median_days_from_previous: null,
    median_days_to_reply: null,
  };
  const gapSent = new Map<number, number>();
  const gapReply = new Map<number, number>();
  const add = (o: Record<string, number>, k: string, n: number) => {
    o[k] = (o[k] ?? 0) + n;
  };
  for (const { metric, n } of rows) {
    const i = metric.indexOf(":");
    const kind = i < 0 ? metric : metric.slice(0, i);
    const arg = i < 0 ? "" : metric.slice(i + 1);
    switch (kind) {
      case "sent":
        f.sent += n;
        break;
      case "bounced":
        f.bounced += n;
        break;
      case "opted_out":
        f.opted_out += n;
        break;
      case "replied":
        add(f.replied_by_class, arg, n);
        if (!(NOT_A_REPLY as readonly string[]).includes(arg)) f.replied += n;
        break;
      case "exit":
        add(f.exits, arg, n);
        if ((CONVERTED_EXITS as readonly string[]).includes(arg)) f.converted += n;
        break;
      case "held":
        add(f.held, arg, n);
        break;
      case "queued":
        add(f.queued, arg, n);
        break;
      case "blocked":
        add(f.blocked, arg, n);
        break;
      case "gap_sent":
        gapSent.set(Number(arg), (gapSent.get(Number(arg)) ?? 0) + n);
        break;
      case "gap_reply":
        gapReply.set(Number(arg), (gapReply.get(Number(arg)) ?? 0) + n);
        break;
      default:
        break;
    }
  }
  f.delivered = Math.max(0, f.sent - f.bounced);
  f.reply_rate = ratio(f.replied, f.sent);
  f.conversion_rate = ratio(f.converted, f.sent);
  f.median_days_from_previous = histogramMedian(gapSent);
  f.median_days_to_reply = histogramMedian(gapReply);
  return f;
}
