// Issue 69 item 4: the Signals view over HTTP, on PGlite and PostgreSQL. People and accounts ranked
// by decayed score with their reasons in words; enroll into the play their signals answer (through
// the coordinator), a follow-up task, a dismissal that holds until a newer signal; RevOps' counts
// per type and source with each source's health; trends per segment for agents; roles as elsewhere.
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { inSegment, intentPlay, signalsSuite } from "./signal-plays-fixture.ts";

import { addCompany } from "./signals-fixture.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const ago = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

function suite(open: () => Promise<Database | undefined>) {
  const s = signalsSuite(open, "sigv", NOW);

  it("ranks people and accounts by decayed score; enroll, task and dismiss act on them", async () => {
    const { h, t, call } = s;
    const db = h.database.db;
    const hot = await addCompany(db, t.clientId, "hot", ["Hana", "Quinn"], "T1");
    const cold = await addCompany(db, t.clientId, "cold", ["Cole"], "T2");
    await inSegment(db, t.clientId, hot.accountId);
    const post = (signals: unknown[]) => call("POST", "/api/v1/signals", t.agt301.auth, { signals });
    expect(
      (
        await post([
          { type: "pricing_page_visit", email: hot.emails[0], occurred_at: ago(2), external_id: "v1" },
          { type: "pricing_page_visit", email: hot.emails[0], occurred_at: ago(30), external_id: "v2" },
          { type: "content_download", email: hot.emails[1], occurred_at: ago(120), external_id: "v3" },
          { type: "content_download", email: cold.emails[0], occurred_at: ago(24 * 12), external_id: "v4" },
        ])
      ).json(),
    ).toMatchObject({ recorded: 4 });

    const people = await call("GET", "/api/v1/signals/hot", t.rep.auth);
    expect(people.statusCode).toBe(200);
    const items = people.json().items;
    expect(items.map((i: { name: string }) => i.name)).toEqual(["Hana", "Quinn", "Cole"]);
    // 30 × 0.5^(2/168) + 30 × 0.5^(30/168), a week's half-life
    expect(items[0]).toMatchObject({
      subject: "contact",
      contact_id: hot.contacts[0],
      icp_tier: "T1",
      segment: "mm",
      score: Math.round((30 * 0.5 ** (2 / 168) + 30 * 0.5 ** (30 / 168)) * 10) / 10,
      says: "visited the pricing page twice in 14 days",
      play: null,
      open_task: null,
    });
    expect(items[0].reasons).toEqual([
      expect.objectContaining({ type: "pricing_page_visit", count: 2, last_at: ago(2) }),
    ]);
    const accounts = (await call("GET", "/api/v1/signals/hot?subject=account", t.revops.auth)).json().items;
    expect(accounts.map((a: { account_id: string }) => a.account_id)).toEqual([
      hot.accountId,
      cold.accountId,
    ]);
    expect(accounts[0].reasons.map((r: { type: string }) => r.type)).toEqual([
      "pricing_page_visit",
      "content_download",
    ]);

    // no play yet: enroll says so; once a play targets pricing visits, enroll proposes through the gates
    const act = (who: Tenant["rep"], kind: string, id: string, body: object) =>
      call("POST", `/api/v1/signals/hot/${kind}/${id}/actions`, who.auth, body);
    const none = await act(t.rep, "contacts", hot.contacts[0], { action: "enroll" });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe("SIGNAL_NO_MATCHING_PLAY");
    const play = await intentPlay(db, t, "Pricing follow-up", ["pricing_page_visit"], NOW);
    expect((await call("GET", "/api/v1/signals/hot", t.rep.auth)).json().items[0].play).toEqual({
      play_id: play.play_id,
      name: "Pricing follow-up",
    });
    const enrolled = await act(t.rep, "contacts", hot.contacts[0], { action: "enroll" });
    expect(enrolled.statusCode).toBe(200);
    expect(enrolled.json()).toMatchObject({
      action: "enroll",
      play_id: play.play_id,
      decisions: { allow: 1, hold: 0, queue: 0, block: 0 },
    });
    const e = await db
      .selectFrom("campaign_contacts")
      .select(["contact_id", "notes", "play_id"])
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(e).toEqual({
      contact_id: hot.contacts[0],
      play_id: play.play_id,
      notes: "signal: visited the pricing page twice in 14 days (play: Pricing follow-up)",
    });
    // asked once: a second click is refused, nothing more written
    expect((await act(t.rep, "contacts", hot.contacts[0], { action: "enroll" })).statusCode).toBe(409);

    // a task shows on the item; a dismissal hides it until a newer signal
    const task = await act(t.rep, "contacts", hot.contacts[1], {
      action: "task",
      note: "Call about the whitepaper",
    });
    expect(task.json()).toMatchObject({ action: "task" });
    expect((await act(t.rep, "accounts", cold.accountId, { action: "dismiss" })).statusCode).toBe(200);
    expect((await act(t.rep, "contacts", cold.contacts[0], { action: "dismiss" })).statusCode).toBe(200);
    const after = (await call("GET", "/api/v1/signals/hot", t.rep.auth)).json().items;
    expect(after.map((i: { name: string }) => i.name)).toEqual(["Hana", "Quinn"]);
    expect(after[1].open_task).toMatchObject({ note: "Call about the whitepaper" });
    // a dismissal is the rep's own: RevOps still sees the person the rep dismissed
    const forRevops = (await call("GET", "/api/v1/signals/hot", t.revops.auth)).json().items;
    expect(forRevops.map((i: { name: string }) => i.name)).toContain("Cole");
    expect(
      (await call("GET", "/api/v1/signals/hot?subject=account", t.rep.auth))
        .json()
        .items.map((a: { name: string }) => a.name),
    ).toEqual([expect.stringMatching(/^hot/)]);
    h.clock.now = new Date(NOW.getTime() + 60_000);
    await post([{ type: "demo_request", email: cold.emails[0], occurred_at: ago(1), external_id: "v5" }]);
    const back = (await call("GET", "/api/v1/signals/hot", t.rep.auth)).json().items;
    expect(back[0]).toMatchObject({ name: "Cole", says: "asked for a demo; downloaded content in 14 days" });

    // an agent reads but does not act; another tenant's contact is not found
    expect((await act(t.agt301, "contacts", hot.contacts[0], { action: "dismiss" })).statusCode).toBe(403);
    const other = await createTenant(db, "sigv-other");
    expect((await act(other.rep, "contacts", hot.contacts[0], { action: "dismiss" })).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/signals/hot", other.rep.auth)).json().items).toEqual([]);
  }, 60_000);

  it("RevOps sees signals per type and source with each source's health; agents read trends per segment", async () => {
    const { t, call } = s;
    const stats = await call("GET", "/api/v1/signals/stats?days=30", t.revops.auth);
    expect(stats.statusCode).toBe(200);
    const body = stats.json();
    expect(body.by_type.find((x: { type: string }) => x.type === "pricing_page_visit")).toMatchObject({
      count: 2,
      side: "sales",
    });
    expect(body.by_source).toEqual([
      expect.objectContaining({ source: "api", kind: null, count: 5, health: "healthy" }),
    ]);
    expect((await call("GET", "/api/v1/signals/stats", t.rep.auth)).statusCode).toBe(403);

    const trends = await call("GET", "/api/v1/signals/trends?days=7", t.agt901.auth);
    expect(trends.statusCode).toBe(200);
    expect(trends.json().items).toContainEqual({
      segment: "mm",
      type: "pricing_page_visit",
      side: "sales",
      count: 2,
      previous: 0,
      accounts: 1,
      change: null,
    });
    expect((await call("GET", "/api/v1/signals/trends", t.rep.auth)).statusCode).toBe(403);
  });
}

describe("the Signals view (PGlite)", () => suite(async () => undefined));

describeMultiConnection("the Signals view (PostgreSQL)", () => suite(() => serverDatabase()));
