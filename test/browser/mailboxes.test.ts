// issue 12 part 6 in Chromium: the Mailboxes page shows each mailbox's inbox state and its sends
// today against the limit, and RevOps pauses and resumes a mailbox; a rep has no Mailboxes page.
// Screenshots in test-artifacts/screenshots/.
import fs from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { type DnsStandIn, startDnsStandIn } from "../support/dns-stand-in.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: mailboxes (state, pause, resume)", () => {
  let h: BrowserHarness;
  let dns: DnsStandIn;
  beforeAll(async () => {
    h = await startBrowserHarness();
    // issue 41: the sending domains' records come from a local DNS server
    dns = await startDnsStandIn({ "baton.demo": ["v=spf1 include:_spf.mailer.example ~all"] });
    h.deps.resolveTxt = dns.resolver();
    await callApi(h, "bt_demo_revops", "PUT", "/api/v1/mailboxes/rep.inbox@baton.demo/inbox", {
      host: "imap.baton.demo",
      port: 993,
      auth: { kind: "password", password: "never-shown" },
    });
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await dns?.close();
  }, 60_000);

  it("shows the mailbox, and RevOps pauses and resumes it", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Mailboxes" }).click();
    const row = page.getByTestId("mailbox").filter({ hasText: "rep.inbox@baton.demo" });
    await row.waitFor();
    expect(await row.textContent()).toContain("imap.baton.demo:993");
    expect(await row.getByTestId("mailbox-state").textContent()).toBe("pending");
    expect(await page.content()).not.toContain("never-shown");
    await h.screenshot("mailboxes");
    // CSV export of the table (issue 13): the header line, the mailbox, and never the password
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("csv-mailboxes").click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(download.suggestedFilename()).toBe("mailboxes.csv");
    expect(csv.split("\r\n")[0]).toMatch(/^\uFEFFMailbox,Inbox,Last sync,Cursor,Read \/ unmatched/);
    expect(csv).toContain("rep.inbox@baton.demo");
    expect(csv).not.toContain("never-shown");
    await row.getByRole("button", { name: "Pause" }).click();
    await row.getByRole("button", { name: "Resume" }).waitFor();
    expect(await row.getByTestId("mailbox-state").textContent()).toBe("paused");
    await h.screenshot("mailboxes-paused");
    await row.getByRole("button", { name: "Resume" }).click();
    await row.getByRole("button", { name: "Pause" }).waitFor();
    expect(await row.getByTestId("mailbox-state").textContent()).toBe("pending");
    // issue 35: the review queue of untrusted inbound mail sits below the mailboxes
    await page.getByRole("heading", { name: "Inbound mail to review" }).waitFor();
    await page.getByText("Nothing to review.").waitFor();
  });

  it("shows each sending domain's SPF, DKIM and DMARC, and what to publish", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Mailboxes" }).click();
    const domain = page.getByTestId("sending-domain").filter({ hasText: "baton.demo" });
    await domain.waitFor();
    await expect.poll(() => domain.getByTestId("dns-spf").textContent()).toContain("ok");
    expect(await domain.getByTestId("dns-dmarc").textContent()).toContain("missing");
    expect(
      await domain
        .getByRole("textbox", { name: "DMARC record to publish at _dmarc.baton.demo" })
        .inputValue(),
    ).toBe("v=DMARC1; p=none; rua=mailto:dmarc-reports@baton.demo");
    await domain.scrollIntoViewIfNeeded();
    await h.screenshot("mailboxes-sending-domains");
    // published, checked again: the DMARC row turns to a warning (p=none reports only)
    dns.zone.set("_dmarc.baton.demo", ["v=DMARC1; p=none; rua=mailto:dmarc-reports@baton.demo"]);
    await page.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => domain.getByTestId("dns-dmarc").textContent()).toContain("warn");
    expect(await h.a11y()).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it("RevOps sets the sender identity that commercial email's footer carries", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Mailboxes" }).click();
    const card = page.getByTestId("sender-identity");
    // the demo's own identity, as seeded
    await expect.poll(() => card.getByLabel("Company").inputValue()).toBe("B2BEA Demo Ltd");
    await card.getByLabel("Company").fill("RedKey Ltd");
    await card.getByLabel("Postal address").fill("5 Market Street\nLeeds LS1 6DT\nUnited Kingdom");
    await card.getByRole("button", { name: "Save sender identity" }).click();
    await card.getByTestId("sender-identity-saved").waitFor();
    const got = await callApi(h, "bt_demo_rep", "GET", "/api/v1/sender-identity");
    expect(got.identity).toMatchObject({
      company_name: "RedKey Ltd",
      postal_address: "5 Market Street\nLeeds LS1 6DT\nUnited Kingdom",
    });
    await card.scrollIntoViewIfNeeded();
    await h.screenshot("mailboxes-sender-identity");
    expect(await h.a11y()).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it("a rep has no Mailboxes page in the nav", async () => {
    await h.signInAs("rep");
    await h.page.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await h.page.getByRole("link", { name: "Mailboxes" }).count()).toBe(0);
  });
});
