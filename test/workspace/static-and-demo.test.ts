import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";

describe("workspace static serving and demo sign-in", () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await testApp();
  });
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
