// GET /api/v1/events (filters, keyset paging newest first, tenant scope) and the contact timeline.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SuppressedReason } from "../../src/api/schemas/coordinator.ts";
import type { DB } from "../../src/db/database.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { clearStatistics } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { activePlay, seedTaxonomy } from "../workspace/fixtures.ts";
import { makeCampaign } from "./support/fixtures.ts";

const T0 = new Date("2026-11-20T12:00:00Z");
const H = 3_600_000;

let h: TestApp;
let t: Tenant;
let contacts: string[];
let playId: string;
let proposalId: string;
let campaignId: string;

async function insertEvents(db: Kysely<DB>) {
  const rows = [];
  for (let i = 0; i < 12; i++) {
    const contact = contacts[i % 3];
    const fromPlay = i % 2 === 0;
    rows.push({
      client_id: t.clientId,
      contact_id: contact,
      occurred_at: new Date(T0.getTime() - (12 - i) * H),
      event_type: i % 4 === 3 ? "held" : "touch",
      coordinator_action: i % 4 === 3 ? ("hold" as const) : ("allow" as const),
      gate: i % 4 === 3 ? 3 : null,
      suppressed_reason: i % 4 === 3 ? ("touch_cap_exceeded" as const) : null,
      release_at: i % 4 === 3 ? new Date(T0.getTime() + 24 * H) : null,
      sequence_type: "sales" as const,
      campaign_id: fromPlay ? campaignId : null,
      play_id: fromPlay ? playId : null,
      originating_proposal_id: fromPlay ? proposalId : null,
      details: JSON.stringify({ i }),
    });
  }
  await db.insertInto("cadence_event_log").values(rows).execute();
}

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.deps.db);
  ({ contactIds: contacts } = await seedTaxonomy(h.deps.db, t.clientId, 3));
  const play = await activePlay(
    h.deps.db,
    { agent: t.agt901, revops: t.revops, slm: t.slm },
    "Proof play",
    T0,
  );
  const row = await h.deps.db
    .selectFrom("plays")
    .selectAll()
    .where("play_id", "=", play.play_id)
    .executeTakeFirstOrThrow();
  playId = row.play_id;
  proposalId = row.originating_proposal_id;
  campaignId = await makeCampaign(h.deps.db, t.clientId, "sales", { playId });
  await insertEvents(h.deps.db);
});
afterAll(() => h.close());

const get = (url: string, who = t.revops) => h.app.inject({ method: "GET", url, headers: who.auth });

describe("GET /api/v1/events", () => {
  it("pages the whole log newest first with an opaque cursor, without gaps or repeats", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/v1/events?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((e: { event_id: number }) => e.event_id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(12);
  });

  it("filters by prospect, play, proposal, reason, type and time range", async () => {
    const byContact = (await get(`/api/v1/events?contact_id=${contacts[0]}`)).json().items;
    expect(byContact).toHaveLength(4);
    expect(byContact.every((e: { contact_id: string }) => e.contact_id === contacts[0])).toBe(true);
    const byPlay = (await get(`/api/v1/events?play_id=${playId}`)).json().items;
    expect(byPlay).toHaveLength(6);
    const byProposal = (await get(`/api/v1/events?originating_proposal_id=${proposalId}`)).json().items;
    expect(byProposal.map((e: { event_id: number }) => e.event_id)).toEqual(
      byPlay.map((e: { event_id: number }) => e.event_id),
    );
    const held = (await get("/api/v1/events?suppressed_reason=touch_cap_exceeded")).json().items;
    expect(held).toHaveLength(3);
    expect(held[0]).toMatchObject({ gate: 3, coordinator_action: "hold", event_type: "held" });
    // every reason the database allows is a filter the API takes (legal_basis_missing was refused):
    // the API's list is the CHECK's
    const check = await sql<{ def: string }>`
      select pg_get_constraintdef(oid) as def from pg_constraint
       where conname = 'cadence_event_log_suppressed_reason_check'`.execute(h.database.db);
    const allowed = [...check.rows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort();
    expect(SuppressedReason.anyOf.map((l: { const: string }) => l.const).sort()).toEqual(allowed);
    for (const reason of ["legal_basis_missing", "account_cap_exceeded", "outside_send_window"]) {
      const r = await get(`/api/v1/events?suppressed_reason=${reason}`);
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await get("/api/v1/events?event_type=touch")).json().items).toHaveLength(9);
    // from inclusive, to exclusive: hours -12..-1 before T0; [-6h, -2h) holds 4 events
    const from = new Date(T0.getTime() - 6 * H).toISOString();
    const to = new Date(T0.getTime() - 2 * H).toISOString();
    const ranged = (await get(`/api/v1/events?from=${from}&to=${to}`)).json().items;
    expect(ranged).toHaveLength(4);
    const combined = (
      await get(`/api/v1/events?contact_id=${contacts[0]}&play_id=${playId}&from=${from}`)
    ).json().items;
    expect(
      combined.every(
        (e: { contact_id: string; play_id: string }) => e.contact_id === contacts[0] && e.play_id === playId,
      ),
    ).toBe(true);
  });

  it("refuses bad cursors and empty ranges, and another tenant sees none of it", async () => {
    const bad = await get("/api/v1/events?cursor=nope");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("EVENT_CURSOR_INVALID");
    const empty = await get(`/api/v1/events?from=${T0.toISOString()}&to=${T0.toISOString()}`);
    expect(empty.json().error.code).toBe("EVENT_TIME_RANGE_INVALID");
    const other = await createTenant(h.deps.db);
    expect((await get("/api/v1/events", other.revops)).json().items).toEqual([]);
    expect((await get(`/api/v1/events?contact_id=${contacts[0]}`, other.revops)).json().items).toEqual([]);
  });

  it("answers each filter from an index ending in event_id", async () => {
    await clearStatistics(h.deps.db, ["cadence_event_log"]);
    await h.deps.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      for (const [col, value, index] of [
        ["contact_id", contacts[0], "cadence_event_log_contact_page_idx"],
        ["play_id", playId, "cadence_event_log_play_page_idx"],
        ["originating_proposal_id", proposalId, "cadence_event_log_proposal_page_idx"],
        ["suppressed_reason", "touch_cap_exceeded", "cadence_event_log_reason_page_idx"],
      ] as const) {
        const plan = await sql<{ "QUERY PLAN": string }>`explain select * from cadence_event_log
          where client_id = ${t.clientId} and ${sql.ref(col)} = ${value} and event_id < 1000000
          order by event_id desc limit 51`.execute(tx);
        expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain(index);
      }
    });
  });
});

describe("GET /api/v1/contacts/:id/timeline", () => {
  it("lists a contact's events in order with decisions and play names", async () => {
    const res = await get(`/api/v1/contacts/${contacts[0]}/timeline`, t.rep);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.contact.contact_id).toBe(contacts[0]);
    const ids = body.items.map((e: { event_id: number }) => e.event_id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const held = body.items.find((e: { event_type: string }) => e.event_type === "held");
    expect(held.decision).toEqual({
      action: "hold",
      gate: 3,
      reason: "touch_cap_exceeded",
      release_at: new Date(T0.getTime() + 24 * H).toISOString(),
    });
    const fromPlay = body.items.find((e: { play_id: string | null }) => e.play_id !== null);
    expect(fromPlay).toMatchObject({ play_name: "Proof play", originating_proposal_id: proposalId });
    expect(fromPlay.campaign_name).toMatch(/sales campaign/);
    const noBrain = body.items.find((e: { play_id: string | null }) => e.play_id === null);
    expect(noBrain).toMatchObject({ originating_proposal_id: null, play_name: null });
    const paged = (await get(`/api/v1/contacts/${contacts[0]}/timeline?limit=3`)).json();
    const rest = (await get(`/api/v1/contacts/${contacts[0]}/timeline?cursor=${paged.next_cursor}`)).json();
    expect([...paged.items, ...rest.items].map((e: { event_id: number }) => e.event_id)).toEqual(ids);
  });

  it("is a plain 404 for another tenant's contact", async () => {
    const other = await createTenant(h.deps.db);
    const res = await get(`/api/v1/contacts/${contacts[0]}/timeline`, other.revops);
    expect(res.statusCode).toBe(404);
  });
});
