// Issue 67 item 6, "a reply written into the stand-in mailbox is read and matched": a mailbox a person
// connected (a mailbox_connections row holding the tokens of a consent given at the stand-in) is read
// by the inbox worker with no further setup, through the Gmail API's history feed or Graph's delta
// feed, and each new INBOX message goes through the IMAP mailboxes' pipeline and trust rules:
//   - a reply to a send in the ledger, as Gmail delivers it (its verdict sealed by google.com) or as
//     Exchange Online does (sealed by microsoft.com under mx.microsoft.com), is matched, trusted and
//     acts once, even when the feed names it again (the cursor put back);
//   - what was in the mailbox before it was connected is not read;
//   - a forged reply (the sender's own "pass", no seal) waits in the review queue and holds the sends;
//   - the stand-ins count no change to either mailbox, and Baton sent them GET requests only;
//   - an expired access token (401) is refreshed once; a 429 leaves the mailbox alone until Retry-After;
//   - a revoked consent stops the reading, and the mailbox's row says why.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { TokenEndpointResponse } from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { InboxWorker } from "../../src/inbox/inbox-worker.ts";
import { sealedTokens, tokensOf } from "../../src/mailboxes/mailbox-tokens.ts";
import { GOOGLE_SCOPES, MICROSOFT_SCOPES } from "../../src/mailboxes/providers.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { openEveryClass } from "../support/automation.ts";
import { testDatabase } from "../support/db.ts";
import {
  GOOGLE_ARC_SELECTOR,
  gmailArrived,
  gmailDelivered,
  sealArc,
  spfPass,
  testKey,
} from "../support/gmail-arc.ts";
import { startGoogleStandIn } from "../support/google-stand-in.ts";
import {
  createReplyCampaigns,
  plainReply,
  startTestInboxWorker,
  stepOneSends,
} from "../support/inbox-e2e.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import { startMicrosoftStandIn } from "../support/microsoft-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const SECRET = "provider-reader-secret";
const REP = "rita.rep@acme.test";
const EXEC = "justin.exec@acme.test";
const COLLEAGUE = "someone.else@acme.test";
const MS_SELECTOR = "arcselector10001";
const googleArc = testKey();
const microsoftArc = testKey();
const dns = new Map([
  [`${GOOGLE_ARC_SELECTOR}._domainkey.google.com`, googleArc.record],
  [`${MS_SELECTOR}._domainkey.microsoft.com`, microsoftArc.record],
]);
const resolver = async (name: string, rr: string) => {
  const txt = rr === "TXT" ? dns.get(name.toLowerCase()) : undefined;
  if (!txt) throw Object.assign(new Error(`no ${rr} for ${name}`), { code: "ENOTFOUND" });
  return [txt.match(/.{1,255}/g) as string[]];
};

const NAMES = [
  "Gail Gmail",
  "Fred Forged",
  "Tina Token",
  "Otto Outlook",
  "Pia Past",
  "Hugo History",
  "Mia Delta",
] as const;
type Name = (typeof NAMES)[number];
const yes = "Yes, this sounds interesting. Happy to hear more.";
const stop = "Please unsubscribe me from this list.";

/** The consent at the stand-in, as the connect flow gives it (PKCE), and the tokens it yields. */
async function consentTokens(
  s: ProviderStandIn,
  email: string,
  scopes: string[],
  extra: Record<string, string>,
) {
  const redirect = "http://baton.test/api/v1/mailboxes/oauth/callback";
  s.redirectUris = [redirect];
  const verifier = randomBytes(32).toString("base64url");
  const u = new URL(s.authorizeUrl);
  u.search = new URLSearchParams({
    client_id: s.clientId,
    redirect_uri: redirect,
    response_type: "code",
    scope: scopes.join(" "),
    state: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...extra,
  }).toString();
  const code = new URL(await s.consent(u.toString(), email)).searchParams.get("code");
  const r = await fetch(s.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: code ?? "",
      redirect_uri: redirect,
      client_id: s.clientId,
      client_secret: s.clientSecret,
      code_verifier: verifier,
    }),
  });
  expect(r.status).toBe(200);
  return tokensOf((await r.json()) as TokenEndpointResponse, scopes, new Date());
}

/** What Exchange Online adds on arrival: its trace line and plain verdict (no authserv-id), then its ARC set. */
async function outlookDelivered(message: string, fromDomain: string, verdict = "pass") {
  const arrived = [
    `Received: from mail.${fromDomain} (198.51.100.7) by AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:12::34) with Microsoft SMTP Server id 15.20.7 via Frontend Transport; Mon, 2 Mar 2026 16:00:01 +0000`,
    `Authentication-Results: spf=${verdict} (sender IP is 198.51.100.7) smtp.mailfrom=${fromDomain}; dkim=none (message not signed) header.d=none;dmarc=${verdict} action=none header.from=${fromDomain};compauth=${verdict} reason=100`,
    `Received-SPF: Pass (protection.outlook.com: domain of ${fromDomain} designates 198.51.100.7 as permitted sender) receiver=protection.outlook.com; client-ip=198.51.100.7; helo=mail.${fromDomain};`,
    message,
  ].join("\r\n");
  return sealArc(arrived, {
    aar: `mx.microsoft.com 1; spf=${verdict} (sender ip is 198.51.100.7) smtp.mailfrom=${fromDomain}; dmarc=${verdict} action=none header.from=${fromDomain}; dkim=none (message not signed)`,
    privateKey: microsoftArc.privateKey,
    domain: "microsoft.com",
    selector: MS_SELECTOR,
  });
}

describe("replies read from the mailboxes people connected (issue 67 item 6)", () => {
  let database: Database;
  let t: Tenant;
  let google: ProviderStandIn;
  let microsoft: ProviderStandIn;
  let worker: InboxWorker | undefined;
  const c = {} as Record<Name, { id: string; email: string; enrollment: string; messageId: string }>;
  const db = () => database.db;

  // a wait for the background worker, not a bound on its speed: at load 8 in a whole run the Microsoft
  // read once took over 20 s (alone the file passes 9 of 9 in 30 s)
  const waitFor = async <T>(what: string, f: () => Promise<T | undefined | null | false>, ms = 45_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await f();
      if (v) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; ${await readerState()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // what a timed-out wait says (a whole run at load 8-10 twice saw the Microsoft mailbox never read
  // again after its first pass, which no lone run reproduced): each mailbox's state and the stand-ins'
  // last requests
  const readerState = async () => {
    const rows = await db()
      .selectFrom("mailbox_connections")
      .select(["mailbox", "status", "read_cursor", "last_read_at", "last_error", "connected_at"])
      .where("client_id", "=", t.clientId)
      .execute();
    const inboxes = await db()
      .selectFrom("mailbox_inboxes")
      .select(["mailbox", "status", "last_error", "claimed_by", "claimed_until"])
      .where("client_id", "=", t.clientId)
      .execute();
    const last = (s: ProviderStandIn) => s.requests.slice(-6).map((r) => `${r.method} ${r.path} ${r.status}`);
    return JSON.stringify({
      rows,
      inboxes,
      google: last(google),
      microsoft: last(microsoft),
      now: new Date(),
    });
  };
  const inboxOf = (mailbox: string) =>
    db()
      .selectFrom("mailbox_inboxes")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .where("mailbox", "=", mailbox)
      .executeTakeFirst();
  const connection = (mailbox: string) =>
    db()
      .selectFrom("mailbox_connections")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .where("mailbox", "=", mailbox)
      .executeTakeFirstOrThrow();
  const messages = async (mailbox: string) => {
    const inbox = await inboxOf(mailbox);
    if (!inbox) return [];
    return db()
      .selectFrom("inbox_messages")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .where("mailbox_id", "=", inbox.id)
      .orderBy("uid")
      .execute();
  };
  const byMessageId = async (mailbox: string, messageId: string) =>
    (await messages(mailbox)).filter((m) => m.message_id === messageId);
  const enrollment = (id: string) =>
    db()
      .selectFrom("campaign_contacts")
      .select(["status", "exit_reason", "hold_reason"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  const replyCount = async (contactId: string) =>
    Number(
      (
        await db()
          .selectFrom("campaign_replies")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("client_id", "=", t.clientId)
          .where("contact_id", "=", contactId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** A pass that ends after now: the worker has read the mailbox at least once more. */
  const nextPass = async (mailbox: string) => {
    const since = new Date();
    await waitFor(`a pass over ${mailbox}`, async () => {
      const r = await connection(mailbox);
      return r.last_read_at && r.last_read_at > since;
    });
  };
  const gmailReply = async (who: Name, seq: string, text: string) => {
    const x = c[who];
    const sent = plainReply({
      from: x.email,
      to: REP,
      messageIdDomain: "buyer.example",
      inReplyTo: x.messageId,
      text,
      seq,
    });
    const verdict = spfPass(x.email);
    const sealed = await sealArc(gmailArrived(sent, x.email, verdict), {
      aar: `mx.google.com; ${verdict}`,
      privateKey: googleArc.privateKey,
    });
    return gmailDelivered(sealed, REP);
  };

  beforeAll(async () => {
    google = await startGoogleStandIn({ users: [REP] });
    microsoft = await startMicrosoftStandIn({ users: [EXEC, COLLEAGUE] });
    database = await testDatabase();
    const deps = await engineDeps(database);
    t = await createTenant(db(), "reader");
    // the team has earned automation: a sure reading acts alone (issue 72 item 1)
    await openEveryClass(db(), t.clientId);
    await createReplyCampaigns(db(), t.revops, { close: "reader_close", next: "reader_next" }, T0);
    for (const name of NAMES) {
      const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@buyer.example`;
      const id = await addContact(db(), t.clientId, name, { email });
      const r = await enrollContact(db(), t.exec, { campaign: "reader_close", contactId: id }, T0);
      c[name] = { id, email, enrollment: r.enrollment_id!, messageId: "" };
    }
    await runUntil(deps, t, T0, T0);
    const sent = await stepOneSends(db(), [t.clientId]);
    for (const x of Object.values(c)) x.messageId = sent.find((r) => r.contact_id === x.id)!.message_id!;
    // the ledger as the mailboxes' transports record a send: Otto's from the exec's Microsoft mailbox,
    // the others from the rep's Google mailbox
    for (const [name, x] of Object.entries(c))
      await db()
        .updateTable("channel_deliveries")
        .set(
          name === "Otto Outlook" || name === "Mia Delta"
            ? { mailbox: EXEC, transport: "graph" }
            : { mailbox: REP, transport: "gmail" },
        )
        .where("client_id", "=", t.clientId)
        .where("message_id", "=", x.messageId)
        .execute();

    // a reply that reached both inboxes before they were connected: the mailboxes' past
    google.deliverToInbox(REP, await gmailReply("Pia Past", "pia-google", stop));
    microsoft.deliverToInbox(
      EXEC,
      await outlookDelivered(
        plainReply({
          from: c["Pia Past"].email,
          to: EXEC,
          messageIdDomain: "buyer.example",
          inReplyTo: c["Pia Past"].messageId,
          text: stop,
          seq: "pia-ms",
        }),
        "buyer.example",
      ),
    );
    await new Promise((r) => setTimeout(r, 1100)); // Gmail's after: counts whole seconds

    // connected (another engineer's consent flow stores these; here the row is written directly)
    const g = await consentTokens(google, REP, GOOGLE_SCOPES, { access_type: "offline", prompt: "consent" });
    const m = await consentTokens(microsoft, EXEC, MICROSOFT_SCOPES, {});
    expect(g.refreshToken && m.refreshToken).toBeTruthy();
    await db()
      .insertInto("mailbox_connections")
      .values([
        {
          client_id: t.clientId,
          mailbox: REP,
          owner_id: t.rep.principalId,
          provider: "google",
          scopes: g.scopes,
          ...sealedTokens(g, SECRET),
        },
        {
          client_id: t.clientId,
          mailbox: EXEC,
          owner_id: t.exec.principalId,
          provider: "microsoft",
          scopes: m.scopes,
          ...sealedTokens(m, SECRET),
        },
      ])
      .execute();
    worker = startTestInboxWorker(db(), {
      workerId: "reader",
      maxMailboxes: 4,
      secret: SECRET,
      clientIds: [t.clientId],
      dnsResolver: resolver,
      pollMs: 150,
      discoverEveryMs: 100,
      secretEnv: {
        BATON_MAILBOX_GOOGLE_CLIENT_ID: google.clientId,
        BATON_MAILBOX_GOOGLE_CLIENT_SECRET: google.clientSecret,
        BATON_MAILBOX_GOOGLE_AUTH_URL: google.authorizeUrl,
        BATON_MAILBOX_GOOGLE_TOKEN_URL: google.tokenUrl,
        BATON_MAILBOX_GOOGLE_API_URL: google.apiUrl,
        BATON_MAILBOX_MICROSOFT_CLIENT_ID: microsoft.clientId,
        BATON_MAILBOX_MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
        BATON_MAILBOX_MICROSOFT_AUTH_URL: microsoft.authorizeUrl,
        BATON_MAILBOX_MICROSOFT_TOKEN_URL: microsoft.tokenUrl,
        BATON_MAILBOX_MICROSOFT_API_URL: microsoft.apiUrl,
      },
    });
    // the first pass of each: the cursor, and nothing of the past
    for (const mailbox of [REP, EXEC])
      await waitFor(`the first read of ${mailbox}`, async () => (await connection(mailbox)).read_cursor);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await database?.close();
    await google?.close();
    await microsoft?.close();
  });

  it("each connected mailbox has an inbox row trusting its own provider's receiver, and its past is not read", async () => {
    expect(await inboxOf(REP)).toMatchObject({
      auth_kind: "gmail_api",
      oauth_provider: "google",
      trusted_authserv_ids: ["mx.google.com"],
      secret_enc: null,
      status: "connected",
    });
    expect(await inboxOf(EXEC)).toMatchObject({
      auth_kind: "graph",
      oauth_provider: "microsoft",
      trusted_authserv_ids: ["mx.microsoft.com"],
      status: "connected",
    });
    expect(await messages(REP)).toEqual([]);
    expect(await messages(EXEC)).toEqual([]);
    expect(await enrollment(c["Pia Past"].enrollment)).toMatchObject({ status: "active" });
  });

  it("Google: a reply Gmail sealed is read, matched to the send, trusted, and processed once when read twice", async () => {
    const before = (await connection(REP)).read_cursor;
    const gail = c["Gail Gmail"];
    const delivered = google.deliverToInbox(REP, await gmailReply("Gail Gmail", "gail", yes));
    const [row] = await waitFor("Gail's reply", async () => {
      const r = await byMessageId(REP, "<gail@buyer.example>");
      return r.length ? r : undefined;
    });
    expect(row).toMatchObject({
      kind: "reply",
      matched_by: "in_reply_to",
      contact_id: gail.id,
      delivery_message_id: gail.messageId,
    });
    // the close campaign's on_exit would enroll a converted person elsewhere on its own: the yes waits
    // for a person (issue 72 item 1), its enrollment held
    expect(row!.outcome).toMatchObject({
      intent: "interested",
      action: "held",
      inbound_trust: {
        trusted: true,
        check: "authentication_results",
        authserv_id: "mx.google.com",
        arc_sealer: "google.com",
      },
    });
    expect(await enrollment(gail.enrollment)).toMatchObject({
      status: "paused",
      hold_reason: "reply_pending_triage",
    });

    // read again: the cursor put back, the history names the message again
    const fetches = () => google.requests.filter((r) => r.path.endsWith(`/messages/${delivered.id}`)).length;
    expect(fetches()).toBe(1);
    await db()
      .updateTable("mailbox_connections")
      .set({ read_cursor: before })
      .where("client_id", "=", t.clientId)
      .where("mailbox", "=", REP)
      .execute();
    await nextPass(REP);
    expect((await connection(REP)).read_cursor).not.toBe(before);
    expect(await byMessageId(REP, "<gail@buyer.example>")).toHaveLength(1);
    expect(await replyCount(gail.id)).toBe(1);
    expect(fetches()).toBe(1); // known: not even fetched again
  });

  it("Microsoft: a reply Exchange Online sealed is read through the delta feed, trusted, and processed once when read twice", async () => {
    const before = (await connection(EXEC)).read_cursor!;
    expect(before).toContain("/v1.0/me/mailFolders/inbox/messages/delta");
    const otto = c["Otto Outlook"];
    const raw = await outlookDelivered(
      plainReply({
        from: otto.email,
        to: EXEC,
        messageIdDomain: "buyer.example",
        inReplyTo: otto.messageId,
        text: yes,
        seq: "otto",
      }),
      "buyer.example",
    );
    // Graph's receivedDateTime has whole seconds. Otto's reply arrives in the very second the mailbox
    // was connected (two whole runs delivered it there by chance, and the reader took it for a
    // message from before the connection and never read it)
    const connectedAt = (await connection(EXEC)).connected_at.getTime();
    microsoft.setNow(Math.floor(connectedAt / 1000) * 1000 + 999);
    const delivered = microsoft.deliverToInbox(EXEC, raw);
    microsoft.setNow(Date.now());
    const [row] = await waitFor("Otto's reply", async () => {
      const r = await byMessageId(EXEC, "<otto@buyer.example>");
      return r.length ? r : undefined;
    });
    expect(row).toMatchObject({ kind: "reply", matched_by: "in_reply_to", contact_id: otto.id });
    expect(row!.outcome).toMatchObject({
      action: "held",
      inbound_trust: { trusted: true, authserv_id: "mx.microsoft.com", arc_sealer: "microsoft.com" },
    });
    expect(await enrollment(otto.enrollment)).toMatchObject({ status: "paused" });

    const fetches = () =>
      microsoft.requests.filter((r) => r.path.includes(`/messages/${delivered.id}/$value`)).length;
    expect(fetches()).toBe(1);
    await db()
      .updateTable("mailbox_connections")
      .set({ read_cursor: before })
      .where("client_id", "=", t.clientId)
      .where("mailbox", "=", EXEC)
      .execute();
    await nextPass(EXEC);
    expect(await byMessageId(EXEC, "<otto@buyer.example>")).toHaveLength(1);
    expect(await replyCount(otto.id)).toBe(1);
    expect(fetches()).toBe(1);
    expect(await messages(EXEC)).toHaveLength(1); // Pia's, from before the connection, never
  });

  it("a forged reply (the sender's own pass, no seal) waits in the review queue and holds the sends, as an IMAP one does", async () => {
    const fred = c["Fred Forged"];
    const sent = plainReply({
      from: fred.email,
      to: REP,
      messageIdDomain: "buyer.example",
      inReplyTo: fred.messageId,
      text: stop,
      seq: "fred",
      headers: [`Authentication-Results: mx.google.com; ${spfPass(fred.email)}`],
    });
    google.deliverToInbox(
      REP,
      gmailDelivered(
        gmailArrived(
          sent,
          fred.email,
          "spf=softfail smtp.mailfrom=attacker.example; dmarc=fail header.from=buyer.example",
        ),
        REP,
      ),
    );
    const [row] = await waitFor("Fred's reply", async () => {
      const r = await byMessageId(REP, "<fred@buyer.example>");
      return r.length ? r : undefined;
    });
    expect(row).toMatchObject({ kind: "untrusted", contact_id: fred.id });
    expect(row!.outcome).toMatchObject({
      action: "held_for_review",
      inbound_trust: { trusted: false, matched: true },
    });
    const review = await db()
      .selectFrom("inbound_reviews")
      .select(["status", "mailbox_id", "uidvalidity", "uid"])
      .where("client_id", "=", t.clientId)
      .where("message_id", "=", "<fred@buyer.example>")
      .executeTakeFirstOrThrow();
    expect(review).toMatchObject({ status: "pending", mailbox_id: row!.mailbox_id });
    expect(await enrollment(fred.enrollment)).toMatchObject({
      status: "paused",
      hold_reason: "reply_pending_review",
    });
    const contact = await db()
      .selectFrom("contacts")
      .select("unsubscribe_flag")
      .where("contact_id", "=", fred.id)
      .executeTakeFirstOrThrow();
    expect(contact.unsubscribe_flag).toBe(false);
  });

  it("an expired access token is refreshed once; a 429 leaves the mailbox alone until Retry-After", async () => {
    const refreshes = () =>
      google.requests.filter((r) => r.method === "POST" && r.path === new URL(google.tokenUrl).pathname)
        .length;
    const before = refreshes();
    google.expireAccessTokens();
    const tina = c["Tina Token"];
    google.deliverToInbox(REP, await gmailReply("Tina Token", "tina", yes));
    await waitFor("Tina's reply", async () => (await byMessageId(REP, "<tina@buyer.example>")).length);
    await nextPass(REP);
    expect(refreshes()).toBe(before + 1);
    expect(await enrollment(tina.enrollment)).toMatchObject({ status: "paused" });

    google.failNext("any", 429, { retryAfterSeconds: 2 });
    const at = Date.now();
    const limited = await waitFor("the 429 on the row", async () => {
      const r = await connection(REP);
      return r.last_error?.startsWith("reading: Gmail API 429") ? r : undefined;
    });
    expect(limited.last_error).toContain("read again after");
    expect(limited.status).toBe("connected"); // its sends are not paused by a read's 429
    const inbox = (await inboxOf(REP))!;
    expect(inbox.claimed_by).toBeNull();
    expect(inbox.claimed_until!.getTime()).toBeGreaterThan(at + 1000);
    // nothing asked of Gmail for that mailbox until then; then it is read again and the error clears
    const paused = google.requests.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(google.requests.length).toBe(paused);
    await waitFor("the read after Retry-After", async () => (await connection(REP)).last_error === null);
    expect(Date.now() - at).toBeGreaterThanOrEqual(1900);
  });

  it("a cursor too old for the feed (Gmail 404, Graph 410): read by date since the last read, nothing lost, nothing twice", async () => {
    const hugo = c["Hugo History"];
    // delivered, then the history forgets everything up to now (one tick: no pass in between)
    google.deliverToInbox(REP, await gmailReply("Hugo History", "hugo", yes));
    google.expireHistory(REP);
    await waitFor("Hugo's reply", async () => (await byMessageId(REP, "<hugo@buyer.example>")).length);
    const history = google.requests.filter((r) => r.path.endsWith("/history"));
    expect(history.some((r) => r.status === 404)).toBe(true);
    const listed = google.requests.filter(
      (r) => r.path.endsWith("/messages") && r.query?.includes("in%3Ainbox+after%3A"),
    );
    expect(listed.length).toBeGreaterThan(0);
    expect(await enrollment(hugo.enrollment)).toMatchObject({ status: "paused" });

    const mia = c["Mia Delta"];
    // a change elsewhere moves the store on, then the exec's sync state is forgotten (Graph: 410)
    microsoft.deliverToInbox(
      COLLEAGUE,
      plainReply({
        from: "x@else.example",
        to: COLLEAGUE,
        messageIdDomain: "else.example",
        text: "hi",
        seq: "x",
      }),
    );
    microsoft.expireHistory(EXEC);
    microsoft.deliverToInbox(
      EXEC,
      await outlookDelivered(
        plainReply({
          from: mia.email,
          to: EXEC,
          messageIdDomain: "buyer.example",
          inReplyTo: mia.messageId,
          text: yes,
          seq: "mia",
        }),
        "buyer.example",
      ),
    );
    await waitFor("Mia's reply", async () => (await byMessageId(EXEC, "<mia@buyer.example>")).length);
    expect(microsoft.requests.some((r) => r.path.endsWith("/messages/delta") && r.status === 410)).toBe(true);
    expect(await enrollment(mia.enrollment)).toMatchObject({ status: "paused" });
    await nextPass(REP);
    await nextPass(EXEC);
    // each message once, whatever the feeds named again
    for (const [mailbox, id] of [
      [REP, "<gail@buyer.example>"],
      [REP, "<hugo@buyer.example>"],
      [EXEC, "<otto@buyer.example>"],
      [EXEC, "<mia@buyer.example>"],
    ] as const)
      expect(await byMessageId(mailbox, id)).toHaveLength(1);
  });

  it("reading never changes either mailbox: no mutation, GET requests only", () => {
    expect(google.mutations(REP)).toBe(0);
    expect(microsoft.mutations(EXEC)).toBe(0);
    const api = (s: ProviderStandIn) =>
      s.requests.filter(
        (r) =>
          r.path !== new URL(s.tokenUrl).pathname &&
          !r.path.includes("oauth2") &&
          !r.path.includes("consent"),
      );
    expect(api(google).filter((r) => r.method !== "GET")).toEqual([]);
    expect(api(microsoft).filter((r) => r.method !== "GET")).toEqual([]);
    expect(api(google).length).toBeGreaterThan(0);
    expect(api(microsoft).length).toBeGreaterThan(0);
  });

  it("a revoked consent stops the reading, and the mailbox's row says why", async () => {
    microsoft.revokeUser(EXEC);
    microsoft.expireAccessTokens();
    const row = await waitFor("needs_consent", async () => {
      const r = await connection(EXEC);
      return r.status === "needs_consent" && r.last_error ? r : undefined;
    });
    expect(row.status_reason).toContain("invalid_grant");
    expect(row.last_error).toMatch(/^reading: stopped: .*reconnect/);
    expect(row.last_error).not.toMatch(/Bearer|eyJ|AAMk/);
    const n = microsoft.requests.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(microsoft.requests.length).toBe(n); // no longer claimed, no longer read
    expect((await inboxOf(EXEC))!.claimed_by).toBeNull();
    // the Google mailbox reads on
    await nextPass(REP);
  });

  it("the tables stay keyed by the tenant: every provider message has its UID, once", async () => {
    const r = await sql<{ n: number; uids: number }>`
      select count(*)::int as n, count(distinct (mailbox_id, uid))::int as uids from provider_inbox_messages
       where client_id = ${t.clientId}`.execute(db());
    expect(r.rows[0]!.n).toBe(r.rows[0]!.uids);
    expect(r.rows[0]!.n).toBe((await messages(REP)).length + (await messages(EXEC)).length);
  });
});
