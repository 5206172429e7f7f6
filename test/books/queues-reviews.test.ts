// Books in the work queues (issue 61 item 2), part 2: the reply triage queue, replies a person
// submits, bookings and untrusted inbound mail waiting for review, and the navigation's counts.
// Scope 'own': another book's item is absent from the list and the count, 404 by id, refused 404
// when decided and left pending; the manager (slm) has team A's, RevOps and the exec all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAs } from "../support/app.ts";
import { setBookScope } from "../support/books.ts";
import { createQueueWorld, mcpAs, type QueueWorld, T0 } from "./queue-world.ts";

let q: QueueWorld;
let api: ReturnType<typeof callAs>;
type Auth = { authorization: string };

beforeAll(async () => {
  q = await createQueueWorld();
  api = callAs(q.h);
}, 120_000);
afterAll(async () => q?.close());

const sorted = (...xs: string[]) => [...xs].sort();

describe("books in the reply triage queue", () => {
  const triage = async (who: Auth) =>
    ((await api("GET", "/api/v1/replies/triage?limit=200", who)).json().items as { reply_id: string }[])
      .map((r) => r.reply_id)
      .sort();
  const pending = async (who: Auth) => (await api("GET", "/api/v1/replies/triage/count", who)).json().pending;
  const statusOf = async (id: string) =>
    (
      await q.h.database.db
        .selectFrom("campaign_replies")
        .select("triage")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).triage;

  it("each sees their book's replies, counted as listed; another's is 404 and undecided", async () => {
    const { w, replies: r } = q;
    const { t } = w;
    expect(await triage(t.rep.auth)).toEqual([r.A]);
    expect(await triage(w.repB.auth)).toEqual([r.B]);
    expect(await triage(t.slm.auth)).toEqual([r.A]);
    expect(await triage(t.revops.auth)).toEqual(sorted(r.A, r.B));
    for (const who of [t.rep, w.repB, t.slm, t.revops]) {
      expect(await pending(who.auth)).toBe((await triage(who.auth)).length);
      expect((await api("GET", "/api/v1/me/queues", who.auth)).json().replies).toBe(
        (await triage(who.auth)).length,
      );
    }
    expect((await api("GET", `/api/v1/replies/triage/${r.B}`, t.rep.auth)).statusCode).toBe(404);
    expect((await api("GET", `/api/v1/replies/triage/${r.B}`, t.slm.auth)).statusCode).toBe(404);
    const one = await api("POST", `/api/v1/replies/triage/${r.B}/decide`, t.rep.auth, {
      decision: "continue",
    });
    expect(one.statusCode).toBe(404);
    const bulk = await api("POST", "/api/v1/replies/triage/decide", t.slm.auth, {
      reply_ids: [r.B, r.A],
      decision: "continue",
    });
    expect(bulk.json().results.map((x: { ok: boolean }) => x.ok)).toEqual([false, true]);
    expect(bulk.json().results[0].error.code).toBe("REPLY_NOT_FOUND");
    expect(await statusOf(r.B)).toBe("pending");
    expect(await statusOf(r.A)).toBe("decided");
  });

  it("over MCP a rep's token lists and reads only their book's replies", async () => {
    const { w, replies: r } = q;
    const mcp = await mcpAs(q.url, w.repB.token);
    try {
      expect(
        (await mcp.call("list_reply_triage")).body.items.map((x: { reply_id: string }) => x.reply_id),
      ).toEqual([r.B]);
      expect((await mcp.call("count_reply_triage")).body.pending).toBe(1);
      const other = await mcp.call("get_reply_triage", { reply_id: r.A });
      expect(other).toMatchObject({ ok: false, body: { error: { code: "REPLY_NOT_FOUND" } } });
      const decide = await mcp.call("decide_reply", { reply_id: r.A, decision: "continue" });
      expect(decide).toMatchObject({ ok: false, body: { error: { code: "REPLY_NOT_FOUND" } } });
    } finally {
      await mcp.close();
    }
  });

  it("a person submits replies of their book's prospects only; a stop request is still recorded", async () => {
    const { w, contacts } = q;
    const db = q.h.database.db;
    const { t } = w;
    const submit = (who: Auth, contact_id: string, text: string) =>
      api("POST", "/api/v1/replies", who, { contact_id, text, received_at: T0.toISOString() });
    const repliesOf = async (contactId: string) =>
      (
        await db
          .selectFrom("campaign_replies")
          .select("id")
          .where("client_id", "=", t.clientId)
          .where("contact_id", "=", contactId)
          .execute()
      ).length;
    const before = await repliesOf(contacts.reply.B);
    const refused = await submit(t.rep.auth, contacts.reply.B, "other~0.4 hm");
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe("REPLY_CONTACT_UNKNOWN");
    expect(await repliesOf(contacts.reply.B)).toBe(before);
    expect((await submit(w.repB.auth, contacts.reply.B, "other~0.4 hm")).statusCode).toBe(200);
    expect(await repliesOf(contacts.reply.B)).toBe(before + 1);

    // whoever hears a prospect ask to stop records it (spec 001); the rest stays refused
    const stop = await submit(t.rep.auth, w.contacts.none, "unsubscribe stop emailing me");
    expect(stop.statusCode).toBe(404);
    const none = await db
      .selectFrom("contacts")
      .select(["unsubscribe_flag", "opt_out_flag"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", w.contacts.none)
      .executeTakeFirstOrThrow();
    expect(none.unsubscribe_flag || none.opt_out_flag).toBe(true);
    expect(await repliesOf(w.contacts.none)).toBe(0);
  });
});

describe("books in the review queues", () => {
  it("a sales leader lists and decides the bookings of their book; another's is 404 and pending", async () => {
    const { w, meetings: m } = q;
    const { t } = w;
    const db = q.h.database.db;
    const list = async (who: Auth) =>
      ((await api("GET", "/api/v1/meetings/reviews", who)).json().items as { meeting_id: string }[])
        .map((x) => x.meeting_id)
        .sort();
    expect(await list(t.slm.auth)).toEqual([m.A]);
    expect(await list(t.revops.auth)).toEqual(sorted(m.A, m.B));
    expect(await list(t.exec.auth)).toEqual(sorted(m.A, m.B));
    for (const action of ["confirm", "dismiss"]) {
      const r = await api("POST", `/api/v1/meetings/${m.B}/${action}`, t.slm.auth);
      expect(r.statusCode, action).toBe(404);
    }
    const b = await db
      .selectFrom("meetings")
      .select("review_status")
      .where("id", "=", m.B)
      .executeTakeFirstOrThrow();
    expect(b.review_status).toBe("pending");
    expect((await api("POST", `/api/v1/meetings/${m.A}/dismiss`, t.slm.auth)).statusCode).toBe(200);
  });

  it("a sales leader lists and decides the inbound reviews of their book, counted as listed", async () => {
    const { w, reviews: r } = q;
    const { t } = w;
    const db = q.h.database.db;
    const list = async (who: Auth) =>
      ((await api("GET", "/api/v1/inbound-reviews?status=pending", who)).json().items as { id: string }[])
        .map((x) => x.id)
        .sort();
    expect(await list(t.slm.auth)).toEqual([r.A]);
    expect(await list(t.revops.auth)).toEqual(sorted(r.A, r.B));
    expect((await api("GET", "/api/v1/me/queues", t.slm.auth)).json().inbound_reviews).toBe(1);
    expect((await api("GET", "/api/v1/me/queues", t.revops.auth)).json().inbound_reviews).toBe(2);
    expect((await api("GET", `/api/v1/inbound-reviews/${r.B}`, t.slm.auth)).statusCode).toBe(404);
    for (const action of ["apply", "dismiss"]) {
      const refused = await api("POST", `/api/v1/inbound-reviews/${r.B}/${action}`, t.slm.auth);
      expect(refused.statusCode, action).toBe(404);
    }
    const b = await db
      .selectFrom("inbound_reviews")
      .select("status")
      .where("id", "=", r.B)
      .executeTakeFirstOrThrow();
    expect(b.status).toBe("pending");
    expect((await api("POST", `/api/v1/inbound-reviews/${r.A}/dismiss`, t.slm.auth)).statusCode).toBe(200);

    await setBookScope(db, t.clientId, "tenant");
    try {
      expect(await list(t.slm.auth)).toEqual([r.B]);
    } finally {
      await setBookScope(db, t.clientId, "own");
    }
  });
});
