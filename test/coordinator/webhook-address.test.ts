// The webhook address policy (issue 36 item 8, docs/operations.md): internal addresses are refused
// at registration, in every spelling, and again at delivery (DNS rebinding); a delivery connects to
// the address it checked; redirects are not followed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainNotifications } from "../../src/notifications/drain-notifications.ts";
import { notify } from "../../src/notifications/notify.ts";
import {
  type ResolvedAddress,
  resolveWebhookTarget,
} from "../../src/notifications/resolve-webhook-target.ts";
import { createWebhook } from "../../src/notifications/webhooks.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const SECRET = "whsec-0123456789abcdef";
const T0 = new Date("2026-11-20T12:00:00Z");

interface Received {
  path: string;
  host: string | undefined;
}

let strict: TestApp; // the default: BATON_WEBHOOK_ALLOW_LOOPBACK unset
let loopback: TestApp; // BATON_WEBHOOK_ALLOW_LOOPBACK=true
let server: http.Server;
let port = 0;
const received: Received[] = [];

beforeAll(async () => {
  strict = await testApp();
  loopback = await testApp(strict.database, { BATON_WEBHOOK_ALLOW_LOOPBACK: "true" });
  server = http.createServer((req, res) => {
    received.push({ path: req.url ?? "", host: req.headers.host });
    req.resume();
    req.on("end", () => {
      if (req.url === "/redirect") {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/redirected` });
        res.end();
        return;
      }
      res.statusCode = 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await loopback?.close();
  await strict?.close();
});

const register = (app: TestApp, t: Tenant, url: string) =>
  app.app.inject({
    method: "POST",
    url: "/api/v1/webhooks",
    headers: t.revops.auth,
    payload: { url, secret: SECRET },
  });

// The twelve forms the review tried, and more: every spelling of an internal address.
const INTERNAL: readonly [url: string, address: string, range: RegExp][] = [
  ["http://127.0.0.1/hook", "127.0.0.1", /^loopback/],
  ["http://localhost:8080/hook", "", /^loopback/],
  ["http://169.254.169.254/latest/meta-data/", "169.254.169.254", /^link-local/],
  ["http://10.0.0.1/hook", "10.0.0.1", /^private \(10\.0\.0\.0\/8\)/],
  ["http://172.16.0.5/hook", "172.16.0.5", /^private/],
  ["http://192.168.1.1/hook", "192.168.1.1", /^private/],
  ["http://[::1]/hook", "::1", /^loopback/],
  ["http://0.0.0.0/hook", "0.0.0.0", /^unspecified/],
  ["http://2130706433/hook", "127.0.0.1", /^loopback/],
  ["http://127.1/hook", "127.0.0.1", /^loopback/],
  ["http://0x7f000001/hook", "127.0.0.1", /^loopback/],
  ["http://017700000001/hook", "127.0.0.1", /^loopback/],
  ["http://[::ffff:127.0.0.1]/hook", "::ffff:7f00:1", /^IPv4-mapped .* loopback/],
  ["http://[::ffff:169.254.169.254]/hook", "::ffff:a9fe:a9fe", /^IPv4-mapped .* link-local/],
  ["http://100.64.1.1/hook", "100.64.1.1", /^shared address space \(CGNAT\)/],
  ["http://[fd00::1]/hook", "fd00::1", /^unique-local/],
  ["http://[fe80::1]/hook", "fe80::1", /^link-local/],
  ["http://[64:ff9b::a00:1]/hook", "64:ff9b::a00:1", /^NAT64 .* private/],
  ["http://224.0.0.1/hook", "224.0.0.1", /^multicast/],
  ["https://[::]/hook", "::", /^unspecified/],
];

describe("registration", () => {
  it.each(INTERNAL)("refuses %s, naming the address and its range", async (url, address, range) => {
    const t = await createTenant(strict.deps.db, "wha");
    const res = await register(strict, t, url);
    expect(res.statusCode).toBe(422);
    const err = res.json().error;
    expect(err.code).toBe("WEBHOOK_ADDRESS_REFUSED");
    if (address) expect(err.facts.address).toBe(address);
    expect(err.facts.range).toMatch(range);
    expect(err.message).toContain("which webhooks may not reach");
    const rows = await strict.deps.db
      .selectFrom("notification_webhooks")
      .select("webhook_id")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(rows).toEqual([]);
  });

  it("allows loopback, and loopback only, when BATON_WEBHOOK_ALLOW_LOOPBACK=true", async () => {
    const t = await createTenant(loopback.deps.db, "whl");
    for (const url of ["http://127.0.0.1:9/hook", "http://[::1]:9/hook", "http://127.1:9/hook"]) {
      expect((await register(loopback, t, url)).statusCode).toBe(201);
    }
    for (const url of [
      "http://169.254.169.254/",
      "http://10.1.2.3/",
      "http://0.0.0.0/",
      "http://[::ffff:10.0.0.1]/",
      "http://[fd00::1]/",
    ]) {
      const res = await register(loopback, t, url);
      expect(res.json().error?.code, url).toBe("WEBHOOK_ADDRESS_REFUSED");
    }
  });

  it("refuses a changed URL the same way", async () => {
    const t = await createTenant(loopback.deps.db, "whu");
    const hook = (await register(loopback, t, `http://127.0.0.1:${port}/ok`)).json();
    const res = await strict.app.inject({
      method: "PATCH",
      url: `/api/v1/webhooks/${hook.webhook_id}`,
      headers: t.revops.auth,
      payload: { url: "http://169.254.169.254/latest/meta-data/" },
    });
    expect(res.json().error.code).toBe("WEBHOOK_ADDRESS_REFUSED");
  });

  it("resolves a host name: one private answer among public ones refuses it", async () => {
    const answers: Record<string, ResolvedAddress[]> = {
      "intranet.example.com": [{ address: "10.9.8.7", family: 4 }],
      "mixed.example.com": [
        { address: "93.184.216.34", family: 4 },
        { address: "fd00::7", family: 6 },
      ],
      "public.example.com": [{ address: "93.184.216.34", family: 4 }],
    };
    const policy = { allowLoopback: false, lookup: async (h: string) => answers[h] ?? [] };
    await expect(resolveWebhookTarget("https://intranet.example.com/x", policy)).rejects.toMatchObject({
      code: "WEBHOOK_ADDRESS_REFUSED",
      facts: { host: "intranet.example.com", address: "10.9.8.7", range: "private (10.0.0.0/8)" },
    });
    await expect(resolveWebhookTarget("https://mixed.example.com/x", policy)).rejects.toMatchObject({
      code: "WEBHOOK_ADDRESS_REFUSED",
      facts: { address: "fd00::7", range: "unique-local (fc00::/7)" },
    });
    await expect(resolveWebhookTarget("https://nowhere.example.com/x", policy)).rejects.toMatchObject({
      code: "WEBHOOK_HOST_UNRESOLVED",
    });
    await expect(resolveWebhookTarget("https://public.example.com/x", policy)).resolves.toMatchObject({
      hostname: "public.example.com",
      address: "93.184.216.34",
    });
    // and through createWebhook, which stores nothing
    const t = await createTenant(strict.deps.db, "whr");
    await expect(
      createWebhook(
        strict.deps.db,
        t.revops,
        { url: "https://intranet.example.com/x", secret: SECRET },
        T0,
        policy,
      ),
    ).rejects.toMatchObject({ code: "WEBHOOK_ADDRESS_REFUSED" });
  });
});

async function pending(t: Tenant, url: string) {
  await strict.deps.db
    .insertInto("notification_webhooks")
    .values({ client_id: t.clientId, url, secret: SECRET })
    .execute();
  await strict.deps.db.transaction().execute((tx) =>
    notify(tx, {
      clientId: t.clientId,
      kind: "flag.stall",
      recipient: { role: "rep" },
      payload: {},
      now: T0,
    }),
  );
}

const delivery = (t: Tenant) =>
  strict.deps.db
    .selectFrom("notification_deliveries")
    .selectAll()
    .where("client_id", "=", t.clientId)
    .executeTakeFirstOrThrow();

describe("delivery", () => {
  it("refuses a host whose DNS answer turned private after registration (DNS rebinding)", async () => {
    const t = await createTenant(strict.deps.db, "whd");
    let calls = 0;
    // first answer public (registration passes), every later one loopback
    const lookup = async (): Promise<ResolvedAddress[]> =>
      calls++ === 0 ? [{ address: "93.184.216.34", family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
    const policy = { allowLoopback: false, lookup };
    await createWebhook(
      strict.deps.db,
      t.revops,
      { url: `http://rebind.example.com:${port}/rebound`, secret: SECRET },
      T0,
      policy,
    );
    await strict.deps.db.transaction().execute((tx) =>
      notify(tx, {
        clientId: t.clientId,
        kind: "flag.stall",
        recipient: { role: "rep" },
        payload: {},
        now: T0,
      }),
    );
    received.length = 0;
    expect(await drainNotifications(strict.deps.db, T0, { addressPolicy: policy })).toMatchObject({
      claimed: 1,
      delivered: 0,
      retrying: 1,
    });
    expect(calls).toBe(2);
    expect(received).toEqual([]);
    const d = await delivery(t);
    expect(d.status).toBe("pending");
    expect(d.last_error).toMatch(
      /^WEBHOOK_ADDRESS_REFUSED: .*rebind\.example\.com resolves to 127\.0\.0\.1.*loopback/,
    );
  });

  it("refuses a stored internal URL at delivery, whatever wrote it", async () => {
    const t = await createTenant(strict.deps.db, "whs");
    await pending(t, `http://127.0.0.1:${port}/stored`);
    received.length = 0;
    await drainNotifications(strict.deps.db, T0);
    expect(received).toEqual([]);
    expect((await delivery(t)).last_error).toMatch(/^WEBHOOK_ADDRESS_REFUSED/);
  });

  it("connects to the checked address, with the URL's host name in the Host header", async () => {
    const t = await createTenant(strict.deps.db, "whp");
    await pending(t, `http://hooks.baton.test:${port}/pinned`);
    received.length = 0;
    // hooks.baton.test resolves nowhere but through this lookup: the request went to its answer
    const policy = {
      allowLoopback: true,
      lookup: async () => [{ address: "127.0.0.1", family: 4 as const }],
    };
    expect(await drainNotifications(strict.deps.db, T0, { addressPolicy: policy })).toMatchObject({
      delivered: 1,
    });
    expect(received).toEqual([{ path: "/pinned", host: `hooks.baton.test:${port}` }]);
  });

  it("does not follow a redirect: a 3xx is a failed attempt with its reason", async () => {
    const t = await createTenant(strict.deps.db, "whx");
    await pending(t, `http://127.0.0.1:${port}/redirect`);
    received.length = 0;
    expect(
      await drainNotifications(strict.deps.db, T0, { addressPolicy: { allowLoopback: true } }),
    ).toMatchObject({ delivered: 0, retrying: 1 });
    expect(received.map((r) => r.path)).toEqual(["/redirect"]);
    const d = await delivery(t);
    expect(d.last_status_code).toBe(302);
    expect(d.last_error).toBe("HTTP 302: redirects are not followed");
  });
});
