// Issue 61 item 5: an account's weekly touch cap, through the coordinator's real statements (gateStep
// and gateSendsBatch on PGlite): the segment's cap is the default for its accounts, an account's own
// overrides it, the touches to all contacts of the account count, transactional ones are exempt, and
// a batch counts an allowed send for its later items of the same account.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateSendsBatch, recordTouchesBatch } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { SequenceType } from "../../src/db/core-tables.ts";
import type { DB } from "../../src/db/database.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact, makeSendItem } from "./support/fixtures.ts";
import { runDue } from "./support/mini-engine.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

const now = new Date("2026-03-10T12:00:00Z");
const D = 24 * 3600_000;

/** A tenant whose contact caps are out of the way, with a segment and an account in it. */
async function tenant(
  db: Kysely<DB>,
  name: string,
  caps: { segment: number | null; account: number | null },
) {
  const t = await createTenant(db, name);
  await db
    .insertInto("coordinator_config")
    .values({ client_id: t.clientId, weekly_touch_cap: 20, daily_touch_cap: 20 })
    .execute();
  await db
    .insertInto("segments")
    .values({ client_id: t.clientId, segment: "enterprise", name: "Enterprise" })
    .execute();
  await db
    .updateTable("segments")
    .set({ account_weekly_touch_cap: caps.segment })
    .where("client_id", "=", t.clientId)
    .execute();
  const account = await makeAccount(db, t.clientId, { tier: "T1" });
  await db
    .updateTable("accounts")
    .set({ segment: "enterprise", weekly_touch_cap: caps.account })
    .where("account_id", "=", account)
    .execute();
  return { clientId: t.clientId, account };
}

/** A touch to `contact` of `account`, `ago` before now. */
async function touched(
  db: Kysely<DB>,
  clientId: string,
  contact: string,
  account: string,
  ago: number,
  kind: SequenceType = "sales",
) {
  await db
    .insertInto("cadence_event_log")
    .values({
      client_id: clientId,
      contact_id: contact,
      account_id: account,
      event_type: "touch",
      sequence_type: kind,
      occurred_at: new Date(now.getTime() - ago),
      details: "{}",
    })
    .execute();
}

async function enrollDue(
  db: Kysely<DB>,
  clientId: string,
  contact: string,
  kind: SequenceType = "marketing",
) {
  const campaign = await makeCampaign(db, clientId, kind, { steps: [0, 0, 0] });
  const e = await db
    .insertInto("campaign_contacts")
    .values({
      client_id: clientId,
      contact_id: contact,
      campaign_id: campaign,
      sequence_type: kind,
      status: "active",
      next_send_at: now,
      enrolled_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return e.id;
}

/** One step of a fresh colleague of the account (no touches of their own), after `n` touches to others. */
async function stepAfter(
  caps: { segment: number | null; account: number | null },
  n: number,
  kind: SequenceType = "marketing",
) {
  const db = d.db;
  const { clientId, account } = await tenant(db, "acctcap", caps);
  const other = await makeContact(db, clientId, { accountId: account });
  for (let i = 0; i < n; i++) await touched(db, clientId, other, account, (i + 1) * D);
  const contact = await makeContact(db, clientId, { accountId: account });
  return runDue(db, clientId, await enrollDue(db, clientId, contact, kind), now);
}

describe("the account's weekly touch cap (issue 61 item 5)", () => {
  it("no cap on the account or its segment: the colleagues' touches do not hold a contact", async () => {
    const r = await stepAfter({ segment: null, account: null }, 5);
    expect(r).toMatchObject({ stage: "send", sent: true });
  });

  it("the segment's cap is the default for its accounts: under it passes, at it holds", async () => {
    expect(await stepAfter({ segment: 3, account: null }, 2)).toMatchObject({ sent: true });
    const held = await stepAfter({ segment: 3, account: null }, 3);
    expect(held.sent).toBe(false);
    expect(held.decision).toMatchObject({ action: "hold", gate: 3, reason: "account_cap_exceeded" });
    // the oldest of the three (3 days ago) leaves the window first
    expect(held.decision.until?.toISOString()).toBe(new Date(now.getTime() + 4 * D).toISOString());
    const event = await d.db
      .selectFrom("cadence_event_log")
      .select(["resolution", "suppressed_reason", "release_at"])
      .where("event_id", "=", held.decision.eventId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      resolution: "account_weekly_cap",
      suppressed_reason: "account_cap_exceeded",
    });
  });

  it("an account's own cap overrides its segment's, both ways", async () => {
    // looser than the segment's: 3 touches pass under the account's 5
    expect(await stepAfter({ segment: 2, account: 5 }, 3)).toMatchObject({ sent: true });
    // stricter: 1 touch holds at the account's 1
    const held = await stepAfter({ segment: 10, account: 1 }, 1);
    expect(held.decision).toMatchObject({ action: "hold", reason: "account_cap_exceeded" });
  });

  it("transactional sequences are exempt, and their touches are not counted", async () => {
    expect(await stepAfter({ segment: null, account: 1 }, 3, "transactional")).toMatchObject({ sent: true });
    const db = d.db;
    const { clientId, account } = await tenant(db, "acctcap-tx", { segment: null, account: 1 });
    const other = await makeContact(db, clientId, { accountId: account });
    await touched(db, clientId, other, account, D, "transactional");
    const contact = await makeContact(db, clientId, { accountId: account });
    expect(await runDue(db, clientId, await enrollDue(db, clientId, contact), now)).toMatchObject({
      sent: true,
    });
  });

  it("two contacts of one account share the cap: the first one's touch holds the second", async () => {
    const db = d.db;
    const { clientId, account } = await tenant(db, "acctcap-two", { segment: null, account: 1 });
    const a = await makeContact(db, clientId, { accountId: account });
    const b = await makeContact(db, clientId, { accountId: account });
    expect(await runDue(db, clientId, await enrollDue(db, clientId, a), now)).toMatchObject({ sent: true });
    const second = await runDue(db, clientId, await enrollDue(db, clientId, b), now);
    expect(second.decision).toMatchObject({ action: "hold", gate: 3, reason: "account_cap_exceeded" });
    expect(second.decision.until?.toISOString()).toBe(new Date(now.getTime() + 7 * D).toISOString());
  });

  it("a batch counts an allowed send for its later items of the same account, as one by one", async () => {
    const db = d.db;
    const { clientId, account } = await tenant(db, "acctcap-batch", { segment: 2, account: null });
    const contacts = [
      await makeContact(db, clientId, { accountId: account }),
      await makeContact(db, clientId, { accountId: account }),
      await makeContact(db, clientId, { accountId: account }),
    ];
    // a contact of another account in the same batch is not held by this account's cap
    const elsewhere = await makeContact(db, clientId, { accountId: await makeAccount(db, clientId, {}) });
    const items: string[] = [];
    for (const c of [...contacts, elsewhere])
      items.push(await makeSendItem(db, clientId, await enrollDue(db, clientId, c), now));
    const out = await db.transaction().execute(async (tx) => {
      const m = await gateSendsBatch(tx, { clientId, sendItemIds: items }, now);
      const allowed = items.filter((id) => m.get(id)?.action === "allow");
      await recordTouchesBatch(tx, { clientId, sendItemIds: allowed }, now);
      return items.map((id) => [m.get(id)!.action, m.get(id)!.reason]);
    });
    expect(out).toEqual([
      ["allow", null],
      ["allow", null],
      ["hold", "account_cap_exceeded"],
      ["allow", null],
    ]);
    const n = await db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", clientId)
      .where("account_id", "=", account)
      .where("event_type", "=", "touch")
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });
});
