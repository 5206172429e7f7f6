// A step's send item is created with its draft already staged (src/engine/stage-draft.ts,
// insertStagedItems): the draft, then the item, two inserts, where the engine once inserted a pending
// item, then staged its draft and moved it on (stageDrafts: an insert and an update more), claiming
// its auto-sent email items in that update. Both
// ways must leave the same rows: the items (status, draft, error, claim, updated_at), the drafts and
// the rep tasks, for every kind of item the engine makes. An item whose key exists is not made
// again, and leaves no draft behind.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { templateDrafter } from "../../src/drafting/index.ts";
import { type LoadedDraftInput, loadCurrentDraftInputs } from "../../src/engine/draft-inputs.ts";
import { randomIds } from "../../src/engine/engine-deps.ts";
import { runDueSteps } from "../../src/engine/execute-step.ts";
import {
  insertStagedItems,
  type NewItemPlan,
  type NewSendItem,
  stageDrafts,
} from "../../src/engine/stage-draft.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, oneStepNurture, oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
const CLAIM = { workerId: "w-test", until: new Date("2026-06-01T09:00:30Z") };
const AUTO = { kind: "nurture", approval_policy: "auto_send" };
const SALES = { kind: "sales", approval_policy: "exec_approval" };

type Kind = "auto-email" | "sales-email" | "close" | "auto-linkedin" | "failed" | "task";
const KINDS: Kind[] = ["auto-email", "sales-email", "close", "auto-linkedin", "failed", "task"];

describe("a send item created with its draft staged", () => {
  let database: Database;
  let t: Tenant;
  let enrollments: string[];
  let inputs: Map<string, LoadedDraftInput>;
  let base: Map<string, NewSendItem>;

  beforeAll(async () => {
    database = await testDatabase();
    const db = database.db;
    t = await createTenant(db, "sai");
    await oneStepNurture(db, t.revops, "sai_nurture", T0);
    enrollments = [];
    for (const [i, kind] of KINDS.entries()) {
      const contactId = await addContact(db, t.clientId, `Person ${i}`, {
        email: kind === "failed" ? null : undefined,
      });
      const r = await enrollContact(db, t.exec, { campaign: "sai_nurture", contactId }, T0);
      enrollments.push(r.enrollment_id!);
    }
    inputs = await loadCurrentDraftInputs(db, t.clientId, enrollments, "Baton");
    const rows = await db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .where("id", "in", enrollments)
      .execute();
    base = new Map(
      rows.map((e) => [
        e.id,
        {
          client_id: t.clientId,
          contact_id: e.contact_id,
          campaign_id: e.campaign_id,
          enrollment_id: e.id,
          step_number: 1,
          channel: KINDS[enrollments.indexOf(e.id)] === "auto-linkedin" ? "linkedin" : "email",
          scheduled_at: T0,
          idempotency_key: `${e.id}:1`,
          variant: null,
          play_id: null,
          originating_proposal_id: null,
        },
      ]),
    );
  });
  afterAll(() => database.close());

  /** Each enrollment's plan: the kinds above, drafted by the template drafter. */
  async function plans(): Promise<NewItemPlan[]> {
    const out: NewItemPlan[] = [];
    for (const [i, id] of enrollments.entries()) {
      const kind = KINDS[i];
      const values = base.get(id)!;
      const { toId, campaignPolicy: _, ...loaded } = inputs.get(id)!;
      const input =
        kind === "close" ? { ...loaded, step: { ...loaded.step, content_type: "close" } } : loaded;
      if (kind === "failed") out.push({ kind, values, error: "contact has no email address" });
      else if (kind === "task") out.push({ kind, values });
      else
        out.push({
          kind: "draft",
          values,
          input,
          toId: toId!,
          output: await templateDrafter.draft(input),
          policy: kind === "sales-email" ? SALES : AUTO,
        });
    }
    return out;
  }

  /** The rows both ways must leave, ids replaced by their item's enrollment, the transaction's time by "now()". */
  async function rowsOf(tx: typeof database.db) {
    const { now } = (await sql<{ now: Date }>`select now()`.execute(tx)).rows[0];
    const at = (d: Date | null) => (d && d.getTime() === now.getTime() ? "now()" : d?.toISOString());
    const items = await tx
      .selectFrom("sales_send_queue as q")
      .leftJoin("staged_drafts as d", (j) =>
        j.onRef("d.client_id", "=", "q.client_id").onRef("d.id", "=", "q.staged_draft_id"),
      )
      .select([
        "q.enrollment_id",
        "q.channel",
        "q.status",
        "q.error",
        "q.claimed_by",
        "q.claimed_until",
        "q.updated_at",
        "q.created_at",
        "d.send_item_id",
        "q.id",
        "d.status as draft_status",
        "d.to_id",
        "d.subject",
        "d.body",
        "d.context",
        "d.requires_personal_send",
        "d.drafted_by",
        "d.decided_at",
      ])
      .where("q.client_id", "=", t.clientId)
      .orderBy("q.enrollment_id")
      .execute();
    const tasks = await tx
      .selectFrom("engine_rep_tasks as r")
      .innerJoin("sales_send_queue as q", (j) =>
        j.onRef("q.client_id", "=", "r.client_id").onRef("q.id", "=", "r.send_item_id"),
      )
      .select([
        "q.enrollment_id",
        "r.kind",
        "r.assignee_role",
        "r.channel",
        "r.to_id",
        "r.subject",
        "r.body",
        "r.status",
      ])
      .where("r.client_id", "=", t.clientId)
      .orderBy("q.enrollment_id")
      .execute();
    const drafts = await tx
      .selectFrom("staged_drafts")
      .select(({ fn }) => fn.countAll<number>().as("n"))
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    return {
      items: items.map(({ id, send_item_id, claimed_until, updated_at, created_at, decided_at, ...r }) => ({
        ...r,
        draft_names_item: send_item_id === null ? null : send_item_id === id,
        claimed_until: at(claimed_until),
        updated_at: at(updated_at),
        created_at: at(created_at),
        decided_at: at(decided_at),
      })),
      tasks,
      drafts: Number(drafts.n),
    };
  }

  class Rollback extends Error {}
  /** Runs `write` in a transaction, reads the rows it left, and rolls it back. */
  async function leaves(write: (tx: typeof database.db) => Promise<void>) {
    let rows: Awaited<ReturnType<typeof rowsOf>> | undefined;
    await database.db
      .transaction()
      .execute(async (tx) => {
        await write(tx);
        rows = await rowsOf(tx);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return rows!;
  }

  it("leaves the rows a pending item staged after its insert leaves, for every kind of item", async () => {
    const list = await plans();
    const before = await leaves(async (tx) => {
      const items = await tx
        .insertInto("sales_send_queue")
        .values(list.map((p) => p.values))
        .returningAll()
        .execute();
      const itemOf = new Map(items.map((i) => [i.enrollment_id, i]));
      for (const p of list)
        if (p.kind === "failed")
          await tx
            .updateTable("sales_send_queue")
            .set({ status: "failed", error: p.error })
            .where("id", "=", itemOf.get(p.values.enrollment_id)!.id)
            .execute();
      await stageDrafts(
        tx,
        list.flatMap((p) =>
          p.kind === "draft" ? [{ ...p, item: itemOf.get(p.values.enrollment_id)! }] : [],
        ),
        T0,
      );
      // the engine's old path claimed its auto-sent email items for the send phase in that update
      await tx
        .updateTable("sales_send_queue as q")
        .set({ claimed_by: CLAIM.workerId, claimed_until: CLAIM.until })
        .where("q.client_id", "=", t.clientId)
        .where("q.status", "=", "approved")
        .where("q.channel", "=", "email")
        .where((w) =>
          w.exists(
            w
              .selectFrom("staged_drafts as d")
              .select("d.id")
              .whereRef("d.id", "=", "q.staged_draft_id")
              .where("d.requires_personal_send", "=", false),
          ),
        )
        .execute();
    });
    const after = await leaves(async (tx) => {
      const ids = await randomIds(tx, list.length + list.filter((p) => p.kind === "draft").length);
      const made = await insertStagedItems(tx, list, ids, T0, CLAIM);
      expect(made.map((m) => m.item.enrollment_id)).toEqual(enrollments);
      expect(made.map((m) => m.item.id)).toEqual(ids.slice(0, list.length));
    });
    expect(after.items.map((i) => i.status)).toEqual(
      // in enrollment-id order: check the kinds are all there
      expect.arrayContaining(["approved", "drafted", "failed", "pending"]),
    );
    expect(after.items).toHaveLength(KINDS.length);
    expect(after.tasks.map((r) => r.kind).sort()).toEqual(["linkedin_touch"]);
    expect(after.items.find((i) => i.claimed_by)?.channel).toBe("email");
    expect(after).toEqual(before);
  });

  it("does not make an item whose key exists again, and leaves no draft behind", async () => {
    const list = await plans();
    const after = await leaves(async (tx) => {
      // the auto email's item exists already (an earlier pass made it)
      await tx.insertInto("sales_send_queue").values(list[0].values).execute();
      const ids = await randomIds(tx, list.length + list.filter((p) => p.kind === "draft").length);
      const made = await insertStagedItems(tx, list, ids, T0, CLAIM);
      expect(made.map((m) => m.item.enrollment_id)).toEqual(enrollments.slice(1));
    });
    const first = after.items.find((i) => i.enrollment_id === enrollments[0])!;
    expect(first).toMatchObject({ status: "pending", draft_status: null, claimed_by: null });
    // three drafts (the sales email, the close and the LinkedIn touch; none for the existing item)
    expect(after.drafts).toBe(3);
    expect(after.items.filter((i) => i.draft_names_item === true)).toHaveLength(3);
  });

  it("a step whose item exists keeps it; the batch's other steps get theirs, drafted", async () => {
    const db = database.db;
    const { deps, enroll } = await oneStepTenant(database, "sai2", T0);
    const ids = [await enroll("Ada One"), await enroll("Bo Two"), await enroll("Cy Three")];
    const e0 = await db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", ids[0])
      .executeTakeFirstOrThrow();
    // an item for the first enrollment's step 1 exists already (made before this pass)
    const before = await db
      .insertInto("sales_send_queue")
      .values({
        client_id: e0.client_id,
        contact_id: e0.contact_id,
        campaign_id: e0.campaign_id,
        enrollment_id: e0.id,
        step_number: 1,
        channel: "email",
        scheduled_at: T0,
        idempotency_key: `${e0.id}:1`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const out = await runDueSteps(deps, T0, { workerId: "w", batch: 10 });
    const sent = new Map(out.map((r) => [r.id, "outcome" in r ? r.outcome : r.error]));
    expect(sent.get(ids[0])).toMatchObject({ kind: "executed", sendItemId: before.id });
    const items = await db
      .selectFrom("sales_send_queue as q")
      .leftJoin("staged_drafts as d", "d.id", "q.staged_draft_id")
      .select(["q.id", "q.enrollment_id", "q.status", "d.send_item_id", "d.status as draft_status"])
      .where("q.client_id", "=", e0.client_id)
      .execute();
    expect(items).toHaveLength(3);
    for (const id of ids.slice(1)) {
      const item = items.find((i) => i.enrollment_id === id)!;
      expect(sent.get(id)).toMatchObject({ kind: "executed", sendItemId: item.id });
      expect(item).toMatchObject({ status: "approved", send_item_id: item.id, draft_status: "approved" });
    }
    expect(items.find((i) => i.enrollment_id === ids[0])).toMatchObject({ id: before.id, status: "pending" });
    const drafts = await db
      .selectFrom("staged_drafts")
      .select("send_item_id")
      .where("client_id", "=", e0.client_id)
      .execute();
    expect(drafts.map((d) => d.send_item_id).sort()).toEqual(
      items
        .filter((i) => i.enrollment_id !== ids[0])
        .map((i) => i.id)
        .sort(),
    );
  });
});
