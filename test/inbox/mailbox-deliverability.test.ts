// A sender-fault bounce keeps the address and flags the sending mailbox with the reason; the mailbox
// state shows it; a pause (complaint rate) outranks a flag and only a person's resume lifts it
// (issue 35). On PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { clearDeliverabilityPause, flagSenderFault } from "../../src/inbox/mailbox-deliverability.ts";
import { setInboxPaused } from "../../src/inbox/manage-inboxes.ts";
import { listMailboxStates } from "../../src/inbox/read-mailbox-state.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const NOW = new Date("2026-03-02T12:00:00Z");

describe("mailbox deliverability", () => {
  let database: Database;
  let t: Tenant;
  beforeAll(async () => {
    database = await testDatabase();
    t = await createTenant(database.db, "dlv");
  });
  afterAll(() => database.close());

  it("a sender-fault bounce flags the mailbox with its reason; the state shows it", async () => {
    await flagSenderFault(database.db, t.clientId, "Rep@Acme.test", "blocked 5.7.1 IP on a blocklist", NOW);
    await flagSenderFault(database.db, t.clientId, "rep@acme.test", "policyviolation 5.7.26 DMARC", NOW);
    const [s] = await listMailboxStates(database.db, t.revops, NOW, "rep@acme.test");
    expect((await listMailboxStates(database.db, t.revops, NOW)).map((x) => x.mailbox)).toContain(
      "rep@acme.test",
    );
    expect(s!.deliverability).toMatchObject({
      status: "flagged",
      reason: "sender fault: policyviolation 5.7.26 DMARC",
      sender_fault_count: 2,
    });
  });

  it("a paused mailbox stays paused when flagged, and a resume lifts only a pause", async () => {
    await database.db
      .updateTable("mailbox_deliverability")
      .set({ status: "paused", reason: "complaint rate 0.50 % (5 of the last 1000 sends) is above 0.3 %" })
      .where("client_id", "=", t.clientId)
      .execute();
    await flagSenderFault(database.db, t.clientId, "rep@acme.test", "blocked", NOW);
    const row = await database.db
      .selectFrom("mailbox_deliverability")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "paused", sender_fault_count: 3 });
    expect(row.reason).toMatch(/^complaint rate/);
    // a mailbox without inbox settings: the resume lifts its sending pause
    expect(await setInboxPaused(database.db, t.revops, "REP@acme.test", false, NOW)).toEqual({
      id: "",
      mailbox: "rep@acme.test",
      status: "sending_resumed",
    });
    expect(await clearDeliverabilityPause(database.db, t.clientId, "rep@acme.test", NOW)).toBe(false);
  });
});
