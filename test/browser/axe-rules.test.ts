// The browser files run only axe's serious and critical rules (test/support/axe.ts). This shows, on
// one page that breaks rules of every impact, that the restricted run finds exactly the serious and
// critical violations every enabled rule finds, and that what it leaves out is minor or moderate.
// The browser files' own pages were compared the same way, once, 144 checks in 31 files, all equal
// (2026-11-30, docs/performance-journal.md 1e.3); none of them has a violation, so this page has some.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousA11yViolations } from "../support/axe.ts";
import { sharedBrowser } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

// no main landmark, no h1, headings that skip a level, content outside landmarks (minor and
// moderate); an image without alt text, an unnamed button, an unlabelled input, grey on white,
// an empty link (serious and critical)
const PAGE = `<!doctype html><html lang="en"><head><title>Broken on purpose</title></head><body>
  <h3>Third level first</h3>
  <h5>Then fifth</h5>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <button></button>
  <input type="text">
  <p style="color:#ccc;background:#fff">Hard to read</p>
  <a href="/somewhere"></a>
</body></html>`;

describeBrowser("browser: only the serious and critical axe rules", () => {
  let page: Page;

  beforeAll(async () => {
    const context = await (await sharedBrowser()).newContext();
    page = await context.newPage();
    await page.setContent(PAGE);
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
  });

  it("finds the same serious and critical violations as every rule, and skips only lesser ones", async () => {
    const restricted = await seriousA11yViolations(page);
    const everyRule = await seriousA11yViolations(page, { allRules: true });
    expect(restricted).toEqual(everyRule);
    expect(restricted.map((v) => v.id).sort()).toEqual(
      ["button-name", "color-contrast", "image-alt", "label", "link-name"].sort(),
    );

    // the rules it skips did find violations here, all minor or moderate
    const all = await page.evaluate(async () => {
      const r = await (globalThis as any).axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v: { id: string; impact: string }) => ({ id: v.id, impact: v.impact }));
    });
    const skipped = all.filter((v: { id: string }) => !restricted.some((r) => r.id === v.id));
    expect(skipped.map((v: { id: string }) => v.id)).toEqual(
      expect.arrayContaining(["heading-order", "landmark-one-main", "page-has-heading-one", "region"]),
    );
    for (const v of skipped) expect(["minor", "moderate"]).toContain(v.impact);
  });
});
