// Issue 41 item 2: "a sender's booking link is a merge field". The engine drafts an auto-sent step
// whose template names {{sender.booking_link}}: the email that goes out carries the owner's page
// with a token naming that contact (so a booking made with another address still ends the right
// enrollment: meetings.test.ts), and a contact whose owner has no page gets no link and no send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { readBookingToken } from "../../src/meetings/booking-link.ts";
import { addContact, engineDeps, oneStepNurture } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-06-02T09:00:00Z");

describe("{{sender.booking_link}} in an engine draft", () => {
  let database: Database;
  let deps: EngineDeps;
  let t: Tenant;

  beforeAll(async () => {
    database = await testDatabase();
    deps = await engineDeps(database);
    t = await createTenant(database.db, "book");
    await oneStepNurture(database.db, t.revops, "book_auto", T0);
    await database.db
      .updateTable("campaign_sequences")
      .set({
        body_template:
          "Hi {{contact.first_name}},\n\nPick a time: {{sender.booking_link}}\n\n{{sender.full_name}}",
      })
      .where("client_id", "=", t.clientId)
      .execute();
  });
  afterAll(() => database.close());

  const enrollOwned = async (name: string, owner: string) => {
    const contactId = await addContact(database.db, t.clientId, name);
    await database.db
      .updateTable("contacts")
      .set({ owner_principal_id: owner })
      .where("contact_id", "=", contactId)
      .execute();
    const { enrollment_id } = await enrollContact(
      database.db,
      t.exec,
      { campaign: "book_auto", contactId },
      T0,
    );
    return { contactId, enrollmentId: enrollment_id! };
  };

  it("sends the owner's page with the contact's token; without a page the draft waits", async () => {
    await database.db
      .updateTable("principals")
      .set({ booking_url: "https://cal.com/rep/intro" })
      .where("principal_id", "=", t.rep.principalId)
      .execute();
    const withPage = await enrollOwned("Avery Book", t.rep.principalId);
    const withoutPage = await enrollOwned("Noa Nopage", t.exec.principalId);
    await runEngineOnce(deps, T0, {
      workerId: "w1",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    const sent = await database.db
      .selectFrom("dev_email_outbox as o")
      .innerJoin("sales_send_queue as q", "q.idempotency_key", "o.idempotency_key")
      .select(["q.enrollment_id", "o.body"])
      .where("q.client_id", "=", t.clientId)
      .execute();
    expect(sent.map((s) => s.enrollment_id)).toEqual([withPage.enrollmentId]);
    const link = new URL(/https:\/\/cal\.com\/\S+/.exec(sent[0].body)![0]);
    expect(link.pathname).toBe("/rep/intro");
    expect(readBookingToken(deps.bookingSecret!, t.clientId, link.searchParams.get("metadata[baton]"))).toBe(
      withPage.contactId,
    );
    // the exec has no booking page: [sender.booking_link] stays, and a person must finish the draft
    const held = await database.db
      .selectFrom("sales_send_queue as q")
      .innerJoin("staged_drafts as d", "d.id", "q.staged_draft_id")
      .select(["d.status", "d.body"])
      .where("q.enrollment_id", "=", withoutPage.enrollmentId)
      .executeTakeFirstOrThrow();
    expect(held.status).toBe("pending");
    expect(held.body).toContain("[sender.booking_link]");
  });
});
