// Email-link sign-in in the browser, end to end through the local SMTP test server: ask for a link
// on the sign-in page, open it from the email, get signed in; the same link a second time is refused.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

const qp = (raw: string) =>
  raw.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));

describeBrowser("browser: email-link sign-in", () => {
  let h: BrowserHarness;
  let smtp: TestSmtp;
  beforeAll(async () => {
    h = await startBrowserHarness();
    smtp = await startTestSmtp();
    // email sign-in configured (as SMTP_HOST would): demo sign-in turns off
    h.deps.config.smtp = smtp.config("signin@baton.test");
    h.deps.config.emailSignIn = true;
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  }, 60_000);

  it("sends a link through SMTP that signs in once; the second use is refused", async () => {
    const page = h.page;
    await page.goto("/");
    await page.getByRole("heading", { name: "Email me a sign-in link" }).waitFor();
    expect(await page.getByRole("heading", { name: "Demo: sign in as" }).count()).toBe(0);
    await page.locator("#email-client").fill("demo");
    await page.getByLabel("Work email").fill("tara@demo.test");
    await page.getByRole("button", { name: "Email me a link" }).click();
    await page.getByTestId("email-sent").waitFor();
    await expect.poll(() => smtp.messages.length).toBe(1);
    const link = /https?:\/\/\S+\/signin\/email#client=demo&code=[A-Za-z0-9_-]+/.exec(
      qp(smtp.messages[0].raw),
    )![0];
    expect(smtp.messages[0].to).toEqual(["tara@demo.test"]);

    await page.goto(link);
    await expect.poll(() => page.getByTestId("who").textContent()).toContain("Tara Rep");
    expect(page.url()).not.toContain("code=");

    await h.context.clearCookies();
    await page.goto(link);
    await page.getByTestId("error").getByText("EMAIL_LINK_INVALID").waitFor();
    expect(await page.getByTestId("who").count()).toBe(0);
  });
});
