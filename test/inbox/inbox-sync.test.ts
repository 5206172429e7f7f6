// `baton mailboxes inbox sync` on PGlite and a real Dovecot: one pass reads everything above the
// cursor and stops; the next pass re-reads nothing and misses nothing; a worker holding the
// mailbox makes a sync wait its turn (INBOX_BUSY); a wrong password is an error on the mailbox.
// And a server without IDLE is polled.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { claimInboxById } from "../../src/inbox/inbox-lease.ts";
import { type InboxWorker, startInboxWorker } from "../../src/inbox/inbox-worker.ts";
import { addInbox } from "../../src/inbox/manage-inboxes.ts";
import { listMailboxStates } from "../../src/inbox/read-mailbox-state.ts";
import { syncInboxOnce } from "../../src/inbox/sync-inbox-once.ts";
import { buildMail } from "../fixtures/mail/fixtures.ts";
import { testDatabase } from "../support/db.ts";
import { type DovecotServer, startDovecot } from "../support/dovecot.ts";
import { describeNeeds } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const MAILBOX = "sync@acme.test";
const mail = (seq: number) =>
  buildMail("newsletter", {
    mailbox: MAILBOX,
    contact: "x@example.org",
    originalMessageId: "<none@x>",
    seq,
  });
const opts = { secret: "sync-secret", secretEnv: {}, softBounceLimit: 3, now: () => new Date() };

describeNeeds(["dovecot"], "inbox sync (one pass, cursor kept)", () => {
  let database: Database;
  let t: Tenant;
  let dovecot: DovecotServer;

  beforeAll(async () => {
    dovecot = await startDovecot();
    dovecot.addUser(MAILBOX, "pw");
    database = await testDatabase();
    t = await createTenant(database.db, "isync");
    await addInbox(
      database.db,
      t.revops,
      opts.secret,
      {
        mailbox: MAILBOX,
        host: dovecot.host,
        port: dovecot.port,
        tls: false,
        auth: { kind: "password", password: "pw" },
      },
      new Date(),
    );
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await dovecot?.stop();
  });

  it("reads what is there, then only what is new", async () => {
    for (let i = 1; i <= 3; i++) await dovecot.append(MAILBOX, "pw", mail(i));
    expect(await syncInboxOnce(database.db, t.revops, MAILBOX, opts)).toEqual({
      mailbox: MAILBOX,
      processed: 3,
      last_uid: "3",
    });
    expect((await syncInboxOnce(database.db, t.revops, MAILBOX, opts)).processed).toBe(0);
    await dovecot.append(MAILBOX, "pw", mail(4));
    expect(await syncInboxOnce(database.db, t.admin, MAILBOX, opts)).toMatchObject({
      processed: 1,
      last_uid: "4",
    });
    const [s] = await listMailboxStates(database.db, t.revops, new Date(), MAILBOX);
    expect(s!.inbox).toMatchObject({ processed_count: "4", unmatched_count: "4", idle_supported: true });
    expect(s!.inbox!.cursor.uidvalidity).toMatch(/^\d+$/);
  });

  it("waits for the worker that holds the mailbox; reps may not sync", async () => {
    const [s] = await listMailboxStates(database.db, t.revops, new Date(), MAILBOX);
    const held = await claimInboxById(
      database.db,
      t.clientId,
      s!.inbox!.id,
      "other-worker",
      60_000,
      new Date(),
    );
    expect(held).not.toBeNull();
    await expect(syncInboxOnce(database.db, t.revops, MAILBOX, opts)).rejects.toMatchObject({
      code: "INBOX_BUSY",
    });
    await expect(syncInboxOnce(database.db, t.rep, MAILBOX, opts)).rejects.toMatchObject({
      code: "FORBIDDEN_ROLE",
    });
    await database.db.updateTable("mailbox_inboxes").set({ claimed_by: null, claimed_until: null }).execute();
  });

  it("a wrong password is an error on the mailbox, with the server's words", async () => {
    await addInbox(
      database.db,
      t.revops,
      opts.secret,
      {
        mailbox: MAILBOX,
        host: dovecot.host,
        port: dovecot.port,
        tls: false,
        auth: { kind: "password", password: "wrong" },
        replace: true,
      },
      new Date(),
    );
    await expect(syncInboxOnce(database.db, t.revops, MAILBOX, opts)).rejects.toMatchObject({
      code: "INBOX_SYNC_FAILED",
    });
    const [s] = await listMailboxStates(database.db, t.revops, new Date(), MAILBOX);
    expect(s!.inbox).toMatchObject({ status: "error", cursor: { last_uid: "4" } });
    expect(s!.inbox!.last_error).toMatch(/auth/i);
    expect(s!.inbox!.last_error).not.toContain("wrong");
  });
});

describeNeeds(["dovecot"], "inbox polling (a server without IDLE)", () => {
  let database: Database;
  let t: Tenant;
  let dovecot: DovecotServer;
  let worker: InboxWorker | undefined;

  beforeAll(async () => {
    dovecot = await startDovecot({ noIdle: true });
    dovecot.addUser(MAILBOX, "pw");
    database = await testDatabase();
    t = await createTenant(database.db, "ipoll");
    await addInbox(
      database.db,
      t.revops,
      opts.secret,
      {
        mailbox: MAILBOX,
        host: dovecot.host,
        port: dovecot.port,
        tls: false,
        auth: { kind: "password", password: "pw" },
      },
      new Date(),
    );
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await database?.close();
    await dovecot?.stop();
  });

  it("polls every BATON_INBOX_POLL_MS and reads new mail", async () => {
    worker = startInboxWorker(database.db, {
      workerId: "poller",
      leaseMs: 30_000,
      pollMs: 500,
      maxMailboxes: 1,
      softBounceLimit: 3,
      secret: opts.secret,
      secretEnv: {},
      clientIds: [t.clientId],
      claimEveryMs: 100,
    });
    const stateOf = async () =>
      (await listMailboxStates(database.db, t.revops, new Date(), MAILBOX))[0]!.inbox!;
    const until = Date.now() + 15_000;
    while (!(await stateOf()).connected) {
      if (Date.now() > until) throw new Error(JSON.stringify(await stateOf()));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await stateOf()).idle_supported).toBe(false);
    const t0 = Date.now();
    await dovecot.append(MAILBOX, "pw", mail(1));
    while ((await stateOf()).processed_count !== "1") {
      if (Date.now() - t0 > 5_000) throw new Error("not polled within 5 s");
      await new Promise((r) => setTimeout(r, 25));
    }
    console.log(`inbox polling: read ${Date.now() - t0} ms after APPEND (poll every 500 ms)`);
  });
});
