// issue 67 item 5, the rest of it: the close step goes out from the exec's mailbox "when he clicks
// Send (or at once, where he chose so per campaign)". Three sales campaigns of one close step each
// (spec 002: "flagged for Justin to send personally"), one contact each; the engine stages the
// drafts and the exec approves them, so each is his open personal_send task. Then:
// - only the exec sets a campaign to at once (a rep, a sales manager, RevOps are refused);
// - at once with no connected mailbox: the background pass sends nothing, the task stays open for
//   his click and says why, once (a second pass neither sends nor writes it again);
// - at once with his Microsoft mailbox connected: the pass sends it through Graph (the stand-in)
//   with no click, recorded as his touch (sent_as 'exec_personal'), the task done, exactly once
//   however many passes run;
// - on click (the default): the pass leaves the task alone, as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact, updateCampaign } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { sendPersonalStepsAtOnce } from "../../src/engine/personal-send-at-once.ts";
import { startWorker } from "../../src/engine/run-engine.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { addContact, runUntil } from "../engine/engine-harness.ts";
import { connectAtStandIn } from "../support/connected-mailbox.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import type { Tenant } from "../support/tenant.ts";
import { closeCampaign, type PersonalSendWorld, personalSendWorld } from "./personal-send-world.ts";

const T0 = new Date(Date.now() - 60_000);
const EXEC = "justin@acme.example";
const secret = "personal-send-at-once-secret";
let world: PersonalSendWorld;
let database: Database;
let deps: EngineDeps;
let t: Tenant;
let microsoft: ProviderStandIn;
let config: PersonalSendWorld["config"];
const contactOf: Record<string, string> = {};

const code = (e: unknown) => (isBatonError(e) ? e.code : String(e));

async function taskOf(slug: string) {
  return database.db
    .selectFrom("engine_rep_tasks")
    .select(["id", "kind", "status", "at_once_at", "at_once_held"])
    .where("client_id", "=", t.clientId)
    .where("contact_id", "=", contactOf[slug])
    .executeTakeFirstOrThrow();
}

async function deliveries() {
  return database.db
    .selectFrom("channel_deliveries")
    .select(["transport", "mailbox", "sent_as", "message_id", "contact_id"])
    .where("client_id", "=", t.clientId)
    .execute();
}

beforeAll(async () => {
  world = await personalSendWorld("psendnow", secret);
  ({ database, deps, t, microsoft, config } = world);
  for (const slug of ["close_click", "close_early", "close_now"]) {
    await closeCampaign(database.db, t.revops, slug, `Close ${slug}`, T0);
    contactOf[slug] = await addContact(database.db, t.clientId, `Buyer ${slug}`, { company: `Acme ${slug}` });
    await enrollContact(
      database.db,
      t.exec,
      { campaign: slug, contactId: contactOf[slug], goal: "pipeline" },
      T0,
    );
  }
  // the engine drafts and stages each close step; the exec approves them (his personal-send tasks)
  await runUntil(deps, t, T0, new Date(), { people: false });
  await approvePending(database.db, t.exec, new Date());
});
afterAll(async () => {
  await world?.close();
});

describe("the exec's personal send at once, chosen per campaign", () => {
  it("is on click by default, and only the exec may set a campaign to at once", async () => {
    for (const slug of ["close_click", "close_early", "close_now"]) {
      expect(await taskOf(slug)).toMatchObject({ kind: "personal_send", status: "open", at_once_at: null });
    }
    const c = await updateCampaign(
      database.db,
      t.revops,
      "close_click",
      { name: "Close, on click" },
      new Date(),
    );
    expect(c).toMatchObject({ personal_send: "on_click", personal_send_by: null });
    for (const who of [t.rep, t.slm, t.revops, t.admin]) {
      await expect(
        updateCampaign(database.db, who, "close_early", { personal_send: "at_once" }, new Date()).catch(code),
      ).resolves.toBe("FORBIDDEN_PERSONAL_SEND_CHOICE");
    }
    const early = await updateCampaign(
      database.db,
      t.exec,
      "close_early",
      { personal_send: "at_once" },
      new Date(),
    );
    expect(early).toMatchObject({ personal_send: "at_once", personal_send_by: t.exec.principalId });
    // nor may a rep or a sales manager put it back on click; RevOps may (it only asks for his click)
    for (const who of [t.rep, t.slm]) {
      await expect(
        updateCampaign(database.db, who, "close_early", { personal_send: "on_click" }, new Date()).catch(
          code,
        ),
      ).resolves.toBe("FORBIDDEN_PERSONAL_SEND_CHOICE");
    }
  });

  it("without a connected mailbox sends nothing: the task waits for his click and says why, once", async () => {
    const first = await sendPersonalStepsAtOnce(deps, config, new Date(), { clientId: t.clientId });
    expect(first).toEqual({ sent: 0, held: 1 });
    const task = await taskOf("close_early");
    expect(task.status).toBe("open");
    expect(task.at_once_held).toMatch(/no connected mailbox/);
    const second = await sendPersonalStepsAtOnce(deps, config, new Date(), { clientId: t.clientId });
    expect(second).toEqual({ sent: 0, held: 0 });
    expect(await taskOf("close_early")).toEqual(task);
    expect(await deliveries()).toHaveLength(0);
  });

  it("goes out from his Microsoft mailbox with no click, as his touch, exactly once", async () => {
    await connectAtStandIn(database.db, {
      clientId: t.clientId,
      ownerId: t.exec.principalId,
      mailbox: EXEC,
      provider: "microsoft",
      standIn: microsoft,
      secret,
    });
    await updateCampaign(database.db, t.exec, "close_now", { personal_send: "at_once" }, new Date());
    // two passes at the same moment (two workers), then a third: one send
    const runs = await Promise.all([
      sendPersonalStepsAtOnce(deps, config, new Date(), { clientId: t.clientId }),
      sendPersonalStepsAtOnce(deps, config, new Date(), { clientId: t.clientId }),
    ]);
    const again = await sendPersonalStepsAtOnce(deps, config, new Date(), { clientId: t.clientId });
    expect(runs.reduce((n, r) => n + r.sent, 0) + again.sent).toBe(1);
    expect(microsoft.sent(EXEC)).toHaveLength(1);
    const rows = await deliveries();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      transport: "graph",
      mailbox: EXEC,
      sent_as: "exec_personal",
      contact_id: contactOf.close_now,
    });
    expect(microsoft.sent(EXEC)[0].messageId).toBe(rows[0].message_id);
    expect(await taskOf("close_now")).toMatchObject({ status: "done", at_once_held: null });
    const touches = await database.db
      .selectFrom("cadence_event_log")
      .select(["contact_id"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .execute();
    expect(touches).toEqual([{ contact_id: contactOf.close_now }]);
    // the task held before stays for his click (the pass takes a task once), as does the on-click one
    expect(await taskOf("close_early")).toMatchObject({ status: "open" });
    expect(await taskOf("close_click")).toMatchObject({
      status: "open",
      at_once_at: null,
      at_once_held: null,
    });
  });

  it("puts his click back when set on click again", async () => {
    const c = await updateCampaign(
      database.db,
      t.revops,
      "close_now",
      { personal_send: "on_click" },
      new Date(),
    );
    expect(c).toMatchObject({ personal_send: "on_click", personal_send_by: null });
  });

  it("runs in the engine's workers, after a pass, outside the engine step", async () => {
    const at: Date[] = [];
    const w = startWorker(deps, {
      workerId: "at-once-test",
      batch: 1,
      tickMs: 1000,
      clock: () => new Date(),
      background: async (now) => at.push(now),
    });
    for (let i = 0; i < 100 && at.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await w.stop();
    expect(at.length).toBeGreaterThan(0);
  });
});
