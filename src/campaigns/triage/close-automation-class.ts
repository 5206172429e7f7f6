// RevOps's hand on an automation class (issue 72 item 1; the class rows are automation-classes.ts's):
// closing a class by hand, and reopening one it closed to earning again, each under the class row's
// lock and logged (automation_closed, automation_reopened) with the numbers. The view RevOps reads
// them by is read-automation-classes.ts.
import type { Kysely, Updateable } from "kysely";
import { type Principal, requireRole } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { EarnedIntent } from "../../replies/index.ts";
import { logCampaignEvent } from "../log-event.ts";
import { type AutomationClass, checkClass, lockClass, numbers, toEarn, view } from "./automation-classes.ts";

/** Who closes a class by hand and reopens it. */
export const AUTOMATION_KEEPER_ROLES = ["revops", "admin"] as const;

/** Inside a caller's transaction (an agent's approved request, src/agents/approvals) it joins it. */
function inTransaction<T>(db: Kysely<DB>, run: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** A class's row changed by hand (close, reopen), under the lock its caller took. */
async function setClass(
  tx: Kysely<DB>,
  clientId: string,
  intent: EarnedIntent,
  language: string,
  set: Updateable<DB["reply_automation_classes"]>,
  now: Date,
): Promise<void> {
  await tx
    .updateTable("reply_automation_classes")
    .set({ ...set, updated_at: now })
    .where("client_id", "=", clientId)
    .where("intent", "=", intent)
    .where("language", "=", language)
    .execute();
}

/** RevOps closes a class by hand: it stays closed until reopened (idempotent). */
export async function closeAutomationClass(
  db: Kysely<DB>,
  actor: Principal,
  key: { intent: string; language: string },
  now: Date,
): Promise<AutomationClass> {
  requireRole(actor, "close a reply automation class", ...AUTOMATION_KEEPER_ROLES);
  const intent = checkClass(key.intent, key.language);
  return inTransaction(db, async (tx) => {
    const row = await lockClass(tx, actor.clientId, intent, key.language, now);
    if (row.state === "closed_by_hand") return view(row);
    const set = { state: "closed_by_hand" as const, closed_at: now, closed_by: actor.principalId };
    await setClass(tx, actor.clientId, intent, key.language, set, now);
    await logCampaignEvent(
      tx,
      {
        type: "automation_closed",
        clientId: actor.clientId,
        contactId: null,
        actorPrincipalId: actor.principalId,
        resolution: "by_hand",
        details: { intent, language: key.language, was: row.state, ...numbers(row) },
      },
      now,
    );
    return view({ ...row, ...set });
  });
}

/** RevOps reopens a class it closed by hand: back to earning, the tally started again at 0. */
export async function reopenAutomationClass(
  db: Kysely<DB>,
  actor: Principal,
  key: { intent: string; language: string },
  now: Date,
): Promise<AutomationClass> {
  requireRole(actor, "reopen a reply automation class", ...AUTOMATION_KEEPER_ROLES);
  const intent = checkClass(key.intent, key.language);
  return inTransaction(db, async (tx) => {
    const row = await lockClass(tx, actor.clientId, intent, key.language, now);
    if (row.state !== "closed_by_hand")
      throw new BatonError("AUTOMATION_CLASS_NOT_CLOSED_BY_HAND", {
        intent,
        language: key.language,
        state: row.state,
      });
    const set = { state: "closed" as const, decided: 0, agreed: 0, closed_by: null };
    await setClass(tx, actor.clientId, intent, key.language, set, now);
    await logCampaignEvent(
      tx,
      {
        type: "automation_reopened",
        clientId: actor.clientId,
        contactId: null,
        actorPrincipalId: actor.principalId,
        resolution: "by_hand",
        details: { intent, language: key.language, ...numbers(row), to_earn: toEarn(0, 0) },
      },
      now,
    );
    return view({ ...row, ...set });
  });
}
