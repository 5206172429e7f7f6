// Issue 36 item 9: bodies and connections. A large invalid body gets a small refusal (the reply
// never grows with the input), bodies beyond a route's limit get 413, and a connection that
// trickles its headers or body, or idles, is closed by the server's timeouts (short ones here).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import type { BatonApp } from "../../src/api/context.ts";
import { loadConfig } from "../../src/config/config.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describe("bodies: refusals do not grow with the input", () => {
  let h: TestApp;
  let t: Tenant;
  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.database.db);
  });
  afterAll(() => h.close());

  const post = (url: string, payload: string) =>
    h.app.inject({
      method: "POST",
      url,
      headers: { ...t.revops.auth, "content-type": "application/json" },
      payload,
    });

  it("answers a 3.4 MB body of invalid items with a small 400", async () => {
    const payload = `{"contacts":[${Array.from({ length: 1_700_000 }, () => "1").join(",")}]}`;
    expect(payload.length).toBeGreaterThan(3_400_000);
    const heap = process.memoryUsage().heapUsed;
    const started = performance.now();
    const res = await post("/api/v1/campaigns/any/enrollments/bulk", payload);
    const ms = performance.now() - started;
    const grew = (process.memoryUsage().heapUsed - heap) / 1e6;
    console.log(
      `3.4 MB invalid body: ${res.statusCode}, ${res.body.length} bytes, ${ms.toFixed(0)} ms, heap +${grew.toFixed(0)} MB`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("VALIDATION_FAILED");
    expect(res.body.length).toBeLessThan(4096);
  });

  it("lists at most 20 errors of a modest invalid body, and counts the rest", async () => {
    const payload = JSON.stringify({
      contacts: Array.from({ length: 400 }, () => ({ contact_id: 1, x: 2 })),
    });
    const res = await post("/api/v1/campaigns/any/enrollments/bulk", payload);
    expect(res.statusCode).toBe(400);
    const facts = res.json().error.facts;
    expect(facts.errors).toHaveLength(20);
    expect(facts.more_errors).toBeGreaterThan(700);
    expect(res.body.length).toBeLessThan(8192);
  });

  it("cuts a path that carries a huge key", async () => {
    const key = "k".repeat(100_000);
    const res = await post(
      "/api/v1/suppressions",
      JSON.stringify({ kind: "email", value: "a@b.co", [key]: 1 }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body.length).toBeLessThan(4096);
  });

  it("does not echo a long content type", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/suppressions",
      headers: { ...t.revops.auth, "content-type": `application/x-${"a".repeat(10_000)}` },
      payload: "x",
    });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body.length).toBeLessThan(1024);
  });

  it("answers a body beyond the route's limit with a small 413", async () => {
    const payload = JSON.stringify({ kind: "email", value: "x".repeat(2 * 1024 * 1024) });
    const res = await post("/api/v1/suppressions", payload);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe("BODY_TOO_LARGE");
    expect(res.body.length).toBeLessThan(1024);
  });

  it("takes up to 4 MiB where the documents are large (bulk enrollment, campaigns, /mcp)", async () => {
    const res = await post(
      "/api/v1/campaigns/any/enrollments/bulk",
      JSON.stringify({
        contacts: [{ contact_id: "00000000-0000-4000-8000-000000000000", notes: "n".repeat(3000) }],
        pad: "p".repeat(2_500_000),
      }),
    );
    // past the body limit, refused by the schema (pad is not a property), not by size
    expect(res.statusCode).toBe(400);
  });
});

/** Resolves with the milliseconds until the server closed the socket (or rejects after `maxMs`). */
function closedAfter(socket: net.Socket, maxMs: number): Promise<{ ms: number; data: string }> {
  const started = performance.now();
  let data = "";
  socket.on("data", (d) => {
    data += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${maxMs} ms`)), maxMs);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, data });
    });
    socket.on("error", () => {});
  });
}

describe("connections: the server closes what trickles or idles", () => {
  let app: BatonApp;
  let h: TestApp;
  let port: number;
  let auth: string;
  beforeAll(async () => {
    h = await testApp();
    auth = (await createTenant(h.database.db)).revops.auth.authorization;
    const config = {
      ...loadConfig({
        BATON_HTTP_REQUEST_TIMEOUT_MS: "800",
        BATON_HTTP_HEADERS_TIMEOUT_MS: "400",
        BATON_HTTP_IDLE_TIMEOUT_MS: "1500",
        BATON_HTTP_KEEP_ALIVE_TIMEOUT_MS: "300",
      }),
      demo: false,
      runEngine: false,
    };
    app = await buildApp({ ...h.deps, config });
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  const connect = () =>
    new Promise<net.Socket>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(s));
    });

  it("closes a connection that trickles its body", async () => {
    const s = await connect();
    s.write(
      `POST /api/v1/suppressions HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
    );
    const timer = setInterval(() => s.writable && s.write(" "), 100);
    try {
      const r = await closedAfter(s, 5_000);
      console.log(
        `trickled body closed after ${r.ms.toFixed(0)} ms: ${r.data.split("\r\n")[0] || "(no answer)"}`,
      );
      expect(r.ms).toBeLessThan(800 + 1_000);
    } finally {
      clearInterval(timer);
    }
  });

  it("closes a connection that trickles its headers", async () => {
    const s = await connect();
    s.write("GET /healthz HTTP/1.1\r\n");
    const timer = setInterval(() => s.writable && s.write("X-a: b\r\n"), 100);
    try {
      const r = await closedAfter(s, 5_000);
      console.log(`trickled headers closed after ${r.ms.toFixed(0)} ms`);
      expect(r.ms).toBeLessThan(400 + 1_000);
    } finally {
      clearInterval(timer);
    }
  });

  it("closes an idle keep-alive connection after its response", async () => {
    const s = await connect();
    s.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    const r = await closedAfter(s, 5_000);
    expect(r.data).toMatch(/^HTTP\/1.1 200/);
    // node adds a second to keepAliveTimeout before it closes
    expect(r.ms).toBeLessThan(300 + 1_000 + 700);
  });

  it("closes a connection that sends nothing", async () => {
    const s = await connect();
    const r = await closedAfter(s, 5_000);
    console.log(`silent connection closed after ${r.ms.toFixed(0)} ms`);
    expect(r.ms).toBeLessThan(1_500 + 1_000);
  });
});
