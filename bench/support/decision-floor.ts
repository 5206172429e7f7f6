// The floor under issue 39's target for one decision a transaction (≥ 1.0× pgbench tpcb-like in CPU
// per unit): the statements one allowed step decision runs (gate-step.ts: the contact's lock, the
// gates' one-statement snapshot, the decision's one write, the contact's update and its event row in
// one statement), compiled by the coordinator's own templates and run by pgbench's C client with
// prepared statements, one decision a transaction, on bench:coordinator's database. No Node, no
// gates' logic, no hold writes (dearer than an allow's) and no effects: no client that runs these
// statements spends less CPU on a decision. Two forms: each statement its own round trip, as pgbench
// runs tpcb-like's five, and the whole transaction in one pipeline (Baton sends two round trips).
import { type CompiledQuery, type Kysely, sql } from "kysely";
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

/** The statements of one allowed decision today (gate-step.ts): the lock, the snapshot, the write. */
function todaysStatements(db: Kysely<DB>, clientId: string, now: Date): CompiledQuery<unknown>[] {
  const enrollmentId = sample("9000");
  return [
    lockContactOfQuery(db, clientId, { enrollmentId }),
    stepSnapshotQuery(db, clientId, enrollmentId, now),
    allowWriteOf(db, clientId, now),
  ] as CompiledQuery<unknown>[];
}

/** The decision's one write as gateStep sends it for an allowed step (the contact's update and its event row). */
function allowWriteOf(db: Kysely<DB>, clientId: string, now: Date): CompiledQuery<unknown> {
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
  const ctx = stepEventContext(clientId, { contactId, accountId: sample("a000") }, e);
  const row = eventRow(decisionEventRow("step", d, ctx, now));
  return allowWrite(db, { clientId, contactId, enrollmentId, step: 1, row }) as CompiledQuery<unknown>;
}

/** A pgbench script: one transaction of `statements` on `prospects` preloaded prospects. */
function script(statements: CompiledQuery<unknown>[], prospects: number, pipelined: boolean): string {
  const body = ["begin;", ...statements.map((q) => `${inline(q)};`), "commit;"];
  return [
    `\\set i random(1, ${prospects})`,
    ...(pipelined ? ["\\startpipeline", ...body, "\\endpipeline"] : body),
    "",
  ].join("\n");
}

/** The pgbench script of one allowed decision on `prospects` preloaded prospects of `clientId`. */
export function decisionFloorScript(
  db: Kysely<DB>,
  opts: { clientId: string; prospects: number; pipelined: boolean },
): string {
  return script(todaysStatements(db, opts.clientId, new Date()), opts.prospects, opts.pipelined);
}

/**
 * The floor of what the guarantees require, not of today's design (issue 68 item 5): the statements
 * of a decision that keeps every fact gate 3 and gate 4 count (the contact's touch times in the
 * window, its live enrollments' sides) on the contact's own row, which the decision locks anyway, so
 * that nothing is counted over the event log, the ledger or the enrollments. What is left:
 * - `lock + read by key + write`: the contact's lock (its row carries the counts), then the facts
 *   that live on other rows read by key after the lock (the enrollment, its campaign and its step
 *   count, the tenant's caps, the suppressions of the contact's address and domain, the legal basis),
 *   then the decision's write. The shape a redesign keeping today's read-after-lock would have.
 * - `lock and read in one + write`: the same facts read by the locking statement itself. Correct only
 *   for facts on the locked row (PostgreSQL reads the row's newest version after the wait, not the
 *   joined rows'), so this is below any correct design with facts on other rows.
 * - `lock + write`: the contact's lock and the decision's write, nothing read: the floor of any
 *   design that serializes a contact's decisions on its row and logs each decision's event row.
 * - `write`: the decision's write alone (the contact's update and its event row, with the event
 *   log's indexes and tenant checks): what the event row costs by itself.
 */
export function guaranteeFloorScripts(
  db: Kysely<DB>,
  opts: { clientId: string; prospects: number },
): { form: string; script: string }[] {
  const now = new Date();
  const { clientId, prospects } = opts;
  const lock = lockContactOfQuery(db, clientId, { enrollmentId: sample("9000") }) as CompiledQuery<unknown>;
  const write = allowWriteOf(db, clientId, now);
  const byKey = factsByKey(db, clientId, sample("9000"), false);
  const lockedByKey = factsByKey(db, clientId, sample("9000"), true);
  return [
    { form: "lock + read by key + write", statements: [lock, byKey, write] },
    { form: "lock and read in one + write", statements: [lockedByKey, write] },
    { form: "lock + write", statements: [lock, write] },
    { form: "write", statements: [write] },
  ].map(({ form, statements }) => ({ form, script: script(statements, prospects, true) }));
}

/**
 * Every fact a step decision needs that a per-contact state row would not carry, read by key: the
 * enrollment and its step count, its campaign (window, cap, required legal basis), the contact's
 * legal basis and erasure, its account, the tenant's caps, and a suppression of its address or
 * domain. `lock`: the same statement also locks the contact (FOR UPDATE OF c).
 */
function factsByKey(db: Kysely<DB>, clientId: string, enrollmentId: string, lock: boolean) {
  return sql`
    select e.id, e.status, e.hold_reason, e.current_step, e.campaign_id, e.sequence_type, e.play_id,
           e.originating_proposal_id, e.originating_agent_id,
           (select count(*) from campaign_sequences s where s.client_id = e.client_id and s.campaign_id = e.campaign_id)::int as step_count,
           c.contact_id, c.account_id, c.unsubscribe_flag, c.opt_out_flag,
           coalesce(c.time_zone, a.time_zone, 'UTC') as time_zone, coalesce(c.country, a.country) as country,
           c.last_sales_signal_at, c.last_marketing_signal_at, c.active_sequence_id,
           c.legal_basis, c.erased_at is not null as erased, a.icp_tier, a.abm_active,
           cp.send_window, cp.weekly_touch_cap, cp.required_legal_basis,
           cfg.weekly_touch_cap as contact_weekly_cap, cfg.daily_touch_cap, cfg.conflict_queue_hours,
           (select s.kind from suppressions s
             where s.client_id = c.client_id
               and ((s.kind = 'email' and s.value = c.email_key)
                 or (s.kind = 'domain' and s.value = any(baton_domain_suffixes(c.email_domain))))
             limit 1) as s_kind
      from campaign_contacts e
      join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
      join campaigns cp on cp.client_id = e.client_id and cp.id = e.campaign_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
      left join coordinator_config cfg on cfg.client_id = e.client_id
     where e.client_id = ${clientId} and e.id = ${enrollmentId}::uuid
     ${lock ? sql`for update of c` : sql``}`.compile(db) as CompiledQuery<unknown>;
}
