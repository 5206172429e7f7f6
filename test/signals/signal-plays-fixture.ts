// Plays that signals propose for (issue 69 items 3 and 4): an active play targeting T1 accounts
// with an intent signal, through the plays domain (create, pick up, both approvals), and an account
// put in the play's segment.
import type { Kysely } from "kysely";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { createDraft } from "../../src/plays/create-draft.ts";
import { pickUpPlay } from "../../src/plays/review-play.ts";
import { engineDeps, runUntil } from "../engine/engine-harness.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { playDoc } from "../workspace/fixtures.ts";
import { afterTheMove } from "./signals-fixture.ts";

/** An active play in segment mm whose target is T1 accounts with one of `intent` as their last signal (none: any T1). */
export async function intentPlay(db: Kysely<DB>, t: Tenant, name: string, intent: string[], now: Date) {
  const doc = playDoc(name, "mm");
  const draft = await createDraft(
    db,
    t.agt901,
    {
      ...doc,
      target_definition: intent.length
        ? { icp_tiers: ["T1"], intent_signals: intent }
        : { icp_tiers: ["T1"] },
    },
    now,
  );
  await pickUpPlay(db, t.revops, draft.play_id, now);
  await approvePlay(db, t.slm, draft.play_id, { as: "slm" }, now);
  await approvePlay(db, t.revops, draft.play_id, { as: "revops" }, now);
  return db.selectFrom("plays").selectAll().where("play_id", "=", draft.play_id).executeTakeFirstOrThrow();
}

export async function inSegment(db: Kysely<DB>, clientId: string, accountId: string, segment = "mm") {
  await db
    .insertInto("segments")
    .values({ client_id: clientId, segment, name: segment })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .updateTable("accounts")
    .set({ segment })
    .where("client_id", "=", clientId)
    .where("account_id", "=", accountId)
    .execute();
}

/** A suite's app over PGlite (open gives undefined) or a server database, its clock at `now`, and one tenant. */
export function signalsSuite(open: () => Promise<Database | undefined>, prefix: string, now: Date) {
  const s = {} as { h: TestApp; t: Tenant; call: ReturnType<typeof callAs> };
  let own: Database | undefined;
  beforeAll(async () => {
    own = await open();
    s.h = await testApp(own);
    s.h.clock.now = now;
    s.t = await createTenant(s.h.database.db, prefix);
    s.call = callAs(s.h);
  }, 60_000);
  afterAll(async () => {
    await s.h?.close();
    await own?.close();
  });
  return s;
}

/** Five days of the engine after a job change: who was touched since, and the suppressed addresses. */
export async function engineAfterTheMove(d: Database, t: Tenant, moved: Date) {
  await runUntil(await engineDeps(d), t, moved, new Date(moved.getTime() + 5 * 86_400_000));
  return afterTheMove(d.db, t.clientId, moved);
}
