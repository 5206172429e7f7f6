// The floor under issue 39's target for one decision a transaction (≥ 1.0× pgbench tpcb-like in CPU
// per unit): the statements one allowed step decision runs (gate-step.ts: the contact's lock, the
// gates' one-statement snapshot, the decision's one write, the contact's update and its event row in
// one statement), compiled by the coordinator's own templates and run by pgbench's C client with
// prepared statements, one decision a transaction, on bench:coordinator's database. No Node, no
// gates' logic, no hold writes (dearer than an allow's) and no effects: no client that runs these
// statements spends less CPU on a decision. Two forms: each statement its own round trip, as pgbench
// runs tpcb-like's five, and the whole transaction in one pipeline (Baton sends two round trips).
import type { CompiledQuery, Kysely } from "kysely";
import { allowWrite } from "../../src/coordinator/gate-step.ts";
import type { DecisionCore } from "../../src/coordinator/gates/types.ts";
import { lockContactOfQuery } from "../../src/coordinator/snapshot/lock-contact.ts";
import {
  type StepEnrollment,
  stepEventContext,
  stepSnapshotQuery,
} from "../../src/coordinator/snapshot/step-snapshot.ts";
import { decisionEventRow } from "../../src/coordinator/write-decision-event.ts";
import type { DB } from "../../src/db/database.ts";
import { eventRow } from "../../src/event-log/append-events.ts";

/** bench:coordinator's ids (its preload): `00000000-0000-4000-<prefix>-<i in hex>`. */
export const benchId = (prefix: string, i: number) =>
  `00000000-0000-4000-${prefix}-${i.toString(16).padStart(12, "0")}`;
/** The same id as SQL, from an integer expression (pgbench's `:i`). */
const idExpr = (prefix: string, i: string) =>
  `('00000000-0000-4000-${prefix}-' || lpad(to_hex(${i}), 12, '0'))::uuid`;
/** A placeholder id no preload makes, replaced in the script by its idExpr. */
const sample = (prefix: string) => benchId(prefix, 0xffffffffffff);

// the preload's shape: enrollment i belongs to contact i, campaign 1 + i % 4; contact i to account 1 + i % 1000
const IDS: Record<string, string> = {
  [sample("9000")]: idExpr("9000", ":i::int"),
  [sample("8000")]: idExpr("8000", ":i::int"),
  [sample("a000")]: idExpr("a000", "1 + :i::int % 1000"),
  [sample("c000")]: idExpr("c000", "1 + :i::int % 4"),
};

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** One parameter as SQL: a sample id as the expression of pgbench's `:i`, anything else a literal. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return IDS[v] ?? quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return `${quote(v.toISOString())}::timestamptz`;
  if (Array.isArray(v)) return `array[${v.map(literal).join(", ")}]`;
  return `${quote(JSON.stringify(v))}::jsonb`;
}

/** The statement's text with each `$n` replaced by its parameter (pgbench prepares the result). */
function inline(q: CompiledQuery<unknown>): string {
  const text = typeof q.sql === "string" ? q.sql : (q.sql as { text: string }).text;
  const params = q.parameters;
  const out = text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
  return out.replace(/\s+/g, " ").trim();
}

/** The pgbench script of one allowed decision on `prospects` preloaded prospects of `clientId`. */
export function decisionFloorScript(
  db: Kysely<DB>,
  opts: { clientId: string; prospects: number; pipelined: boolean },
): string {
  const now = new Date();
  const enrollmentId = sample("9000");
  const contactId = sample("8000");
  const e: StepEnrollment = {
    id: enrollmentId,
    status: "active",
    current_step: 1,
    campaign_id: sample("c000"),
    sequence_type: "nurture",
    play_id: null,
    originating_proposal_id: null,
    originating_agent_id: null,
    step_count: 3,
  };
  const d: DecisionCore = {
    action: "allow",
    gate: null,
    reason: null,
    until: null,
    touchCapAtEvent: 3,
    resolution: "allowed",
    trace: [],
    effects: [],
  };
  const ctx = stepEventContext(opts.clientId, { contactId, accountId: sample("a000") }, e);
  const row = eventRow(decisionEventRow("step", d, ctx, now));
  const statements = [
    lockContactOfQuery(db, opts.clientId, { enrollmentId }),
    stepSnapshotQuery(db, opts.clientId, enrollmentId, now),
    allowWrite(db, { clientId: opts.clientId, contactId, enrollmentId, step: 1, row }),
  ].map((q) => `${inline(q as CompiledQuery<unknown>)};`);
  const body = ["begin;", ...statements, "commit;"];
  return [
    `\\set i random(1, ${opts.prospects})`,
    ...(opts.pipelined ? ["\\startpipeline", ...body, "\\endpipeline"] : body),
    "",
  ].join("\n");
}
