// issue 12 part 6 over HTTP: GET /api/v1/mailboxes shows each mailbox's inbox state and its sends
// today against the limit; the password is write-only; admins and RevOps pause and resume, reps
// cannot. On PGlite, through app.inject().
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMailboxLimit, setMailboxRamp } from "../../src/channels/mailbox-limits.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const NOW = new Date("2026-03-02T12:00:00Z");

describe("mailboxes API", () => {
  let h: TestApp;
  let t: Tenant;
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = NOW;
    t = await createTenant(h.database.db, "mbx");
    await setMailboxLimit(h.database.db, t.clientId, "rep@acme.test", 40, NOW);
    // warm-up: 10 on Feb 27, +5 a day → 25 on Mar 2
    await setMailboxRamp(
      h.database.db,
      t.clientId,
      "rep@acme.test",
      { start: 10, step: 5, startDay: "2026-02-27" },
      NOW,
    );
    await h.database.db
      .insertInto("mailbox_send_counts")
      .values({ client_id: t.clientId, mailbox: "rep@acme.test", day: "2026-03-02" as never, sent: 12 })
      .execute();
  });
  afterAll(() => h.close());

  const put = (auth: { authorization: string }, mailbox: string, payload: unknown) =>
    h.app.inject({
      method: "PUT",
      url: `/api/v1/mailboxes/${mailbox}/inbox`,
      headers: auth,
      payload: payload as never,
    });

  it("RevOps sets the IMAP settings; the password is never shown", async () => {
    const r = await put(t.revops.auth, "rep@acme.test", {
      host: "imap.acme.test",
      auth: { kind: "password", password: "hunter2-imap" },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ mailbox: "rep@acme.test", replaced: false });
    const again = await put(t.revops.auth, "rep@acme.test", {
      host: "imap.acme.test",
      auth: { kind: "password", password: "x" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("INBOX_EXISTS");
    const list = await h.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: t.slm.auth });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain("hunter2");
    const row = await h.database.db
      .selectFrom("mailbox_inboxes")
      .select("secret_enc")
      .executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain("hunter2");
    expect(list.json().items).toEqual([
      {
        mailbox: "rep@acme.test",
        sending: {
          sent_today: 12,
          daily_limit: 40,
          limit_today: 25,
          ramp: { start: 10, step: 5, start_day: "2026-02-27" },
          remaining_today: 13,
          campaigns: [],
        },
        inbox: expect.objectContaining({
          host: "imap.acme.test",
          port: 993,
          tls: true,
          auth_kind: "password",
          password: "encrypted",
          status: "pending",
          connected: false,
          cursor: { uidvalidity: null, last_uid: "0" },
          last_error: null,
          processed_count: "0",
          unmatched_count: "0",
          trusted_authserv_ids: [],
        }),
        deliverability: null,
      },
    ]);
  });

  it("a password by reference must name a BATON_MAILBOX_* variable; xoauth2 names its provider", async () => {
    const bad = await put(t.admin.auth, "ops@acme.test", {
      host: "imap.acme.test",
      auth: { kind: "password", password_env: "PATH" },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await put(t.admin.auth, "ops@acme.test", {
      host: "outlook.office365.com",
      auth: { kind: "xoauth2", provider: "microsoft" },
    });
    expect(ok.statusCode).toBe(200);
    const one = await h.app.inject({
      method: "GET",
      url: "/api/v1/mailboxes/ops@acme.test",
      headers: t.admin.auth,
    });
    expect(one.json()).toMatchObject({
      mailbox: "ops@acme.test",
      inbox: { auth_kind: "xoauth2", oauth_provider: "microsoft", password: null },
      sending: { sent_today: 0, daily_limit: null },
    });
  });

  it("xoauth2 takes the mailbox's refresh token (write-only, sealed) or a BATON_MAILBOX_* reference to it", async () => {
    const sealed = await put(t.admin.auth, "g@acme.test", {
      host: "imap.gmail.com",
      auth: { kind: "xoauth2", provider: "google", refresh_token: "1//refresh-secret" },
    });
    expect(sealed.statusCode).toBe(200);
    const row = await h.database.db
      .selectFrom("mailbox_inboxes")
      .select(["auth_kind", "oauth_provider", "secret_enc", "secret_env"])
      .where("client_id", "=", t.clientId)
      .where("mailbox", "=", "g@acme.test")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ auth_kind: "xoauth2", oauth_provider: "google", secret_env: null });
    expect(row.secret_enc).toMatch(/^v1:/);
    expect(row.secret_enc).not.toContain("refresh-secret");
    const byEnv = await put(t.admin.auth, "m@acme.test", {
      host: "outlook.office365.com",
      auth: { kind: "xoauth2", provider: "microsoft", refresh_token_env: "BATON_MAILBOX_M_RT" },
    });
    expect(byEnv.statusCode).toBe(200);
    const bad = await put(t.admin.auth, "n@acme.test", {
      host: "outlook.office365.com",
      auth: { kind: "xoauth2", provider: "microsoft", refresh_token_env: "HOME" },
    });
    expect(bad.statusCode).toBe(400);
    const list = await h.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: t.admin.auth });
    expect(list.body).not.toContain("refresh-secret");
    const items = list.json().items as { mailbox: string; inbox: { password: string | null } }[];
    expect(items.find((i) => i.mailbox === "g@acme.test")!.inbox.password).toBe("encrypted");
    expect(items.find((i) => i.mailbox === "m@acme.test")!.inbox.password).toBe("env:BATON_MAILBOX_M_RT");
  });

  it("admins and RevOps pause and resume; a rep may not, nor set settings", async () => {
    const rep = await h.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes/rep@acme.test/pause",
      headers: t.rep.auth,
    });
    expect(rep.statusCode).toBe(403);
    expect(
      (await put(t.rep.auth, "x@acme.test", { host: "h", auth: { kind: "xoauth2", provider: "google" } }))
        .statusCode,
    ).toBe(403);
    const p = await h.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes/rep@acme.test/pause",
      headers: t.admin.auth,
    });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ mailbox: "rep@acme.test", status: "paused" });
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes/rep@acme.test/resume",
      headers: t.revops.auth,
    });
    expect(r.json()).toMatchObject({ status: "pending" });
    const missing = await h.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes/nobody@acme.test/pause",
      headers: t.admin.auth,
    });
    expect(missing.statusCode).toBe(404);
  });

  it("RevOps names the receiving servers whose Authentication-Results the mailbox trusts (issue 35); a rep may not", async () => {
    const url = "/api/v1/mailboxes/rep@acme.test/inbox/trusted-authserv-ids";
    const set = (auth: { authorization: string }, ids: unknown) =>
      h.app.inject({ method: "PUT", url, headers: auth, payload: { trusted_authserv_ids: ids } as never });
    const r = await set(t.revops.auth, ["MX.Google.com", "mx.acme.test", "mx.google.com"]);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      mailbox: "rep@acme.test",
      trusted_authserv_ids: ["mx.google.com", "mx.acme.test"],
    });
    expect((await set(t.rep.auth, ["mx.evil.example"])).statusCode).toBe(403);
    const bad = await set(t.revops.auth, ["not a host; dmarc=pass"]);
    expect(bad.statusCode).toBe(400);
    const one = await h.app.inject({
      method: "GET",
      url: "/api/v1/mailboxes/rep@acme.test",
      headers: t.slm.auth,
    });
    expect(one.json().inbox.trusted_authserv_ids).toEqual(["mx.google.com", "mx.acme.test"]);
  });

  it("other tenants see none of it", async () => {
    const other = await createTenant(h.database.db, "mbx2");
    const list = await h.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: other.admin.auth });
    expect(list.json().items).toEqual([]);
    const one = await h.app.inject({
      method: "GET",
      url: "/api/v1/mailboxes/rep@acme.test",
      headers: other.admin.auth,
    });
    expect(one.statusCode).toBe(404);
  });
});
