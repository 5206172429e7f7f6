// GET /api/v1/crm/outbox shows pending, applied and dead-lettered CRM writes; dead ones re-queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttioCrm } from "../../src/crm/attio-crm.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type AttioStandIn, startAttioStandIn } from "../support/attio-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact } from "./crm-fixtures.ts";

let h: TestApp;
let attio: AttioStandIn;
beforeAll(async () => {
  h = await testApp();
  attio = await startAttioStandIn();
});
afterAll(async () => {
  await attio.close();
  await h.close();
});

describe("GET /api/v1/crm/outbox", () => {
  it("lists dead letters for revops, re-queues them, and hides other tenants", async () => {
    const t = await createTenant(h.database.db);
    const other = await createTenant(h.database.db);
    const contactId = await addContact(h.database.db, t.clientId, "Lee Park", "lee@park.example");
    await enqueueCrmWrite(h.database.db, t.clientId, { op: "upsert_contact", contactId });
    const now = new Date("2026-03-02T10:00:00Z");
    h.clock.now = now;
    await drainCrmOutbox(h.database.db, new AttioCrm({ baseUrl: attio.baseUrl, apiKey: "bad" }), now);

    const res = await h.app.inject({
      method: "GET",
      url: "/api/v1/crm/outbox?status=dead",
      headers: t.revops.auth,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.counts).toEqual({ pending: 0, done: 0, dead: 1 });
    expect(body.items).toMatchObject([{ op: "upsert_contact", status: "dead", contact_id: contactId }]);
    expect(body.items[0].last_error).toContain("401");

    const rep = await h.app.inject({ method: "GET", url: "/api/v1/crm/outbox", headers: t.rep.auth });
    expect(rep.statusCode).toBe(403);
    const theirs = await h.app.inject({
      method: "GET",
      url: "/api/v1/crm/outbox",
      headers: other.revops.auth,
    });
    expect(theirs.json().items).toEqual([]);
    const id = body.items[0].id;
    const foreign = await h.app.inject({
      method: "POST",
      url: `/api/v1/crm/outbox/${id}/retry`,
      headers: other.revops.auth,
    });
    expect(foreign.statusCode).toBe(404);

    const retry = await h.app.inject({
      method: "POST",
      url: `/api/v1/crm/outbox/${id}/retry`,
      headers: t.revops.auth,
    });
    expect(retry.json()).toEqual({ id, status: "pending" });
    const again = await h.app.inject({
      method: "POST",
      url: `/api/v1/crm/outbox/${id}/retry`,
      headers: t.revops.auth,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("CRM_WRITE_NOT_DEAD");
    await drainCrmOutbox(h.database.db, new AttioCrm({ baseUrl: attio.baseUrl, apiKey: attio.apiKey }), now);
    const done = await h.app.inject({ method: "GET", url: "/api/v1/crm/outbox", headers: t.revops.auth });
    expect(done.json().counts).toEqual({ pending: 0, done: 1, dead: 0 });
  });
});
