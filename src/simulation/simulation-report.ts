// What the simulation prints (spec 002): touches per day, holds and releases by reason, exits by
// reason, chain hand-offs. Read back from the event log and the tables, not counted on the side.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

export interface SimulationReport {
  days: number;
  contacts: number;
  touchesPerDay: number[];
  touchesTotal: number;
  holds: Record<string, number>;
  releases: Record<string, number>;
  exits: Record<string, number>;
  chains: { from: string; reason: string; to: string; count: number }[];
  handoffs: { created: number; routed: number };
  sendItems: Record<string, number>;
  text: string;
}

export async function simulationReport(
  db: Kysely<DB>,
  clientId: string,
  start: Date,
  end: Date,
  opts: { days: number; contacts: number },
): Promise<SimulationReport> {
  const perDay = await sql<{ d: number; n: number }>`
    select floor(extract(epoch from (occurred_at - ${start}::timestamptz)) / 86400)::int as d, count(*)::int as n
      from cadence_event_log where client_id = ${clientId} and event_type = 'touch'
     group by 1 order by 1`.execute(db);
  const touchesPerDay = Array.from({ length: opts.days }, () => 0);
  for (const r of perDay.rows) if (r.d >= 0 && r.d < opts.days) touchesPerDay[r.d] = r.n;
  const holds = await sql<{ k: string; n: number }>`
    select event_type || ':' || coalesce(suppressed_reason, '-') as k, count(*)::int as n
      from cadence_event_log where client_id = ${clientId} and event_type in ('held', 'queued')
     group by 1 order by 1`.execute(db);
  // a release: a held/queued step (or activation) of an enrollment that was later allowed
  const releases = await sql<{ k: string; n: number }>`
    select h.suppressed_reason as k, count(distinct (h.enrollment_id, coalesce(h.step_number, 0)))::int as n
      from cadence_event_log h
     where h.client_id = ${clientId} and h.event_type in ('held', 'queued')
       and exists (select 1 from cadence_event_log a
                    where a.client_id = h.client_id and a.contact_id = h.contact_id
                      and a.enrollment_id = h.enrollment_id
                      and coalesce(a.step_number, 0) = coalesce(h.step_number, 0)
                      and a.event_id > h.event_id and a.coordinator_action = 'allow')
     group by 1 order by 1`.execute(db);
  const exits = await sql<{ k: string; n: number }>`
    select coalesce(exit_reason, status) as k, count(*)::int as n from campaign_contacts
     where client_id = ${clientId} and exited_at is not null group by 1 order by 1`.execute(db);
  // on_exit chains: an enrollment that began in the same instant its predecessor ended
  const chains = await sql<{ from: string; reason: string; to: string; count: number }>`
    select ca.slug as from, a.exit_reason as reason, cb.slug as to, count(*)::int as count
      from campaign_contacts a
      join campaign_contacts b on b.client_id = a.client_id and b.contact_id = a.contact_id
       and b.enrolled_at = a.exited_at and b.id <> a.id
      join campaigns ca on ca.client_id = a.client_id and ca.id = a.campaign_id
      join campaigns cb on cb.client_id = b.client_id and cb.id = b.campaign_id
     where a.client_id = ${clientId}
     group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  const handoffs = await sql<{ created: number; routed: number }>`
    select count(*)::int as created, count(*) filter (where status = 'routed')::int as routed
      from campaign_handoffs where client_id = ${clientId}`.execute(db);
  const items = await sql<{ k: string; n: number }>`
    select status as k, count(*)::int as n from sales_send_queue where client_id = ${clientId} group by 1 order by 1`.execute(
    db,
  );
  const obj = (rows: { k: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.k, r.n]));
  const report: Omit<SimulationReport, "text"> = {
    days: opts.days,
    contacts: opts.contacts,
    touchesPerDay,
    touchesTotal: touchesPerDay.reduce((a, b) => a + b, 0),
    holds: obj(holds.rows),
    releases: obj(releases.rows),
    exits: obj(exits.rows),
    chains: chains.rows,
    handoffs: handoffs.rows[0] ?? { created: 0, routed: 0 },
    sendItems: obj(items.rows),
  };
  return { ...report, text: render(report, start, end) };
}

function render(r: Omit<SimulationReport, "text">, start: Date, end: Date): string {
  const lines = [
    `Baton simulation: ${r.contacts} contacts, ${r.days} days (${start.toISOString().slice(0, 10)} → ${end.toISOString().slice(0, 10)}), simulated clock`,
    "",
    `Touches per day (total ${r.touchesTotal}):`,
  ];
  for (let i = 0; i < r.touchesPerDay.length; i += 10) {
    const row = r.touchesPerDay
      .slice(i, i + 10)
      .map((n) => String(n).padStart(5))
      .join("");
    lines.push(`  day ${String(i).padStart(3)}-${String(Math.min(i + 9, r.days - 1)).padStart(3)}:${row}`);
  }
  const table = (title: string, o: Record<string, number>) => {
    lines.push("", `${title}:`);
    const keys = Object.keys(o);
    if (!keys.length) lines.push("  (none)");
    for (const k of keys) lines.push(`  ${k.padEnd(44)} ${o[k]}`);
  };
  table("Holds by reason (coordinator decisions)", r.holds);
  table("Releases by reason (held or queued, later allowed)", r.releases);
  table("Exits by reason", r.exits);
  lines.push("", "Chains (on_exit and exec hand-offs):");
  if (!r.chains.length) lines.push("  (none)");
  for (const c of r.chains) lines.push(`  ${c.from} --${c.reason}--> ${c.to}: ${c.count}`);
  lines.push(`  exec hand-offs: ${r.handoffs.created} created, ${r.handoffs.routed} routed`);
  table("Send items by status", r.sendItems);
  return lines.join("\n");
}
