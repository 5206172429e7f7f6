// At most once (spec 002): a step is executed and sent at most once even when workers crash.
// On PGlite (these tests) an auto-sent email goes out between the step's transaction and a settle
// transaction (send-approved.ts); PostgreSQL's one transaction is tested in step-row-locks.test.ts.
// The channel's ledger refuses a key twice: a crash after SMTP but before our
// commit, or during SMTP, leaves the ledger's one row 'sending' with no touch: a clearly marked
// unknown outcome, never resent, which the touch caps count (issue 39 item 2); a key left
// 'claimed' by the protocol before issue 39 (nothing sent) is sent by the retry, once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailChannel } from "../../src/channels/channel.ts";
import { loadTouchesOf } from "../../src/coordinator/snapshot/batch-snapshot.ts";
import { loadTouches } from "../../src/coordinator/snapshot/lock-contact.ts";
import { stepSnapshotQuery, toStepSnapshot } from "../../src/coordinator/snapshot/step-snapshot.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { OUTCOME_UNKNOWN } from "../../src/engine/send-approved.ts";
import { testDatabase } from "../support/db.ts";
import { oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");

describe("at most once", () => {
  let database: Database;
  let deps: EngineDeps;
  let enroll: (name: string) => Promise<string>;
  beforeAll(async () => {
    database = await testDatabase();
    ({ deps, enroll } = await oneStepTenant(database, "amo", T0, { claimLeaseMs: 30_000 }));
  });
  afterAll(() => database.close());

  const items = (enrollmentId: string) =>
    database.db
      .selectFrom("sales_send_queue")
      .selectAll()
      .where("enrollment_id", "=", enrollmentId)
      .execute();
  const mails = (enrollmentId: string) =>
    database.db
      .selectFrom("dev_email_outbox")
      .select("id")
      .where("idempotency_key", "=", `${enrollmentId}:1`)
      .execute();

  /** A second enrollment of the contact, in a campaign of its own (a decision about another step). */
  const enrollAgain = async (clientId: string, contactId: string): Promise<string> => {
    const campaign = await database.db
      .selectFrom("campaigns")
      .select("id")
      .where("client_id", "=", clientId)
      .executeTakeFirstOrThrow();
    const row = await database.db
      .insertInto("campaign_contacts")
      .values({
        client_id: clientId,
        contact_id: contactId,
        campaign_id: campaign.id,
        status: "exited",
        current_step: 1,
        enrolled_at: T0,
        sequence_type: "nurture",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };

  /** A channel whose process dies after its ledger row reached `status`, before any message. */
  const diesAfterLedger = (status: "claimed" | "sending"): EmailChannel => ({
    async send(m, now) {
      await database.db
        .insertInto("channel_deliveries")
        .values({
          idempotency_key: m.idempotencyKey,
          client_id: m.clientId,
          transport: "dev",
          mailbox: "x",
          to_address: m.to,
          subject: m.subject,
          status,
          created_at: now,
          updated_at: now,
        })
        .execute();
      throw new Error("worker killed");
    },
  });

  it("a crash after SMTP, before our commit: never resent, an unknown outcome the caps count", async () => {
    const id = await enroll("Crash After Smtp");
    const real = deps.email!;
    const crashing: EmailChannel = {
      async send(m, now) {
        // the earlier test's item may be due in the same pass: it goes out normally, whatever its order
        if (m.idempotencyKey !== `${id}:1`) return real.send(m, now);
        await real.send(m, now); // the message goes out (the ledger's one row says 'sending') ...
        throw new Error("worker killed"); // ... and the worker dies before committing its touch
      },
    };
    await runEngineOnce({ ...deps, email: crashing }, T0, { workerId: "w", batch: 10 });
    const [before] = await items(id);
    expect(before.status).toBe("approved");
    // issue 39 item 2: the ledger is written once; success would be the touch, which never came.
    // The caps count the send anyway: the contact's ledger row with no touch
    const later = new Date(T0.getTime() + 31_000);
    const counted = async () =>
      (await loadTouchesOf(database.db, before.client_id, [before.contact_id], later)).get(
        before.contact_id,
      ) ?? [];
    expect(await counted()).toHaveLength(1);
    // the single-decision gates count it as the batches do (gateStep's one-statement snapshot,
    // gateSend and recordTouch's loadTouches); the send's own key is not a touch before itself
    const single = (key: string | null) =>
      loadTouches(database.db, before.client_id, before.contact_id, later, key);
    expect(await single(null)).toHaveLength(1);
    expect(await single(before.idempotency_key)).toHaveLength(0);
    const other = await enrollAgain(before.client_id, before.contact_id);
    const snapshot = async (enrollmentId: string) =>
      toStepSnapshot(
        (
          await database.db.executeQuery(
            stepSnapshotQuery(database.db, before.client_id, enrollmentId, later),
          )
        ).rows,
        enrollmentId,
      ).touches;
    expect(await snapshot(other)).toHaveLength(1);
    expect(await snapshot(id)).toHaveLength(0); // the step's own attempt (its key is id:1)
    // the retry comes after the send claim's lease (PGlite sends between two transactions)
    await runEngineOnce(deps, later, { workerId: "w", batch: 10 });
    const [item] = await items(id);
    expect(item.status).toBe("failed");
    expect(item.error).toMatch(new RegExp(`^${OUTCOME_UNKNOWN}`));
    expect(await mails(id)).toHaveLength(1);
    expect(await counted()).toHaveLength(1);
    const touches = await database.db
      .selectFrom("cadence_event_log")
      .select("event_id")
      .where("send_item_id", "=", item.id)
      .where("event_type", "=", "touch")
      .execute();
    expect(touches).toHaveLength(0);
  });

  it("a crash during SMTP: a clearly marked unknown outcome, no second message", async () => {
    const id = await enroll("Crash During Smtp");
    // the ledger claimed the key and moved it to 'sending', then the process died mid-conversation
    const dying = diesAfterLedger("sending");
    await runEngineOnce({ ...deps, email: dying }, T0, { workerId: "w", batch: 10 });
    await runEngineOnce(deps, new Date(T0.getTime() + 31_000), { workerId: "w", batch: 10 });
    const [item] = await items(id);
    expect(item.status).toBe("failed");
    expect(item.error).toMatch(new RegExp(`^${OUTCOME_UNKNOWN}`));
    expect(await mails(id)).toHaveLength(0);
    // and it is never tried again
    await runEngineOnce(deps, new Date(T0.getTime() + 3_600_000), { workerId: "w", batch: 10 });
    expect(await mails(id)).toHaveLength(0);
  });

  it("a crash after the ledger claim but before SMTP: the retry takes the key over and sends once", async () => {
    const id = await enroll("Crash Before Smtp");
    // the batch's keys were claimed, then the process died before any SMTP conversation
    const dying = diesAfterLedger("claimed");
    await runEngineOnce({ ...deps, email: dying }, T0, { workerId: "w", batch: 10 });
    await runEngineOnce(deps, new Date(T0.getTime() + 31_000), { workerId: "w", batch: 10 });
    const [item] = await items(id);
    expect(item.status).toBe("sent");
    expect(await mails(id)).toHaveLength(1);
  });
});
