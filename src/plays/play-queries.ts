// Reads, all scoped to the caller's tenant. The hot path (active plays per segment / account) is what
// AGT-302 reads at sequence-generation time: state = 'active' and not expired (spec 000), on index 1/2.
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { type PlayState, utcDate } from "./play-states.ts";
import { type PlayRow, type PlayView, toPlayView } from "./play-view.ts";

function notFound(id: string): BatonError {
  return new BatonError("NOT_FOUND", { entity: "Play", id });
}

/** One play, live or archived (audit reads reach the archive). Another tenant's id is a plain 404. */
export async function getPlay(db: Kysely<DB>, p: Principal, playId: string, now: Date): Promise<PlayView> {
  if (!isUuid(playId)) throw notFound(playId);
  const row = await db
    .selectFrom("plays_audit")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("play_id", "=", playId)
    .executeTakeFirst();
  if (!row) throw notFound(playId);
  return toPlayView(row, now);
}

export type { Page } from "../db/page-cursor.ts";

/**
 * Plays newest first, a page at a time: keyset on (created_at, play_id) with the shared cursor
 * (db/page-cursor.ts), `list` naming which list the cursor belongs to.
 */
async function pageOfPlays(
  q: SelectQueryBuilder<DB, any, PlayRow>,
  list: string,
  p: Principal,
  args: { limit?: number; cursor?: string },
  now: Date,
  direction: "asc" | "desc" = "desc",
): Promise<Page<PlayView>> {
  const key = byTimeAndId("created_at", "play_id");
  const page = await keysetPage(q, { list, tenant: p.clientId, key, direction }, args, 50);
  return { items: page.items.map((r) => toPlayView(r, now)), next_cursor: page.next_cursor };
}

export interface QueueFilter {
  state?: Extract<PlayState, "draft" | "under_review">;
  segment?: string;
  agent?: string;
  limit?: number;
  cursor?: string;
}

/** The workspace queue: draft and under_review plays, newest first (index 3), filtered server-side. */
export function listQueue(db: Kysely<DB>, p: Principal, f: QueueFilter, now: Date): Promise<Page<PlayView>> {
  return listIn(db, p, f.state ? [f.state] : ["draft", "under_review"], f, now);
}

export interface LibraryFilter {
  /** one state, or every state when left out */
  state?: PlayState;
  segment?: string;
  agent?: string;
  /** words in the name or hypothesis */
  q?: string;
  limit?: number;
  cursor?: string;
}

/** The play library (issue 37): plays in any state, newest first, filtered on the server. */
export function listPlays(
  db: Kysely<DB>,
  p: Principal,
  f: LibraryFilter,
  now: Date,
): Promise<Page<PlayView>> {
  return listIn(db, p, f.state ? [f.state] : null, f, now);
}

async function listIn(
  db: Kysely<DB>,
  p: Principal,
  states: PlayState[] | null,
  f: Omit<LibraryFilter, "state">,
  now: Date,
): Promise<Page<PlayView>> {
  let q = db.selectFrom("plays").selectAll().where("client_id", "=", p.clientId);
  if (states) q = q.where("state", "in", states);
  if (f.segment) q = q.where("segment", "=", f.segment);
  if (f.agent) q = q.where("writer_agent_id", "=", f.agent);
  const text = f.q?.trim();
  if (text) {
    // the words as typed: LIKE's wildcards in them match themselves
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((w) => w.or([w("name", "ilike", like), w("hypothesis", "ilike", like)]));
  }
  return pageOfPlays(q as never, "plays", p, f, now);
}

/** Per-brain draft history (index 5), newest first, every state, with cursor paging. */
export async function listAgentDrafts(
  db: Kysely<DB>,
  p: Principal,
  agentId: string,
  opts: { limit?: number; cursor?: string },
  now: Date,
): Promise<Page<PlayView>> {
  const q = db
    .selectFrom("plays_audit")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("writer_agent_id", "=", agentId);
  return pageOfPlays(q as never, `agent-drafts:${agentId}`, p, opts, now);
}

/** Plays drafted from one brain proposal (index 4): the cohort retrospective's lineage lookup. */
export async function listByProposal(
  db: Kysely<DB>,
  p: Principal,
  proposalId: string,
  now: Date,
  args: PageArgs = {},
): Promise<Page<PlayView>> {
  if (!isUuid(proposalId)) return { items: [], next_cursor: null };
  const q = db
    .selectFrom("plays_audit")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("originating_proposal_id", "=", proposalId);
  return pageOfPlays(q as never, `by-proposal:${proposalId}`, p, args, now, "asc");
}

async function assertSegment(db: Kysely<DB>, clientId: string, segment: string): Promise<void> {
  const s = await db
    .selectFrom("segments")
    .select("segment")
    .where("client_id", "=", clientId)
    .where("segment", "=", segment)
    .executeTakeFirst();
  if (!s) throw new BatonError("PLAY_UNKNOWN_SEGMENT", { segment });
}

/** Hot path: the active plays of a segment that run today: started, not expired (spec 000 index 1). */
export async function activePlaysForSegment(
  db: Kysely<DB>,
  p: Principal,
  segment: string,
  now: Date,
): Promise<PlayView[]> {
  // a function (0013): its plan is cached per connection; planning the ad-hoc query cost more than running it
  const { rows } = await sql<PlayRow>`
    select * from baton_active_plays_for_segment(${p.clientId}, ${segment}, ${utcDate(now)}::date)`.execute(
    db,
  );
  if (rows.length === 0) await assertSegment(db, p.clientId, segment);
  return rows.map((r) => toPlayView(r, now));
}

/** Hot path: the account's active account-specific play (index 2) and its segment's active plays. */
export async function activePlaysForAccount(
  db: Kysely<DB>,
  p: Principal,
  accountId: string,
  now: Date,
): Promise<{
  account_id: string;
  segment: string | null;
  account_plays: PlayView[];
  segment_plays: PlayView[];
}> {
  const account = isUuid(accountId)
    ? await db
        .selectFrom("accounts")
        .select(["account_id", "segment"])
        .where("client_id", "=", p.clientId)
        .where("account_id", "=", accountId)
        .executeTakeFirst()
    : undefined;
  if (!account) throw new BatonError("NOT_FOUND", { entity: "Account", id: accountId });
  const { rows } = await sql<PlayRow>`
    select * from baton_active_plays_for_account(${p.clientId}, ${accountId}::uuid, ${utcDate(now)}::date)`.execute(
    db,
  );
  return {
    account_id: accountId,
    segment: account.segment,
    account_plays: rows.map((r) => toPlayView(r, now)),
    segment_plays: account.segment ? await activePlaysForSegment(db, p, account.segment, now) : [],
  };
}
