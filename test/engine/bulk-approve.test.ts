// A bulk approval runs as one transaction (approveDrafts, issue 14); it must answer and write
// exactly as approving the same list one draft at a time does. The same scenario is built in two
// tenants: one approves the list in bulk, the other draft by draft (a one-id call takes that path),
// each draft with the same edit or none, and the results, the rows and the events are compared.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { optOut } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DraftEdit } from "../../src/engine/approve-draft.ts";
import { approveDrafts, type BulkResult, decideDrafts } from "../../src/engine/approve-drafts.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { testDatabase } from "../support/db.ts";
import { refuseFirstUpdateAsDeadlock } from "../support/refuse-once.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-04-06T10:00:00Z");
const T1 = new Date("2026-04-06T11:00:00Z");
const UNKNOWN = "00000000-0000-4000-8000-00000000dead";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

/** Two campaigns (email, LinkedIn) and six enrolled contacts; the drafts come with the engine pass. */
async function setUp(prefix: string): Promise<{ t: Tenant; contacts: string[] }> {
  const db = d.db;
  const t = await createTenant(db, prefix);
  await oneStepSales(db, t.revops, `${prefix}_email`, T0, { instructions: "Hi." });
  await oneStepSales(db, t.revops, `${prefix}_li`, T0, { channel: "linkedin", instructions: "Hi." });
  const contacts: string[] = [];
  for (let i = 0; i < 6; i++) contacts.push(await addContact(db, t.clientId, `Person ${i}`));
  for (const i of [0, 1, 2, 3, 5])
    await enrollContact(db, t.exec, { campaign: `${prefix}_email`, contactId: contacts[i] }, T0);
  await enrollContact(db, t.exec, { campaign: `${prefix}_li`, contactId: contacts[4] }, T0);
  return { t, contacts };
}

/**
 * Six pending drafts (five email, one LinkedIn); then one contact opts out and one draft is approved.
 * The list to approve, and the edits that finish all but one of the template drafts.
 */
async function listOf({
  t,
  contacts,
}: {
  t: Tenant;
  contacts: string[];
}): Promise<{ list: string[]; edits: Map<string, DraftEdit> }> {
  const db = d.db;
  const drafts = await db
    .selectFrom("staged_drafts as s")
    .innerJoin("sales_send_queue as q", "q.id", "s.send_item_id")
    .innerJoin("contacts as c", "c.contact_id", "q.contact_id")
    .select(["s.id", "c.full_name"])
    .where("s.client_id", "=", t.clientId)
    .where("s.status", "=", "pending")
    .orderBy("c.full_name")
    .execute();
  expect(drafts.map((x) => x.full_name)).toEqual([
    "Person 0",
    "Person 1",
    "Person 2",
    "Person 3",
    "Person 4",
    "Person 5",
  ]);
  const id = drafts.map((x) => x.id);
  const edits = new Map<string, DraftEdit>(
    [0, 1, 3, 4].map((i) => [id[i], { body: `Hi Person ${i}, finished.`, subject: "Finished" }]),
  );
  // decided before the bulk call
  await decideDrafts(db, t.exec, [id[3]], { action: "approve" }, T0, edits);
  await optOut(
    db,
    null,
    { clientId: t.clientId, contactId: contacts[2], flag: "opt_out", source: "test" },
    T0,
  );
  // approvable, a duplicate, an unknown id, an opted-out contact, already approved, LinkedIn, and a
  // template draft with no edit (its note and [placeholders] left)
  return { list: [id[0], id[1], id[1], UNKNOWN, id[2], id[3], id[4], id[5]], edits };
}

const shape = (r: BulkResult[]) => r.map((x) => ({ ok: x.ok, status: x.status, code: x.error?.code }));

async function written(t: Tenant) {
  const db = d.db;
  const drafts = await db
    .selectFrom("staged_drafts as s")
    .innerJoin("sales_send_queue as q", "q.id", "s.send_item_id")
    .innerJoin("contacts as c", "c.contact_id", "q.contact_id")
    .select([
      "c.full_name",
      "s.status as draft",
      "q.status as item",
      "s.decided_at",
      "s.subject",
      "s.body",
      "s.original_body",
    ])
    .where("s.client_id", "=", t.clientId)
    .orderBy("c.full_name")
    .execute();
  const events = await db
    .selectFrom("cadence_event_log")
    .select(["event_type", "channel", "step_number", "details"])
    .where("client_id", "=", t.clientId)
    .where("event_type", "=", "draft_approved")
    .orderBy("event_id")
    .execute();
  const tasks = await db
    .selectFrom("engine_rep_tasks")
    .select(["kind", "channel", "status"])
    .where("client_id", "=", t.clientId)
    .execute();
  return {
    drafts: drafts.map((x) => ({
      ...x,
      // the campaign's name is in the drafts' words (its subject too, since issue 37's templates)
      subject: x.subject?.replaceAll(/bulk[a-d]_/g, "<campaign>_") ?? null,
      body: x.body.replaceAll(/bulk[a-d]_/g, "<campaign>_"),
      original_body: x.original_body?.replaceAll(/bulk[a-d]_/g, "<campaign>_") ?? null,
      decided_at: x.decided_at?.toISOString() ?? null,
    })),
    events: events.map((e) => ({ ...e, details: { edited: (e.details as { edited?: boolean }).edited } })),
    tasks,
  };
}

describe("bulk approval in one transaction", () => {
  it("answers and writes as approving the drafts one by one does", async () => {
    const bulk = await setUp("bulka");
    const single = await setUp("bulkb");
    // one pass drafts both tenants' steps (a pass is cross-tenant; no pass runs after the approvals)
    await runEngineOnce(await engineDeps(d), T0, {
      workerId: "bulk",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    const bulkList = await listOf(bulk);
    const singleList = await listOf(single);
    // the batched path itself (decideDrafts falls back to one by one if the database refuses it)
    const inBulk = await d.db
      .transaction()
      .execute((tx) => approveDrafts(tx, bulk.t.exec, bulkList.list, T1, bulkList.edits));
    const oneByOne: BulkResult[] = [];
    for (const id of singleList.list)
      oneByOne.push(
        ...(await decideDrafts(d.db, single.t.exec, [id], { action: "approve" }, T1, singleList.edits)),
      );

    expect(shape(inBulk)).toEqual(shape(oneByOne));
    expect(shape(inBulk)).toEqual([
      { ok: true, status: "approved", code: undefined },
      { ok: true, status: "approved", code: undefined },
      { ok: false, status: undefined, code: "DRAFT_ALREADY_DECIDED" },
      { ok: false, status: undefined, code: "NOT_FOUND" },
      { ok: false, status: undefined, code: "DRAFT_CONTACT_OPTED_OUT" },
      { ok: false, status: undefined, code: "DRAFT_ALREADY_DECIDED" },
      { ok: true, status: "approved", code: undefined },
      { ok: false, status: undefined, code: "DRAFT_UNFINISHED" },
    ]);
    // the same messages, with the tenant's own ids in them
    expect(
      inBulk.map((x) =>
        x.error?.message.replaceAll(/[0-9a-f-]{36}/g, "<id>").replaceAll(/bulk[a-d]_/g, "<c>_"),
      ),
    ).toEqual(
      oneByOne.map((x) =>
        x.error?.message.replaceAll(/[0-9a-f-]{36}/g, "<id>").replaceAll(/bulk[a-d]_/g, "<c>_"),
      ),
    );
    expect(await written(bulk.t)).toEqual(await written(single.t));
  });
  it("a bulk approval the database refuses as a whole (a deadlock) is done draft by draft, the same", async () => {
    const refused = await setUp("bulkc");
    const single = await setUp("bulkd");
    await runEngineOnce(await engineDeps(d), T0, {
      workerId: "bulk",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    const refusedList = await listOf(refused);
    const singleList = await listOf(single);
    // the first write in the refused tenant fails as a deadlock does (40P01)
    const writes = await refuseFirstUpdateAsDeadlock(
      d.db,
      "bulk_refuse",
      "staged_drafts",
      refused.t.clientId,
    );

    const answered = await decideDrafts(
      d.db,
      refused.t.exec,
      refusedList.list,
      { action: "approve" },
      T1,
      refusedList.edits,
    );
    expect(await writes()).toBeGreaterThan(1); // refused once, then written draft by draft
    const oneByOne: BulkResult[] = [];
    for (const id of singleList.list)
      oneByOne.push(
        ...(await decideDrafts(d.db, single.t.exec, [id], { action: "approve" }, T1, singleList.edits)),
      );
    expect(shape(answered)).toEqual(shape(oneByOne));
    expect(shape(answered).filter((x) => x.ok)).toHaveLength(3);
    expect(await written(refused.t)).toEqual(await written(single.t));
  });
});
