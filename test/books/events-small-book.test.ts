// A small book reads the event log prospect by prospect and merges (src/events/query-events.ts):
// the pages, followed by their cursors, are exactly the book's events and those of no prospect,
// newest first, with and without filters, as the log walked newest first gives them.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { queryEvents } from "../../src/events/query-events.ts";
import { type BookWorld, createBookWorld } from "../support/books.ts";
import { testDatabase } from "../support/db.ts";

let database: Database;
let w: BookWorld;

beforeAll(async () => {
  database = await testDatabase();
  w = await createBookWorld(database.db, "evbook");
  const c = w.contacts;
  const who = [c.a, c.b, c.mgr, c.none, null, c.a, null, c.b];
  await sql`insert into cadence_event_log (client_id, contact_id, event_type)
    select ${w.t.clientId}, (${who}::uuid[])[1 + i % 8], (array['touch', 'paused', 'reply'])[1 + i % 3]
      from generate_series(0, 89) i`.execute(database.db);
}, 60_000);
afterAll(async () => database?.close());

async function allPages(p: typeof w.t.rep, filter: { event_type?: string } = {}): Promise<number[]> {
  const out: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await queryEvents(database.db, { ...p }, { ...filter, limit: 7, cursor });
    out.push(...page.items.map((e) => e.event_id));
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return out;
}

async function expected(contacts: string[], eventType?: string): Promise<number[]> {
  const { rows } = await sql<{ event_id: string }>`
    select event_id from cadence_event_log
     where client_id = ${w.t.clientId} and (contact_id is null or contact_id = any(${contacts}::uuid[]))
       and (${eventType ?? null}::text is null or event_type = ${eventType ?? null})
     order by event_id desc`.execute(database.db);
  return rows.map((r) => Number(r.event_id));
}

describe("a small book's events", () => {
  it("pages through exactly the book's events and those of no prospect, newest first", async () => {
    const rep = await allPages(w.t.rep);
    expect(rep).toEqual(await expected([w.contacts.a]));
    expect(rep.length).toBeGreaterThan(30);
    const mgr = await allPages(w.t.slm, { event_type: "touch" });
    expect(mgr).toEqual(await expected([w.contacts.a, w.contacts.mgr], "touch"));
    // the workspace's principals walk the log: every event
    expect((await allPages(w.t.revops)).length).toBe(90);
  });
});
