// issue 67 item 5: the exec's close step goes out from his own mailbox in one click. The engine
// runs a sales campaign whose one step is a close (spec 002: "flagged for Justin to send
// personally"), which becomes the exec's personal-send task; sendPersonally sends it from his
// connected Microsoft mailbox through Graph (the stand-in), records it as his touch (sent_as
// 'exec_personal') and closes the task. Without a connected mailbox it is refused and nothing is
// sent; a rep may not send it; a second click sends nothing more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { sendPersonally } from "../../src/engine/personal-send.ts";
import { listMyTasks } from "../../src/engine/rep-tasks.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { addContact, runUntil } from "../engine/engine-harness.ts";
import { connectAtStandIn } from "../support/connected-mailbox.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import type { Tenant } from "../support/tenant.ts";
import { closeCampaign, type PersonalSendWorld, personalSendWorld } from "./personal-send-world.ts";

const T0 = new Date(Date.now() - 60_000);
const EXEC = "justin@acme.example";
const secret = "personal-send-secret";
let world: PersonalSendWorld;
let database: Database;
let deps: EngineDeps;
let t: Tenant;
let microsoft: ProviderStandIn;
let config: PersonalSendWorld["config"];

const code = (e: unknown) => (isBatonError(e) ? e.code : String(e));

beforeAll(async () => {
  world = await personalSendWorld("psend", secret);
  ({ database, deps, t, microsoft, config } = world);
  await closeCampaign(database.db, t.revops, "close_one", "Close", T0);
  const contactId = await addContact(database.db, t.clientId, "Dana Buyer", { company: "Acme Wholesale" });
  await enrollContact(database.db, t.exec, { campaign: "close_one", contactId, goal: "pipeline" }, T0);
  // the engine drafts and stages the close step, the exec approves the draft (it becomes his
  // personal-send task); nobody completes the task
  await runUntil(deps, t, T0, new Date(), { people: false });
  await approvePending(database.db, t.exec, new Date());
});
afterAll(async () => {
  await world?.close();
});

describe("the exec's personal send", () => {
  it("is refused without a connected mailbox, and for a rep; nothing is sent", async () => {
    const [task] = (await listMyTasks(database.db, t.exec, { status: "open" })).items;
    expect(task?.kind).toBe("personal_send");
    await expect(sendPersonally(deps, config, t.exec, task.id, new Date()).catch(code)).resolves.toBe(
      "MAILBOX_NOT_CONNECTED",
    );
    await expect(sendPersonally(deps, config, t.rep, task.id, new Date()).catch(code)).resolves.toBe(
      "FORBIDDEN_ROLE",
    );
    const rows = await database.db
      .selectFrom("channel_deliveries")
      .select("idempotency_key")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("goes out from his Microsoft mailbox in one click, recorded as his touch; a second click sends nothing", async () => {
    await connectAtStandIn(database.db, {
      clientId: t.clientId,
      ownerId: t.exec.principalId,
      mailbox: EXEC,
      provider: "microsoft",
      standIn: microsoft,
      secret,
    });
    const [task] = (await listMyTasks(database.db, t.exec, { status: "open" })).items;
    const done = await sendPersonally(deps, config, t.exec, task.id, new Date());
    expect(done.status).toBe("done");
    const sent = microsoft.sent(EXEC);
    expect(sent).toHaveLength(1);
    expect(sent[0].raw).toMatch(/List-Unsubscribe:/);
    const row = await database.db
      .selectFrom("channel_deliveries")
      .select(["transport", "mailbox", "sent_as", "message_id"])
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ transport: "graph", mailbox: EXEC, sent_as: "exec_personal" });
    expect(sent[0].messageId).toBe(row.message_id);
    const touch = await database.db
      .selectFrom("cadence_event_log")
      .select(["event_type", "actor_principal_id"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .execute();
    expect(touch).toHaveLength(1);
    await expect(sendPersonally(deps, config, t.exec, task.id, new Date()).catch(code)).resolves.toBe(
      "REP_TASK_CLOSED",
    );
    expect(microsoft.sent(EXEC)).toHaveLength(1);
  });
});
