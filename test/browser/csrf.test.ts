// CSRF: a page on another origin (another port on the same host, so SameSite=Lax still sends the
// session cookie) posts forms to Baton. Both are refused and change nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: cross-origin form posts", () => {
  let h: BrowserHarness;
  let evil: http.Server;
  let evilUrl: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    evil = http.createServer((req, res) => {
      const action = req.url === "/sign-out" ? `${h.url}/auth/sign-out` : `${h.url}/api/v1/plays`;
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><form method="post" action="${action}">
        <input name="name" value="Injected play"><button type="submit">Win a prize</button></form>`);
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => evil?.close(r));
  }, 60_000);

  it("refuses a cross-origin form post that carries the session cookie, and changes nothing", async () => {
    const page = h.page;
    await h.signInAs("revops");
    const plays = async () =>
      Number(
        (
          await h.deps.db
            .selectFrom("plays")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await plays();

    for (const path of ["/plays", "/sign-out"]) {
      await page.goto(`${evilUrl}${path}`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().startsWith(h.url) && r.request().method() === "POST"),
        page.getByRole("button", { name: "Win a prize" }).click(),
      ]);
      // the browser did send the cookie (same site), and Baton refused on the origin
      expect(await res.request().headerValue("cookie")).toContain("baton_session=");
      expect(res.status()).toBe(403);
      expect((await res.json()).error).toMatchObject({ code: "CSRF_REFUSED", facts: { reason: "origin" } });
    }
    expect(await plays()).toBe(before);
    // still signed in: the forged sign-out did not end the session
    await page.goto("/");
    await expect.poll(() => page.getByTestId("who").textContent()).toContain("Riley RevOps");
  });
});
