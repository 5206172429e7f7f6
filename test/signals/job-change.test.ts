// Issue 69 must-show: a job change synced from the CRM exits the old enrollment as left_company and
// proposes the person at the new company; no touch goes to the old address afterwards. On PGlite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCrmChanges } from "../../src/crm/apply-crm-changes.ts";
import type { Database } from "../../src/db/connect.ts";
import { executeActivePlays } from "../../src/plays/execute-active-plays.ts";
import { engineDeps, runUntil } from "../engine/engine-harness.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { inSegment, intentPlay } from "./signal-plays-fixture.ts";
import { addCompany, afterTheMove, contactsNamed } from "./signals-fixture.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const DAY = 86_400_000;

function suite(open: () => Promise<Database>) {
  let d: Database;
  let t: Tenant;
  beforeAll(async () => {
    d = await open();
    t = await createTenant(d.db, "jobc");
  }, 60_000);
  afterAll(async () => d?.close());

  it("the CRM moves Pat to NewCo: left_company at the old account, proposed at the new one, nothing to the old address", async () => {
    const db = d.db;
    const oldCo = await addCompany(db, t.clientId, "oldco", ["Pat"], "T1");
    const newCo = await addCompany(db, t.clientId, "newco", [], "T1");
    await inSegment(db, t.clientId, oldCo.accountId);
    await inSegment(db, t.clientId, newCo.accountId);
    const pat = oldCo.contacts[0];
    await db.updateTable("contacts").set({ external_id: "hs-555" }).where("contact_id", "=", pat).execute();
    await intentPlay(db, t, "T1 outreach", [], NOW);
    const [run] = await executeActivePlays(db, NOW, { clientId: t.clientId });
    expect(run.decisions.allow).toBe(1);
    const enrollmentOf = (contactId: string) =>
      db
        .selectFrom("campaign_contacts")
        .select(["id", "status", "exit_reason", "campaign_id"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", contactId)
        .execute();
    const [before] = await enrollmentOf(pat);
    expect(before.status).toBe("active");

    const moved = new Date(NOW.getTime() + 3600_000);
    const r = await applyCrmChanges(
      db,
      t.clientId,
      "hubspot",
      [
        {
          externalContactId: "hs-555",
          kind: "company_changed",
          value: newCo.domain,
          email: `pat@${newCo.domain}`,
          company: "NewCo",
          occurredAt: moved,
        },
      ],
      moved,
    );
    expect(r).toEqual({ applied: 1, unmatched: 0 });
    expect(await enrollmentOf(pat)).toEqual([{ ...before, status: "exited", exit_reason: "left_company" }]);
    const patNew = await db
      .selectFrom("contacts")
      .select(["contact_id", "account_id", "email", "full_name"])
      .where("client_id", "=", t.clientId)
      .where("account_id", "=", newCo.accountId)
      .executeTakeFirstOrThrow();
    expect(patNew).toMatchObject({ full_name: "Pat", email: `pat@${newCo.domain}` });
    const log = await db
      .selectFrom("cadence_event_log")
      .select(["contact_id", "event_type", "resolution", "details"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "in", ["left_company", "job_change"])
      .orderBy("event_id")
      .execute();
    expect(log.map((e) => [e.contact_id, e.event_type])).toEqual([
      [pat, "left_company"],
      [patNew.contact_id, "job_change"],
    ]);
    expect(log[1].details).toMatchObject({
      from_contact_id: pat,
      source: "crm:hubspot",
      enrollments_ended: 1,
    });
    // the same change read again (an inclusive poll cursor) moves nobody twice
    await applyCrmChanges(
      db,
      t.clientId,
      "hubspot",
      [
        {
          externalContactId: "hs-555",
          kind: "company_changed",
          value: newCo.domain,
          email: `pat@${newCo.domain}`,
          occurredAt: moved,
        },
      ],
      moved,
    );
    expect(await contactsNamed(db, t.clientId, "Pat")).toHaveLength(2);

    // the play execution's next run proposes Pat at NewCo, and not the old Pat again
    const [next] = await executeActivePlays(db, moved, { clientId: t.clientId });
    expect(next).toMatchObject({ requested: 1, decisions: { allow: 1, hold: 0, queue: 0, block: 0 } });
    expect((await enrollmentOf(patNew.contact_id)).map((e) => e.status)).toEqual(["active"]);

    // days of the engine: the touches go to the new address, none to the old
    const deps = await engineDeps(d);
    await runUntil(deps, t, moved, new Date(moved.getTime() + 5 * DAY));
    const after = await afterTheMove(db, t.clientId, moved);
    expect(after.touched.length).toBeGreaterThan(0);
    expect(after.touched.every((x) => x === patNew.contact_id)).toBe(true);
    // and the old address is on the suppression list: gate 1 refuses it for good
    expect(after.suppressed).toEqual([oldCo.emails[0]]);
  }, 120_000);
}

describe("a job change from the CRM (PGlite)", () => suite(() => testDatabase()));

describeMultiConnection("a job change from the CRM (PostgreSQL)", () => suite(() => serverDatabase()));
