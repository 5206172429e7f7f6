// Issue 60 item 5 in Chromium: the import page's dry run lists the companies a contact file names
// that are not yet accounts, with how many contacts each; the run creates them only when the person
// ticks "Create these N accounts and import their contacts", and without it their rows are refused
// with the reason shown and nothing is created. Checked through the API; screenshots in
// test-artifacts/screenshots/, no console errors, no serious axe violations.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../src/demo/seed-base.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const NEW_COMPANY = "Quillfeather Labs, Inc.";
const matched = DEMO_ACCOUNTS[0]; // Northwind Commerce

/** One contact at a demo account (named by its domain's web address) and two at a new company. */
const csv = (tag: string) =>
  [
    "Email,Name,Company",
    `ana.${tag}@northwind.test,Ana ${tag},https://www.${matched.domain}/`,
    `bea.${tag}@quillfeather.example,Bea ${tag},"${NEW_COMPANY}"`,
    `cai.${tag}@quillfeather.example,Cai ${tag},quillfeather labs`,
  ].join("\n");

const contact = async (h: BrowserHarness, email: string) =>
  (
    await callApi(h, "bt_demo_revops", "GET", `/api/v1/workspace/contacts?q=${encodeURIComponent(email)}`)
  ).items.find((c: { email: string }) => c.email === email);

describeBrowser("browser: import creates missing accounts only when confirmed (issue 60)", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  /** Uploads the file, maps it and runs the dry run, which lists the new company. */
  const dryRun = async (tag: string) => {
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Import" }).click();
    await page.getByLabel("Upload a CSV file").setInputFiles({
      name: `contacts-${tag}.csv`,
      mimeType: "text/csv",
      buffer: Buffer.from(csv(tag)),
    });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="import-csv"]') as HTMLTextAreaElement)?.value.length > 0,
    );
    await page.getByRole("button", { name: "Read the header row" }).click();
    await page.getByTestId("import-mapping").waitFor();
    await page.getByTestId("map-email").selectOption("Email");
    await page.getByTestId("map-full_name").selectOption("Name");
    await page.getByTestId("map-account").selectOption("Company");
    await page.getByLabel("Legal basis for rows without one").selectOption("legitimate_interest");
    await page.getByTestId("dry-run").click();
    await page.locator('[data-testid="import-report"][data-status="done"][data-dry-run="true"]').waitFor();
    const listed = page.getByTestId("new-account");
    expect(await listed.count()).toBe(1);
    expect(await listed.first().textContent()).toBe(`${NEW_COMPANY}(none)2`);
    expect(await page.getByTestId("count-created").textContent()).toMatch(/^1 would be created/);
    expect(await page.getByTestId("count-refused").textContent()).toMatch(/^2 /);
    expect(await page.getByTestId("import-outcome").textContent()).toContain(
      "1 company is not yet an account",
    );
    expect(await page.getByTestId("create-accounts").isChecked()).toBe(false);
  };

  it("without the confirmation: the new company's rows are refused with why, nothing is created", async () => {
    const page = h.page;
    await dryRun("no");
    await h.screenshot("import-new-accounts-listed");
    await page.getByTestId("run-import").click();
    await page.locator('[data-testid="import-report"][data-status="done"][data-dry-run="false"]').waitFor();
    expect(await page.getByTestId("count-created").textContent()).toMatch(/^1 created/);
    expect(await page.getByTestId("count-refused").textContent()).toMatch(/^2 refused/);
    const rows = page.getByTestId("report-row");
    expect(await rows.count()).toBe(2);
    for (const i of [0, 1]) expect(await rows.nth(i).textContent()).toContain("unknown account");
    expect(await page.getByTestId("import-outcome").textContent()).toBe(
      `Not created, so their rows were refused: ${NEW_COMPANY}`,
    );
    await h.screenshot("import-new-accounts-refused");
    expect((await contact(h, "ana.no@northwind.test"))?.account_id).toBe(matched.account_id);
    expect(await contact(h, "bea.no@quillfeather.example")).toBeUndefined();
    expect(await contact(h, "cai.no@quillfeather.example")).toBeUndefined();
    expect(await h.a11y()).toEqual([]);
  });

  it("confirmed: creates the account once and imports its contacts into it", async () => {
    const page = h.page;
    await dryRun("yes"); // still listed: the refused run created nothing
    const box = page.getByLabel("Create this account and import its 2 contacts");
    await box.check();
    await h.screenshot("import-new-accounts-confirmed");
    expect(await h.a11y()).toEqual([]);
    await page.getByTestId("run-import").click();
    await page.locator('[data-testid="import-report"][data-status="done"][data-dry-run="false"]').waitFor();
    expect(await page.getByTestId("count-created").textContent()).toMatch(/^3 created/);
    expect(await page.getByTestId("count-refused").textContent()).toMatch(/^0 refused/);
    expect(await page.getByTestId("import-outcome").textContent()).toBe(
      `Created 1 account and imported their contacts: ${NEW_COMPANY}`,
    );
    await h.screenshot("import-new-accounts-created");
    const bea = await contact(h, "bea.yes@quillfeather.example");
    const cai = await contact(h, "cai.yes@quillfeather.example");
    expect(bea).toMatchObject({ company: NEW_COMPANY });
    expect(bea.account_id).toBeTruthy();
    expect(cai.account_id).toBe(bea.account_id); // one account, however the rows spell it
    expect((await contact(h, "ana.yes@northwind.test"))?.account_id).toBe(matched.account_id);
    const theirs = await callApi(
      h,
      "bt_demo_revops",
      "GET",
      `/api/v1/workspace/contacts?account_id=${bea.account_id}`,
    );
    expect(theirs.items.map((c: { email: string }) => c.email).sort()).toEqual([
      "bea.yes@quillfeather.example",
      "cai.yes@quillfeather.example",
    ]);
    expect(h.consoleErrors).toEqual([]);
  });
});
