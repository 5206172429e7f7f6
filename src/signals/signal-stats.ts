// What RevOps and the brain agents read of signals (issue 69 item 4): the counts per type and per
// source with each source's health (RevOps wiring a website and a CRM asks "is it arriving?"), the
// trends per segment (this period against the one before, for a brain drafting plays), and the
// recent signals themselves (list_signals), without the addresses they came with.
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal, requireRole } from "../auth/principal.ts";
import { bookOf, contactIdInBook, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";

const DAY = 86_400_000;
const window = (days: number | undefined, dflt: number) => Math.min(Math.max(days ?? dflt, 1), 365);

export type SourceHealth = "healthy" | "quiet" | "never" | "refusing";

export interface SignalStats {
  days: number;
  by_type: { type: string; label: string | null; side: string; count: number; last_at: string | null }[];
  by_source: {
    source: string;
    /** segment / rudderstack for a signed webhook source; null for the API, the CLI, MCP and others */
    kind: string | null;
    count: number;
    last_at: string | null;
    events_count: number | null;
    refused_count: number | null;
    last_refusal: string | null;
    health: SourceHealth;
    why: string;
  }[];
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The health of a source: refusing (over 1 in 10 requests refused), never (no signal yet), quiet (none in a day), healthy. */
export function sourceHealth(
  lastAt: Date | null,
  events: number | null,
  refused: number | null,
  now: Date,
): { health: SourceHealth; why: string } {
  if (refused !== null && refused > 0 && refused * 10 > (events ?? 0) + refused)
    return { health: "refusing", why: `${refused} of ${(events ?? 0) + refused} requests refused` };
  if (!lastAt) return { health: "never", why: "no signal has arrived from it" };
  const hours = Math.floor((now.getTime() - lastAt.getTime()) / 3600_000);
  if (hours >= 24) return { health: "quiet", why: `no signal for ${Math.floor(hours / 24)} day(s)` };
  return { health: "healthy", why: `last signal ${hours} h ago` };
}

/** RevOps' view: signals per type and per source in the window, and each source's health. */
export async function signalStats(
  db: Kysely<DB>,
  actor: Principal,
  q: { days?: number },
  now: Date,
): Promise<SignalStats> {
  requireRole(actor, "read signal sources' health", "revops", "admin", "slm", "exec");
  const clientId = actor.clientId;
  const days = window(q.days, 7);
  const since = new Date(now.getTime() - days * DAY);
  const types = await sql<{
    type: string;
    label: string | null;
    side: string;
    n: string;
    last_at: Date | null;
  }>`
    select t.name as type, t.label, t.side, count(s.signal_id) as n, max(s.occurred_at) as last_at
      from signal_types t
      left join signals s on s.client_id = t.client_id and s.type = t.name and s.occurred_at > ${since}
     where t.client_id = ${clientId}
     group by t.name, t.label, t.side
     order by count(s.signal_id) desc, t.name`.execute(db);
  const sources = await sql<{ source: string; n: string; last_at: Date | null }>`
    select source, count(*) filter (where occurred_at > ${since}) as n, max(received_at) as last_at
      from signals where client_id = ${clientId}
     group by source`.execute(db);
  const hooks = await db
    .selectFrom("signal_sources")
    .select(["name", "kind", "events_count", "refused_count", "last_refusal", "last_event_at"])
    .where("client_id", "=", clientId)
    .execute();
  const counted = new Map(sources.rows.map((r) => [r.source, r]));
  const names = [...new Set([...hooks.map((h) => h.name), ...counted.keys()])].sort();
  const hookOf = new Map(hooks.map((h) => [h.name, h]));
  return {
    days,
    by_type: types.rows.map((r) => ({
      type: r.type,
      label: r.label,
      side: r.side,
      count: Number(r.n),
      last_at: iso(r.last_at),
    })),
    by_source: names.map((name) => {
      const c = counted.get(name);
      const h = hookOf.get(name);
      const lastAt = c?.last_at ? new Date(c.last_at) : h?.last_event_at ? new Date(h.last_event_at) : null;
      const events = h ? Number(h.events_count) : null;
      const refused = h ? Number(h.refused_count) : null;
      return {
        source: name,
        kind: h?.kind ?? null,
        count: Number(c?.n ?? 0),
        last_at: iso(lastAt),
        events_count: events,
        refused_count: refused,
        last_refusal: h?.last_refusal ?? null,
        ...sourceHealth(lastAt, events, refused, now),
      };
    }),
  };
}

function requireTrendReader(actor: Principal): void {
  if (actor.kind === "agent" || hasRole(actor, "revops", "slm", "admin", "exec")) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action: "read signal trends",
    required: "an agent token or the revops, slm, admin or exec role",
  });
}

export interface SignalTrend {
  segment: string | null;
  type: string;
  side: string;
  /** signals in the last `days` */
  count: number;
  /** in the `days` before that */
  previous: number;
  accounts: number;
  change: number | null;
}

/** Signals per segment and type, this period against the previous one: what a brain drafts plays from. */
export async function signalTrends(
  db: Kysely<DB>,
  actor: Principal,
  q: { days?: number; segment?: string },
  now: Date,
): Promise<{ days: number; items: SignalTrend[] }> {
  requireTrendReader(actor);
  const clientId = actor.clientId;
  const days = window(q.days, 14);
  const since = new Date(now.getTime() - days * DAY);
  const before = new Date(now.getTime() - 2 * days * DAY);
  const rows = await sql<{
    segment: string | null;
    type: string;
    side: string;
    n: string;
    p: string;
    accounts: string;
  }>`
    select a.segment, s.type, t.side,
           count(*) filter (where s.occurred_at > ${since}) as n,
           count(*) filter (where s.occurred_at <= ${since}) as p,
           count(distinct s.account_id) filter (where s.occurred_at > ${since}) as accounts
      from signals s
      join signal_types t on t.client_id = s.client_id and t.name = s.type
      left join accounts a on a.client_id = s.client_id and a.account_id = s.account_id
     where s.client_id = ${clientId} and s.occurred_at > ${before} and s.occurred_at <= ${now}
       ${q.segment !== undefined ? sql`and a.segment = ${q.segment}` : sql``}
     group by a.segment, s.type, t.side
     order by count(*) filter (where s.occurred_at > ${since}) desc, a.segment nulls last, s.type`.execute(
    db,
  );
  return {
    days,
    items: rows.rows.map((r) => {
      const count = Number(r.n);
      const previous = Number(r.p);
      return {
        segment: r.segment,
        type: r.type,
        side: r.side,
        count,
        previous,
        accounts: Number(r.accounts),
        change: previous ? Math.round(((count - previous) / previous) * 100) / 100 : null,
      };
    }),
  };
}

export interface SignalListItem {
  signal_id: string;
  type: string;
  subject: string;
  occurred_at: string;
  source: string;
  contact_id: string | null;
  account_id: string | null;
  account_name: string | null;
  segment: string | null;
}

/** The recent signals, newest first (matched ones only; the addresses they came with are not returned). */
export async function listSignals(
  db: Kysely<DB>,
  actor: Principal,
  q: { type?: string; segment?: string; account_id?: string; days?: number; limit?: number },
  now: Date,
): Promise<{ items: SignalListItem[] }> {
  requireTrendReader(actor);
  const clientId = actor.clientId;
  const since = new Date(now.getTime() - window(q.days, 14) * DAY);
  // a person (or a bound agent) lists the signals of their book: a contact's when the contact is
  // theirs, an account's when one of the account's people is (as the Signals view reads them)
  const book = await bookOf(db, actor);
  let query = db
    .selectFrom("signals as s")
    .leftJoin("accounts as a", (j) =>
      j.onRef("a.client_id", "=", "s.client_id").onRef("a.account_id", "=", "s.account_id"),
    )
    .select([
      "s.signal_id",
      "s.type",
      "s.subject",
      "s.occurred_at",
      "s.source",
      "s.contact_id",
      "s.account_id",
      "a.name as account_name",
      "a.segment",
    ])
    .where("s.client_id", "=", clientId)
    .where("s.occurred_at", ">", since)
    .where((eb) => eb.or([eb("s.contact_id", "is not", null), eb("s.account_id", "is not", null)]))
    .where(
      sql<boolean>`case when s.contact_id is not null then ${contactIdInBook(book, clientId, "s.contact_id")}
        else exists (select 1 from contacts c where c.client_id = ${clientId} and c.account_id = s.account_id
                       and c.erased_at is null and ${contactRowInBook(book, clientId, "c")}) end`,
    );
  if (q.type) query = query.where("s.type", "=", q.type);
  if (q.segment) query = query.where("a.segment", "=", q.segment);
  if (q.account_id) query = query.where("s.account_id", "=", q.account_id);
  const rows = await query
    .orderBy("s.occurred_at", "desc")
    .orderBy("s.signal_id")
    .limit(Math.min(Math.max(q.limit ?? 50, 1), 200))
    .execute();
  return { items: rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at).toISOString() })) };
}
