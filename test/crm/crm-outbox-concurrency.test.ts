// 4 concurrent drainers on PostgreSQL: every write applied exactly once and in order per contact,
// with transient failures injected (spec 002 CRM: retried from an outbox, never lost).
import { afterAll, beforeAll, expect, it } from "vitest";
import { CrmWriteError } from "../../src/crm/builtin-crm.ts";
import type { CrmActivity, CrmAdapter, CrmContact } from "../../src/crm/crm-adapter.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact } from "./crm-fixtures.ts";

class RecordingCrm implements CrmAdapter {
  readonly name = "recording";
  applied = new Map<string, number[]>();
  calls = 0;
  async upsertContact(_c: string, c: CrmContact) {
    return { externalId: c.contactId };
  }
  async logActivity(_c: string, a: CrmActivity) {
    this.calls += 1;
    // interleave drainers, and fail about one call in eight (transient)
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    if (Math.random() < 0.125) throw new CrmWriteError("503 injected", false, 503);
    const list = this.applied.get(a.externalContactId) ?? [];
    list.push(Number(a.note));
    this.applied.set(a.externalContactId, list);
  }
  async createDeal(): Promise<{ dealId: string }> {
    throw new Error("not used");
  }
  async updateDealStage() {}
  async closeDeal() {}
}

describeMultiConnection("CRM outbox with 4 concurrent drainers", () => {
  let database: Database;
  beforeAll(async () => {
    database = await serverDatabase(12);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("applies every write exactly once, in order per contact", async () => {
    const t = await createTenant(database.db);
    const contacts: string[] = [];
    for (let i = 0; i < 20; i++)
      contacts.push(await addContact(database.db, t.clientId, `Person ${i}`, null));
    const perContact = 25;
    // interleaved enqueue across contacts, as touches arrive
    for (let n = 0; n < perContact; n++) {
      await database.db.transaction().execute(async (tx) => {
        for (const contactId of contacts) {
          await enqueueCrmWrite(tx, t.clientId, {
            op: "log_activity",
            contactId,
            channel: "email",
            contentType: "follow_up",
            occurredAt: new Date(0).toISOString(),
            note: String(n),
          });
        }
      });
    }
    const crm = new RecordingCrm();
    let now = new Date("2026-03-02T10:00:00Z");
    // this tenant's writes only: other suites share the run's database and drain their own
    const opts = { limit: 10_000, maxAttempts: 100, clientId: t.clientId };
    for (let round = 0; round < 40; round++) {
      await Promise.all(
        [1, 2, 3, 4].map((w) => drainCrmOutbox(database.db, crm, now, { ...opts, workerId: `w${w}` })),
      );
      const left = await database.db
        .selectFrom("crm_outbox")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("client_id", "=", t.clientId)
        .where("status", "!=", "done")
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      now = new Date(now.getTime() + 3_600_000);
    }
    const expected = Array.from({ length: perContact }, (_, i) => i);
    for (const c of contacts) expect(crm.applied.get(c)).toEqual(expected);
    expect(crm.calls).toBeGreaterThan(contacts.length * perContact); // failures happened and were retried
  });
});
