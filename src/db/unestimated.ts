// A parameter the planner does not look at: `(select $n::type)`, an InitPlan run once per execution.
//
// A named statement's plan cache plans its first five calls with their values (custom plans), then
// keeps its generic plan only if that costs less than the custom plans did on average. A claim's
// `next_send_at <= $now … limit $batch` is costed from the histogram and the batch when its values
// are known, and from the defaults (a third of the rows, a tenth of them returned) when they are
// not: the generic plan then looks 30-70 times dearer for the same index scan (bench:engine's claim,
// 2,175 against 30.5), the cache never keeps it, and the statement is planned again at every call:
// 0.46-0.52 ms of the server's CPU a claim to plan, 0.26 ms to run (docs/performance-journal.md
// 1j.2). Read through a subquery, the value is unknown to custom and generic plans alike, both get
// the same plan at the same cost, and the cache keeps the generic one after five calls (0.02 ms to
// plan). Only for statements whose plan does not depend on the value (the due index is read in
// order and the limit stops it, whatever `now` is).
//
// On Citus (13.0.5, journal 1k.2) a router query, routed to one tenant's shard, may hold any
// subquery. A query across shards may hold one in its WHERE (each shard's query carries it, with the
// value, as an InitPlan) but not in its LIMIT ("subquery in LIMIT is not supported in multi-shard
// queries"): there the limit is a literal (literalLimit), which the cache's two kinds of plans see
// alike. A plain `$n` limit alone kept the fan-outs planned at every call on a server.
import { type RawBuilder, sql } from "kysely";

/** `value` as `(select $n::type)`: bound like any parameter, invisible to the planner's estimates. */
export function unestimated<T extends Date | number>(value: T, type: "timestamptz" | "int"): RawBuilder<T> {
  return sql<T>`(select ${value}::${sql.raw(type)})`;
}

/**
 * A LIMIT written into the statement's text (a named statement for each value: keep the values
 * few). Refuses anything but a positive safe integer, so nothing else can reach the text.
 */
export function literalLimit(n: number): RawBuilder<number> {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`literalLimit: ${n} is not a positive integer`);
  return sql.lit(n);
}
