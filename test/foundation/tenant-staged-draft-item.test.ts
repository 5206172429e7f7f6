// Issue 58: "The database still accepts one cross-tenant reference (staged_drafts.send_item_id)".
// 0211 checks the draft's side at commit (a draft is written before its item, and a foreign key
// would close the cycle staged_drafts ↔ sales_send_queue, which Citus cannot distribute), but the
// item's side was open: the item a draft names could be moved to another tenant (its client_id and
// its contact, campaign and enrollment changed together, each of which the 0334 row triggers
// accept) or deleted and written again under the same id in another tenant, and the draft then named
// another tenant's item. 0368 keeps the item as a foreign key would (not deleted, its key not
// changed while a draft names it) and takes the key's KEY SHARE lock when the draft is checked, so a
// delete cannot slip between the check and the commit. Each forged case beside the real one.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { mapDbError } from "../../src/errors/map-db-error.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

interface Own {
  contact: string;
  campaign: string;
  enrollment: string;
}

/** The refusal's code and the name the refusal carries (its constraint, or its detail on Citus). */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    const x = e as { constraint?: string; detail?: string };
    let name = x.constraint;
    if (!name) {
      try {
        const d = JSON.parse(x.detail ?? "") as { table?: string; column?: string };
        name = d.table && d.column ? `${d.table}_${d.column}_tenant` : undefined;
      } catch {
        name = undefined;
      }
    }
    return `${mapDbError(e)?.code ?? String(e)} ${name ?? ""}`.trim();
  }
}

// On Citus the distribution column is client_id: Citus itself refuses to change a row's tenant, and a
// check deferred to commit runs on the worker inside its two-phase commit, where the refusal comes back
// as Citus's own "could not commit transaction for shard …". Refused all the same, in other words.
const citusServer = Boolean(process.env.TEST_CITUS_URL);
const CITUS_MOVE = "error: modifying the partition value of rows is not allowed";
const refusedAtCommit = (onCitus: boolean, got: string) =>
  onCitus && /could not commit transaction for shard/.test(got)
    ? "INVALID_REFERENCE staged_drafts_send_item_id_tenant"
    : got;

function suite(open: () => Promise<Database>, onCitus: boolean) {
  let d: Database;
  let db: Kysely<any>;
  let a: Tenant;
  let b: Tenant;
  let mine: Own;
  let theirs: Own;
  let n = 0;

  const own = async (t: Tenant, name: string): Promise<Own> => {
    const contact = (
      await sql<{ contact_id: string }>`
        insert into contacts (client_id, full_name, email) values (${t.clientId}, ${name}, ${`${name}-${t.clientId}@example.test`})
        returning contact_id`.execute(db)
    ).rows[0].contact_id;
    const campaign = (
      await sql<{ id: string }>`
        insert into campaigns (client_id, slug, name, type, owner_role, kind, on_exit)
        values (${t.clientId}, ${name}, ${name}, 'membership', 'roles.sales', 'sales', '{}'::jsonb) returning id`.execute(
        db,
      )
    ).rows[0].id;
    const enrollment = (
      await sql<{ id: string }>`
        insert into campaign_contacts (client_id, campaign_id, contact_id, status, sequence_type)
        values (${t.clientId}, ${campaign}::uuid, ${contact}::uuid, 'active', 'sales') returning id`.execute(
        db,
      )
    ).rows[0].id;
    return { contact, campaign, enrollment };
  };
  /** A send item of tenant t (its own id, or the one given). */
  const item = async (t: Tenant, o: Own, id: string = crypto.randomUUID()) => {
    await sql`insert into sales_send_queue (id, client_id, contact_id, campaign_id, enrollment_id, step_number,
                                            channel, scheduled_at, idempotency_key)
              values (${id}::uuid, ${t.clientId}, ${o.contact}::uuid, ${o.campaign}::uuid, ${o.enrollment}::uuid, 1,
                      'email', now(), ${`draft-item-${n++}`})`.execute(db);
    return id;
  };
  const draft = (t: Tenant, sendItemId: string) =>
    sql`insert into staged_drafts (client_id, send_item_id, channel, to_id, body, context, drafted_by)
        values (${t.clientId}, ${sendItemId}::uuid, 'email', 'x@example.test', 'Hi', '{}'::jsonb, 'template')
        returning id`.execute(db);

  beforeAll(async () => {
    d = await open();
    db = d.db;
    a = await createTenant(d.db, "sdia");
    b = await createTenant(d.db, "sdib");
    mine = await own(a, "sdi_a");
    theirs = await own(b, "sdi_b");
  });
  afterAll(() => d?.close());

  it("a draft names its own tenant's item; another tenant's item is refused, written or changed to", async () => {
    const itemA = await item(a, mine);
    const itemB = await item(b, theirs);
    expect(await outcome(draft(a, itemA))).toBe("ok");
    expect(await outcome(draft(a, itemB))).toBe("INVALID_REFERENCE staged_drafts_send_item_id_tenant");
    const id = (await draft(a, await item(a, mine))).rows[0] as { id: string };
    expect(
      await outcome(
        sql`update staged_drafts set send_item_id = ${itemB}::uuid where client_id = ${a.clientId} and id = ${id.id}::uuid`.execute(
          db,
        ),
      ),
    ).toBe("INVALID_REFERENCE staged_drafts_send_item_id_tenant");
  });

  it("the review's path: the item a draft names is not moved to another tenant", async () => {
    const named = await item(a, mine);
    await draft(a, named);
    const move = (id: string) =>
      sql`update sales_send_queue set client_id = ${b.clientId}, contact_id = ${theirs.contact}::uuid,
                                      campaign_id = ${theirs.campaign}::uuid, enrollment_id = ${theirs.enrollment}::uuid
           where client_id = ${a.clientId} and id = ${id}::uuid`.execute(db);
    expect(await outcome(move(named))).toBe(
      onCitus ? CITUS_MOVE : "INVALID_REFERENCE staged_drafts_send_item_id_tenant",
    );
    const still = await sql<{ n: number }>`select count(*)::int as n from sales_send_queue
                                            where client_id = ${a.clientId} and id = ${named}::uuid`.execute(
      db,
    );
    expect(still.rows[0].n).toBe(1);
    // an item no draft names moves as the 0334 triggers allow (nothing in Baton does it)
    expect(await outcome(move(await item(a, mine)))).toBe(onCitus ? CITUS_MOVE : "ok");
  });

  it("…nor deleted and written again under the same id in another tenant", async () => {
    const named = await item(a, mine);
    await draft(a, named);
    expect(
      await outcome(
        sql`delete from sales_send_queue where client_id = ${a.clientId} and id = ${named}::uuid`.execute(db),
      ),
    ).toBe("INVALID_REFERENCE staged_drafts_send_item_id_tenant");
    // the same id in tenant B is B's own item (ids are unique per tenant): A's draft still names A's
    expect(await outcome(item(b, theirs, named))).toBe("ok");
    const names = await sql<{ tenant: string }>`
      select x.client_id as tenant from staged_drafts s
        join sales_send_queue x on x.client_id = s.client_id and x.id = s.send_item_id
       where s.client_id = ${a.clientId} and s.send_item_id = ${named}::uuid`.execute(db);
    expect(names.rows.map((r) => r.tenant)).toEqual([a.clientId]);
    // an item no draft names may go (nothing in Baton deletes one)
    const free = await item(a, mine);
    expect(
      await outcome(
        sql`delete from sales_send_queue where client_id = ${a.clientId} and id = ${free}::uuid`.execute(db),
      ),
    ).toBe("ok");
  });

  it("stage-draft's order still holds: the draft first, its item after, in one transaction", async () => {
    const id = crypto.randomUUID();
    await db.transaction().execute(async (tx) => {
      await sql`insert into staged_drafts (client_id, send_item_id, channel, to_id, body, context, drafted_by)
                values (${a.clientId}, ${id}::uuid, 'email', 'x@example.test', 'Hi', '{}'::jsonb, 'template')`.execute(
        tx,
      );
      await sql`insert into sales_send_queue (id, client_id, contact_id, campaign_id, enrollment_id, step_number,
                                              channel, scheduled_at, idempotency_key)
                values (${id}::uuid, ${a.clientId}, ${mine.contact}::uuid, ${mine.campaign}::uuid,
                        ${mine.enrollment}::uuid, 1, 'email', now(), ${`draft-item-${n++}`})`.execute(tx);
    });
    // and a draft whose item never came is refused at commit
    const never = crypto.randomUUID();
    expect(
      refusedAtCommit(
        onCitus,
        await outcome(
          db.transaction().execute(async (tx) => {
            await sql`insert into staged_drafts (client_id, send_item_id, channel, to_id, body, context, drafted_by)
                    values (${a.clientId}, ${never}::uuid, 'email', 'x@example.test', 'Hi', '{}'::jsonb, 'template')`.execute(
              tx,
            );
          }),
        ),
      ),
    ).toBe("INVALID_REFERENCE staged_drafts_send_item_id_tenant");
  });
}

describe("staged_drafts.send_item_id stays in its tenant (PGlite)", () => {
  suite(testDatabase, false);
});

describeMultiConnection("staged_drafts.send_item_id stays in its tenant (PostgreSQL)", () => {
  suite(() => serverDatabase(2), citusServer);
});
