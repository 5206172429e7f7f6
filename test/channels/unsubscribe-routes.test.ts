// One-click unsubscribe over HTTP (spec 002 "Channels", RFC 8058): GET changes nothing, POST
// unsubscribes at once through the coordinator's optOut, idempotently.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { signUnsubscribeToken } from "../../src/channels/unsubscribe-token.ts";
import { addContact, addEnrollment } from "../crm/crm-fixtures.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let smtp: TestSmtp;
let t: Tenant;
const form = { "content-type": "application/x-www-form-urlencoded" };

beforeAll(async () => {
  h = await testApp();
  smtp = await startTestSmtp();
  t = await createTenant(h.database.db);
  h.clock.now = new Date("2026-03-02T10:00:00Z");
});
afterAll(async () => {
  await smtp.close();
  await h.close();
});

async function flags(contactId: string) {
  const c = await h.database.db
    .selectFrom("contacts")
    .select(["unsubscribe_flag", "opt_out_flag"])
    .where("contact_id", "=", contactId)
    .executeTakeFirstOrThrow();
  const e = await h.database.db
    .selectFrom("campaign_contacts")
    .select("status")
    .where("contact_id", "=", contactId)
    .execute();
  return { unsubscribed: c.unsubscribe_flag, enrollments: e.map((r) => r.status) };
}

describe("one-click unsubscribe", () => {
  it("the link in a sent email: GET shows a page and changes nothing; the RFC 8058 POST unsubscribes", async () => {
    const contactId = await addContact(h.database.db, t.clientId, "Dana Reyes", "dana@reyes.example");
    await addEnrollment(h.database.db, t.clientId, contactId);
    const channel = new SmtpEmailChannel(h.database.db, { ...h.deps.config, smtp: smtp.config() });
    const sent = await channel.send(
      {
        clientId: t.clientId,
        contactId,
        to: "dana@reyes.example",
        subject: "Hello",
        text: "Hi",
        headers: {},
        idempotencyKey: `unsub-${contactId}`,
      },
      h.clock.now as Date,
    );
    channel.close();
    expect(sent.status).toBe("sent");
    const link = /<(http[^>]+)>/.exec(smtp.messages.at(-1)?.headers["list-unsubscribe"] ?? "")?.[1] ?? "";
    const path = new URL(link).pathname;
    expect(path).toMatch(/^\/u\/v1\./);

    const get = await h.app.inject({ method: "GET", url: path });
    expect(get.statusCode).toBe(200);
    expect(get.headers["content-type"]).toContain("text/html");
    expect(get.body).toContain("d***@reyes.example");
    expect(get.body).toContain(`<form method="post" action="${path}">`);
    expect(get.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await flags(contactId)).toEqual({ unsubscribed: false, enrollments: ["active"] });

    const post = await h.app.inject({
      method: "POST",
      url: path,
      headers: form,
      payload: "List-Unsubscribe=One-Click",
    });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain("You are unsubscribed");
    expect(await flags(contactId)).toEqual({ unsubscribed: true, enrollments: ["opted_out"] });
    const events = await h.database.db
      .selectFrom("cadence_event_log")
      .select("event_type")
      .where("contact_id", "=", contactId)
      .execute();
    expect(events.length).toBeGreaterThan(0);

    const again = await h.app.inject({
      method: "POST",
      url: path,
      headers: form,
      payload: "List-Unsubscribe=One-Click",
    });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain("already unsubscribed");
    const page = await h.app.inject({ method: "GET", url: path });
    expect(page.body).not.toContain("<form");
  });

  it("works with a multipart body and with no body at all", async () => {
    for (const variant of ["multipart", "empty"] as const) {
      const contactId = await addContact(
        h.database.db,
        t.clientId,
        `Variant ${variant}`,
        `${variant}@x.example`,
      );
      const token = signUnsubscribeToken(h.deps.config.secret, { clientId: t.clientId, contactId });
      const res =
        variant === "multipart"
          ? await h.app.inject({
              method: "POST",
              url: `/u/${token}`,
              headers: { "content-type": "multipart/form-data; boundary=XyZ" },
              payload:
                '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n',
            })
          : await h.app.inject({ method: "POST", url: `/u/${token}` });
      expect(res.statusCode).toBe(200);
      expect((await flags(contactId)).unsubscribed).toBe(true);
    }
  });

  it("a tampered or foreign-secret token is refused and changes nothing", async () => {
    const contactId = await addContact(h.database.db, t.clientId, "Tamper Target", "tt@x.example");
    const good = signUnsubscribeToken(h.deps.config.secret, { clientId: t.clientId, contactId });
    const forged = signUnsubscribeToken("another-secret", { clientId: t.clientId, contactId });
    const edited = `${good.slice(0, -2)}${good.endsWith("AA") ? "BB" : "AA"}`;
    for (const token of [forged, edited, "v1.garbage.sig"]) {
      const get = await h.app.inject({ method: "GET", url: `/u/${token}` });
      expect(get.statusCode).toBe(400);
      const post = await h.app.inject({
        method: "POST",
        url: `/u/${token}`,
        headers: form,
        payload: "List-Unsubscribe=One-Click",
      });
      expect(post.statusCode).toBe(400);
      expect(post.body).toContain("not valid");
    }
    expect((await flags(contactId)).unsubscribed).toBe(false);
  });

  it("a valid token for a contact that no longer exists is a 404 page", async () => {
    const token = signUnsubscribeToken(h.deps.config.secret, {
      clientId: t.clientId,
      contactId: "00000000-0000-4000-8000-000000000000",
    });
    expect((await h.app.inject({ method: "GET", url: `/u/${token}` })).statusCode).toBe(404);
    expect((await h.app.inject({ method: "POST", url: `/u/${token}` })).statusCode).toBe(404);
  });

  it("the form parser is scoped to these routes", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/crm/outbox/1/retry",
      headers: { ...form, ...t.revops.auth },
      payload: "a=b",
    });
    expect(res.statusCode).not.toBe(200);
    expect(res.json().error.code).not.toBe("CRM_WRITE_NOT_DEAD");
  });
});

describe("OpenAPI", () => {
  it("documents the unsubscribe and CRM outbox routes", async () => {
    const res = await h.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(["/u/{token}", "/api/v1/crm/outbox", "/api/v1/crm/outbox/{id}/retry"]),
    );
  });
});
