// Notifications outbox, per-tenant webhooks and the signed drainer, against a real HTTP server on
// 127.0.0.1 that verifies each signature the way a receiver would. The receiver is on loopback, so
// the app and the drainer run with BATON_WEBHOOK_ALLOW_LOOPBACK=true (test/coordinator/
// webhook-address.test.ts checks the policy without it).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestActivation } from "../../src/coordinator/index.ts";
import { drainNotifications } from "../../src/notifications/drain-notifications.ts";
import { notify } from "../../src/notifications/notify.ts";
import { verifySignature } from "../../src/notifications/sign-payload.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";

const SECRET = "whsec-0123456789abcdef";
const T0 = new Date("2026-11-20T12:00:00Z");

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let h: TestApp;
let server: http.Server;
let base = "";
const received: Received[] = [];
let answer = 200;
const LOOPBACK = { addressPolicy: { allowLoopback: true } };

beforeAll(async () => {
  h = await testApp(undefined, { BATON_WEBHOOK_ALLOW_LOOPBACK: "true" });
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.statusCode = answer;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await h.close();
});

async function addHook(t: Tenant, path: string, eventTypes: string[] = []) {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/webhooks",
    headers: t.revops.auth,
    payload: { url: `${base}${path}`, secret: SECRET, event_types: eventTypes, description: path },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const note = (t: Tenant, kind: string, agentId = "AGT-303") =>
  h.deps.db.transaction().execute((tx) =>
    notify(tx, {
      clientId: t.clientId,
      kind,
      recipient: { agentId },
      payload: { hello: "world" },
      now: T0,
    }),
  );

describe("webhooks API", () => {
  it("creates, reads, rotates and deletes webhooks without ever returning the secret", async () => {
    const t = await createTenant(h.deps.db);
    const hook = await addHook(t, "/crud", ["flag.*"]);
    expect(hook.secret_hint).toBe("…cdef");
    expect(JSON.stringify(hook)).not.toContain(SECRET);
    const list = await h.app.inject({ method: "GET", url: "/api/v1/webhooks", headers: t.admin.auth });
    expect(list.json()).toHaveLength(1);
    expect(list.body).not.toContain(SECRET);
    const patched = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/webhooks/${hook.webhook_id}`,
      headers: t.revops.auth,
      payload: { secret: "rotated-secret-9999", enabled: false },
    });
    expect(patched.json()).toMatchObject({ enabled: false, secret_hint: "…9999" });
    const other = await createTenant(h.deps.db);
    const foreign = await h.app.inject({
      method: "GET",
      url: `/api/v1/webhooks/${hook.webhook_id}`,
      headers: other.revops.auth,
    });
    expect(foreign.statusCode).toBe(404);
    const del = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/webhooks/${hook.webhook_id}`,
      headers: t.revops.auth,
    });
    expect(del.statusCode).toBe(204);
    const gone = await h.app.inject({
      method: "GET",
      url: `/api/v1/webhooks/${hook.webhook_id}`,
      headers: t.revops.auth,
    });
    expect(gone.statusCode).toBe(404);
  });

  it("refuses other roles, short secrets and URLs with credentials", async () => {
    const t = await createTenant(h.deps.db);
    const rep = await h.app.inject({
      method: "POST",
      url: "/api/v1/webhooks",
      headers: t.rep.auth,
      payload: { url: `${base}/x`, secret: SECRET },
    });
    expect(rep.statusCode).toBe(403);
    const short = await h.app.inject({
      method: "POST",
      url: "/api/v1/webhooks",
      headers: t.revops.auth,
      payload: { url: `${base}/x`, secret: "short" },
    });
    expect(short.statusCode).toBe(400);
    const creds = await h.app.inject({
      method: "POST",
      url: "/api/v1/webhooks",
      headers: t.revops.auth,
      payload: { url: "http://user:pw@127.0.0.1/x", secret: SECRET },
    });
    expect(creds.json().error.code).toBe("WEBHOOK_URL_NOT_ALLOWED");
    const count = await h.deps.db
      .selectFrom("notification_webhooks")
      .select("webhook_id")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(count).toHaveLength(0);
  });
});

describe("outbox drainer", () => {
  it("POSTs each notification once per matching webhook, signed with a timestamp", async () => {
    const t = await createTenant(h.deps.db);
    await addHook(t, "/all");
    await addHook(t, "/flags", ["flag.*"]);
    received.length = 0;
    answer = 200;
    const { notificationId } = await note(t, "coordinator.routing_error", "AGT-202");
    await note(t, "flag.stall");
    const r = await drainNotifications(h.deps.db, T0, LOOPBACK);
    expect(r).toMatchObject({ claimed: 3, delivered: 3, retrying: 0, failed: 0 });
    expect(received.map((x) => x.path).sort()).toEqual(["/all", "/all", "/flags"]);
    for (const x of received) {
      expect(verifySignature(SECRET, x.headers["baton-signature"] as string, x.body, T0)).toEqual({
        ok: true,
      });
      // a replay ten minutes later fails the timestamp check
      expect(
        verifySignature(
          SECRET,
          x.headers["baton-signature"] as string,
          x.body,
          new Date(T0.getTime() + 600_000),
        ),
      ).toEqual({
        ok: false,
        reason: "stale",
      });
      expect(x.headers["baton-delivery"]).toBeTruthy();
    }
    const routing = received.find((x) => JSON.parse(x.body).notification_id === notificationId)!;
    expect(JSON.parse(routing.body)).toMatchObject({
      client_id: t.clientId,
      kind: "coordinator.routing_error",
      recipient: { kind: "agent", id: "AGT-202" },
      payload: { hello: "world" },
    });
    // nothing is due any more
    expect((await drainNotifications(h.deps.db, T0, LOOPBACK)).claimed).toBe(0);
    const inbox = await h.app.inject({ method: "GET", url: "/api/v1/notifications", headers: t.revops.auth });
    expect(inbox.json().items[0].deliveries.every((d: { status: string }) => d.status === "delivered")).toBe(
      true,
    );
    // agents read what is addressed to them
    const agent = await h.app.inject({ method: "GET", url: "/api/v1/notifications", headers: t.agt301.auth });
    expect(agent.json().items).toHaveLength(0);
  });

  it("retries with backoff and marks a delivery failed after the last attempt", async () => {
    const t = await createTenant(h.deps.db);
    await addHook(t, "/down");
    received.length = 0;
    answer = 500;
    await note(t, "flag.backlog_risk");
    expect(await drainNotifications(h.deps.db, T0, { maxAttempts: 3, ...LOOPBACK })).toMatchObject({
      claimed: 1,
      retrying: 1,
    });
    const d1 = await h.deps.db
      .selectFrom("notification_deliveries")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(d1).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: 500,
      last_error: "HTTP 500",
    });
    expect(d1.next_attempt_at).toEqual(new Date(T0.getTime() + 30_000));
    // not due before its backoff ends
    expect(
      (await drainNotifications(h.deps.db, new Date(T0.getTime() + 29_000), { maxAttempts: 3, ...LOOPBACK }))
        .claimed,
    ).toBe(0);
    await drainNotifications(h.deps.db, new Date(T0.getTime() + 30_000), { maxAttempts: 3, ...LOOPBACK });
    const d2 = await h.deps.db
      .selectFrom("notification_deliveries")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(d2.next_attempt_at).toEqual(new Date(T0.getTime() + 30_000 + 60_000));
    expect(
      await drainNotifications(h.deps.db, new Date(T0.getTime() + 90_000), { maxAttempts: 3, ...LOOPBACK }),
    ).toMatchObject({ failed: 1 });
    const d3 = await h.deps.db
      .selectFrom("notification_deliveries")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(d3).toMatchObject({ status: "failed", attempts: 3 });
    expect(received).toHaveLength(3);
    answer = 200;
  });

  it("an unreachable webhook is retried, its error recorded without secrets", async () => {
    const t = await createTenant(h.deps.db);
    await h.deps.db
      .insertInto("notification_webhooks")
      .values({ client_id: t.clientId, url: "http://127.0.0.1:1/closed", secret: SECRET })
      .execute();
    await note(t, "flag.stall");
    expect(await drainNotifications(h.deps.db, T0, { timeoutMs: 2000, ...LOOPBACK })).toMatchObject({
      retrying: 1,
    });
    const d = await h.deps.db
      .selectFrom("notification_deliveries")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(d.last_error).toBeTruthy();
    expect(d.last_error).not.toContain(SECRET);
  });
});

describe("coordinator effects become notifications", () => {
  it("the ABM backstop notifies the originating agent in the decision's transaction", async () => {
    const t = await createTenant(h.deps.db);
    const account = await makeAccount(h.deps.db, t.clientId, { abm: true });
    const contact = await makeContact(h.deps.db, t.clientId, { accountId: account });
    const campaign = await makeCampaign(h.deps.db, t.clientId, "nurture");
    const { decision } = await h.deps.db.transaction().execute((tx) =>
      requestActivation(
        tx,
        {
          clientId: t.clientId,
          contactId: contact,
          campaignId: campaign,
          requestedBy: null,
          originatingAgentId: "AGT-304",
        },
        T0,
      ),
    );
    expect(decision).toMatchObject({ action: "block", gate: 2, reason: "abm_active_suppression" });
    const inbox = await h.app.inject({ method: "GET", url: "/api/v1/notifications", headers: t.agt304.auth });
    expect(inbox.json().items).toEqual([
      expect.objectContaining({
        kind: "coordinator.abm_active_suppression",
        recipient: { kind: "agent", id: "AGT-304" },
        payload: expect.objectContaining({ contact_id: contact, event_id: decision.eventId }),
      }),
    ]);
  });
});

describeMultiConnection("outbox drainers in parallel", () => {
  it("four drainers deliver each of 40 deliveries exactly once (SKIP LOCKED claims)", async () => {
    const server = await serverDatabase(8);
    try {
      const t = await createTenant(server.db);
      await server.db
        .insertInto("notification_webhooks")
        .values({ client_id: t.clientId, url: `${base}/parallel`, secret: SECRET })
        .execute();
      for (let i = 0; i < 40; i++) {
        await server.db.transaction().execute((tx) =>
          notify(tx, {
            clientId: t.clientId,
            kind: "flag.stall",
            recipient: { role: "rep" },
            payload: { i },
            now: T0,
          }),
        );
      }
      received.length = 0;
      answer = 200;
      const results = await Promise.all(
        [1, 2, 3, 4].map(() =>
          drainNotifications(server.db, T0, { batch: 5, ...LOOPBACK }).then(async (first) => {
            let total = first.delivered;
            for (;;) {
              const r = await drainNotifications(server.db, T0, { batch: 5, ...LOOPBACK });
              if (r.claimed === 0) return total;
              total += r.delivered;
            }
          }),
        ),
      );
      expect(results.reduce((a, b) => a + b, 0)).toBe(40);
      const paths = received.filter((r) => r.path === "/parallel").map((r) => JSON.parse(r.body).delivery_id);
      expect(paths).toHaveLength(40);
      expect(new Set(paths).size).toBe(40);
    } finally {
      await server.close();
    }
  });
});
