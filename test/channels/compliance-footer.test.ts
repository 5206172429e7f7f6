// issue 41 item 4 over a real SMTP conversation: every commercial email's text and HTML parts end
// with the sender's company, postal address and a visible unsubscribe link (the same signed page as
// List-Unsubscribe); transactional mail carries none; a tenant without a postal address has its
// commercial mail refused, never sent. The identity's API: RevOps sets it, a rep reads it.
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundEmail } from "../../src/channels/channel.ts";
import { footerHtml } from "../../src/channels/compliance-footer.ts";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { unsubscribeHeaders } from "../../src/channels/unsubscribe-token.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let smtp: TestSmtp;
let tenant: Tenant;
let channel: SmtpEmailChannel;
const now = new Date("2026-03-02T10:00:00Z");
const contactId = "7b0b8a4e-3c1c-4c47-9a57-7d7a1b8b0c01";
let seq = 0;

const config = () => ({ ...h.deps.config, publicUrl: "https://baton.example", smtp: smtp.config() });
function email(clientId: string, over: Partial<OutboundEmail> = {}): OutboundEmail {
  seq += 1;
  return {
    clientId,
    to: "dana@prospect.example",
    subject: "Following up",
    text: "Hi Dana,\n\nThanks for the time today.\n",
    headers: unsubscribeHeaders(config(), clientId, contactId),
    idempotencyKey: `enr-1:step-${seq}:${Math.random()}`,
    ...over,
  };
}

beforeAll(async () => {
  h = await testApp();
  smtp = await startTestSmtp();
  tenant = await createTenant(h.database.db);
  const put = await h.app.inject({
    method: "PUT",
    url: "/api/v1/sender-identity",
    headers: tenant.revops.auth,
    payload: {
      company_name: "Acme <Sales> Ltd",
      postal_address: "12 Harbour Road\nBristol BS1 5TY\nUnited Kingdom",
    },
  });
  expect(put.statusCode).toBe(200);
  channel = new SmtpEmailChannel(h.database.db, config());
});
afterAll(async () => {
  channel.close();
  await smtp.close();
  await h.close();
});

describe("the compliance footer", () => {
  it("a commercial email's text and HTML end with the company, the postal address and the header's unsubscribe page", async () => {
    const m = email(tenant.clientId);
    expect((await channel.send(m, now)).status).toBe("sent");
    const got = await simpleParser(smtp.messages.at(-1)!.raw);
    const header = (smtp.messages.at(-1)!.headers["list-unsubscribe"] ?? "").replace(/\r?\n[ \t]+/g, " ");
    const page = /<(https:\/\/baton\.example\/u\/[^>]+)>/.exec(header)![1];
    expect(got.text).toContain("Thanks for the time today.");
    expect(got.text).toContain("Acme <Sales> Ltd, 12 Harbour Road, Bristol BS1 5TY, United Kingdom");
    expect(got.text).toContain(`To stop receiving these emails: ${page}`);
    const html = String(got.html);
    expect(html).toContain("Acme &lt;Sales&gt; Ltd, 12 Harbour Road, Bristol BS1 5TY, United Kingdom");
    expect(html).toContain(`<a href="${page}">Unsubscribe</a> from these emails.`);
    // the draft's words stay escaped, the footer is the only markup added
    expect(html).not.toContain("<Sales>");
  });

  it("transactional mail carries no footer", async () => {
    const m = email(tenant.clientId, { transactional: true, headers: {} });
    expect((await channel.send(m, now)).status).toBe("sent");
    const got = await simpleParser(smtp.messages.at(-1)!.raw);
    expect(got.text).not.toContain("Harbour Road");
    expect(String(got.html)).not.toContain("Unsubscribe</a>");
  });

  it("without a postal address, commercial mail is refused and nothing reaches the server", async () => {
    const bare = await createTenant(h.database.db, "bare");
    await h.database.db.deleteFrom("sender_identities").where("client_id", "=", bare.clientId).execute();
    const before = smtp.messages.length;
    const r = await channel.send(email(bare.clientId), now);
    expect(r).toMatchObject({ status: "failed", transient: false });
    expect(r.status === "failed" && r.error).toMatch(/^SENDER_ADDRESS_MISSING: .*postal address/);
    expect(smtp.messages.length).toBe(before);
    // transactional mail of the same tenant still goes
    expect((await channel.send(email(bare.clientId, { transactional: true, headers: {} }), now)).status).toBe(
      "sent",
    );
    const read = await h.app.inject({
      method: "GET",
      url: "/api/v1/sender-identity",
      headers: bare.rep.auth,
    });
    expect(read.json()).toEqual({ identity: null });
  });

  it("RevOps sets the identity, a rep may read but not set it, and a short address is refused", async () => {
    const read = await h.app.inject({
      method: "GET",
      url: "/api/v1/sender-identity",
      headers: tenant.rep.auth,
    });
    expect(read.json().identity).toMatchObject({ company_name: "Acme <Sales> Ltd" });
    const rep = await h.app.inject({
      method: "PUT",
      url: "/api/v1/sender-identity",
      headers: tenant.rep.auth,
      payload: { company_name: "X", postal_address: "somewhere far away" },
    });
    expect(rep.statusCode).toBe(403);
    const short = await h.app.inject({
      method: "PUT",
      url: "/api/v1/sender-identity",
      headers: tenant.admin.auth,
      payload: { company_name: "Acme", postal_address: "   Bristol    " },
    });
    expect(short.json().error.code).toBe("SENDER_IDENTITY_INVALID");
    expect(
      footerHtml({ company_name: "<b>", postal_address: "a\nb" }, "https://x.example/u/t?a=1&b=2"),
    ).toContain('href="https://x.example/u/t?a=1&amp;b=2"');
  });
});
