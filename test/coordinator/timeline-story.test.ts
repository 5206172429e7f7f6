// Issue 37 item 5: the timeline tells the story. Events appended out of time order come back in the
// order they happened; a touch carries its message, a reply its text, class and what it caused, a
// hold its release (or that it still waits); the cursor pages in the same order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { type ProspectStory, seedProspectStory } from "../support/prospect-story.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { activePlay, seedTaxonomy } from "../workspace/fixtures.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
let h: TestApp;
let t: Tenant;
let story: ProspectStory;
let playId: string;
let proposalId: string;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = NOW;
  t = await createTenant(h.deps.db);
  const { accountId } = await seedTaxonomy(h.deps.db, t.clientId, 1);
  const play = await activePlay(
    h.deps.db,
    { agent: t.agt901, revops: t.revops, slm: t.slm },
    "Story play",
    NOW,
  );
  playId = play.play_id;
  proposalId = play.originating_proposal_id;
  story = await seedProspectStory(h.deps.db, t.clientId, NOW, { playId, proposalId, accountId });
});
afterAll(() => h.close());

const get = (url: string, who = t.rep) => h.app.inject({ method: "GET", url, headers: who.auth });
type Item = Record<string, any>;

describe("the contact timeline tells the story", () => {
  it("lists events by the time they happened, not by insertion", async () => {
    const res = await get(`/api/v1/contacts/${story.contactId}/timeline`);
    expect(res.statusCode).toBe(200);
    const items: Item[] = res.json().items;
    expect(items.map((e) => e.event_type)).toEqual(story.inOrder);
    const times = items.map((e) => e.occurred_at);
    expect([...times].sort()).toEqual(times);
    // inserted newest first: the event ids run against time
    expect(items[0].event_id).toBeGreaterThan(items.at(-1)!.event_id);
  });

  it("pages in the same order with the cursor, without gaps or repeats", async () => {
    const all: Item[] = (await get(`/api/v1/contacts/${story.contactId}/timeline`)).json().items;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const body: { items: Item[]; next_cursor: string | null } = (
        await get(`/api/v1/contacts/${story.contactId}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      seen.push(...body.items.map((e) => e.event_id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.event_id));
    const bad = await get(`/api/v1/contacts/${story.contactId}/timeline?cursor=bm9wZQ`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("EVENT_CURSOR_INVALID");
  });

  it("gives each touch its subject and body, each reply its text, class and effects", async () => {
    const items: Item[] = (await get(`/api/v1/contacts/${story.contactId}/timeline`)).json().items;
    const touches = items.filter((e) => e.event_type === "touch");
    expect(touches.map((e) => e.message.subject)).toEqual(story.subjects);
    expect(touches.map((e) => e.message.body)).toEqual(story.bodies);
    expect(items.filter((e) => e.event_type !== "touch").every((e) => e.message === null)).toBe(true);
    const reply = items.find((e) => e.event_type === "reply")!;
    expect(reply.reply).toMatchObject({
      text: story.replyText,
      intent: "meeting",
      action: "exited",
      exit_reason: "meeting",
      classified_by: "rules",
      caused: [
        { event_type: "exit", resolution: "meeting" },
        { event_type: "handoff_created", resolution: "meeting" },
      ],
    });
    expect(reply.play_id).toBe(playId);
    expect(reply.originating_proposal_id).toBe(proposalId);
    expect(reply.play_name).toBe("Story play");
  });

  it("gives each hold its gate and its release, or that it still waits", async () => {
    const items: Item[] = (await get(`/api/v1/contacts/${story.contactId}/timeline`)).json().items;
    const held = items.find((e) => e.event_type === "held")!;
    expect(held.decision).toMatchObject({ action: "hold", gate: 3, reason: "touch_cap_exceeded" });
    const allowed = items.find((e) => e.event_type === "step_allowed")!;
    expect(held.release).toEqual({
      released_at: allowed.occurred_at,
      released_by_event: "step_allowed",
      ended: null,
    });
    const queued = items.find((e) => e.event_type === "queued")!;
    expect(queued.decision).toMatchObject({ action: "queue", gate: 4 });
    expect(queued.release).toEqual({ released_at: null, released_by_event: null, ended: null });
    expect(new Date(queued.decision.release_at).getTime()).toBeGreaterThan(NOW.getTime());
  });

  it("is a plain 404 for another tenant", async () => {
    const other = await createTenant(h.deps.db);
    expect((await get(`/api/v1/contacts/${story.contactId}/timeline`, other.revops)).statusCode).toBe(404);
  });
});
