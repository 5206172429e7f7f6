// Books (issue 61 item 2) in the workspace: a rep whose workspace is set to 'own' opens a stale link
// to a prospect outside their book. The page says the prospect was not found, shows no timeline and
// does not crash; the contacts list does not show that prospect; their own prospect opens as before.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_CONTACTS } from "../../src/demo/seed-base.ts";
import { setBookScope } from "../support/books.ts";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: a prospect outside the rep's book", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("is 'not found' on its page and absent from the list; the rep's own still opens", async () => {
    const db = h.database.db;
    const [theirs, mine] = [DEMO_CONTACTS[0], DEMO_CONTACTS[1]];
    // the demo's rep owns every demo prospect: give one to RevOps, and books to 'own'
    await sql`update contacts set owner_principal_id = (
                select principal_id from principals where client_id = ${h.clientId} and 'revops' = any(roles) limit 1)
               where client_id = ${h.clientId} and contact_id = ${theirs.contact_id}::uuid`.execute(db);
    await setBookScope(db, h.clientId, "own");
    const page = h.page;
    await h.signInAs("rep");

    await page.goto(`/contacts/${theirs.contact_id}`);
    const note = page.getByRole("alert");
    await note.waitFor();
    expect(await note.getAttribute("data-code")).toBe("NOT_FOUND");
    expect(await note.textContent()).toContain("was not found");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Prospect");
    expect(await page.getByTestId("prospect-actions").count()).toBe(0);
    expect(await h.a11y()).toEqual([]);
    // the only console errors are the browser's own lines for the 404 itself
    expect(h.consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
    await h.screenshot("books-prospect-not-found");

    await page.goto(`/contacts/${mine.contact_id}`);
    await page.getByRole("heading", { level: 1, name: mine.full_name }).waitFor();
    await page.getByTestId("prospect-actions").waitFor();

    const find = async (name: string) => {
      await page.goto("/contacts");
      await page.getByLabel("Name or email starts with").fill(name);
      await Promise.all([
        page.waitForResponse(
          (r) => r.url().includes("/api/v1/workspace/contacts?") && r.url().includes("q=") && r.ok(),
        ),
        page.getByRole("button", { name: "Search" }).click(),
      ]);
      await page.getByTestId("contacts").waitFor();
    };
    await find(mine.full_name);
    await page.getByTestId("contacts").getByRole("link", { name: mine.full_name }).waitFor();
    await find(theirs.full_name);
    await expect.poll(() => page.getByTestId("contacts").locator("tbody tr").count()).toBe(0);
  });
});
