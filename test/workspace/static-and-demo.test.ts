import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import { loopbackRedirect } from "../../src/api/routes/static-routes.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { ensureWebBuild } from "../support/browser.ts";

describe("workspace static serving and demo sign-in", () => {
  let h: TestApp;
  beforeAll(async () => {
    // the workspace built from the current sources, as npm start serves it (the server registers
    // the built files as it starts)
    await ensureWebBuild();
    h = await testApp();
  }, 300_000);
  afterAll(async () => h.close());

  it("answers the SPA at / and at deep links, but not for API paths", async () => {
    const root = await h.app.inject({ method: "GET", url: "/" });
    expect(root.statusCode).toBe(200);
    expect(root.headers["content-type"]).toMatch(/text\/html/);
    const deep = await h.app.inject({ method: "GET", url: "/plays/123" });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toMatch(/<div id="root">|npm run build:web/);
    const api = await h.app.inject({ method: "GET", url: "/api/v1/nope" });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe("NOT_FOUND");
  });

  it("lets a browser keep the hashed files for a year, and asks it to fetch the page naming them on every load", async () => {
    const page = await h.app.inject({ method: "GET", url: "/" });
    expect(page.headers["cache-control"]).toBe("no-cache");
    const deep = await h.app.inject({ method: "GET", url: "/plays/123" });
    expect(deep.headers["cache-control"]).toBe("no-cache");
    const files = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const url of files) {
      const file = await h.app.inject({ method: "GET", url });
      expect(file.statusCode, url).toBe(200);
      expect(file.headers["cache-control"], url).toBe("public, max-age=31536000, immutable");
    }
    // a file of another build (a tab opened before a deploy): not found, never the page as a script
    const gone = await h.app.inject({ method: "GET", url: "/assets/index-AAAAAAAA.js" });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe("NOT_FOUND");
    expect(gone.headers["cache-control"]).toBeUndefined();
    // the page asked for by its own name is fetched again on every load too
    const plain = await h.app.inject({ method: "GET", url: "/index.html" });
    expect(plain.headers["cache-control"]).toBe("no-cache");
  }, 120_000);

  it("sends a page opened under another loopback name to the public URL, and nothing else", async () => {
    const pub = new URL("http://127.0.0.1:3000");
    const app = await buildApp({ ...h.deps, config: { ...h.deps.config, publicUrl: pub.origin } });
    try {
      const get = (url: string, host: string) => app.inject({ method: "GET", url, headers: { host } });
      const moved = await get("/plays/123?x=1", "localhost:3000");
      expect(moved.statusCode).toBe(308);
      expect(moved.headers.location).toBe("http://127.0.0.1:3000/plays/123?x=1");
      expect((await get("/", "[::1]:3000")).headers.location).toBe("http://127.0.0.1:3000/");
      // the public name itself, another port, a name that is not loopback: answered here
      for (const host of ["127.0.0.1:3000", "localhost:3001", "baton.example.com:3000"]) {
        expect((await get("/plays/123", host)).statusCode, host).toBe(200);
      }
      // the API, the health checks and writes are never redirected
      expect((await get("/api/v1/nope", "localhost:3000")).statusCode).toBe(404);
      expect((await get("/healthz", "localhost:3000")).statusCode).toBe(200);
      const post = await app.inject({ method: "POST", url: "/plays/1", headers: { host: "localhost:3000" } });
      expect(post.statusCode).not.toBe(308);
    } finally {
      await app.close();
    }
    // a public URL that is not loopback: no redirect at all
    expect(loopbackRedirect("http://baton.test")("localhost:80")).toBeNull();
  });

  it("hides the demo principals outside demo mode", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/v1/demo/principals" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("NOT_FOUND");
  });

  it("lists the demo principals in demo mode, without a token", async () => {
    h.deps.config.demo = true;
    try {
      const res = await h.app.inject({ method: "GET", url: "/api/v1/demo/principals" });
      expect(res.statusCode).toBe(200);
      const keys = res.json().items.map((p: any) => p.key);
      expect(keys).toEqual(expect.arrayContaining(["revops", "slm", "exec", "rep"]));
      expect(res.json().items.find((p: any) => p.key === "revops").token).toBe("bt_demo_revops");
    } finally {
      h.deps.config.demo = false;
    }
  });
});
