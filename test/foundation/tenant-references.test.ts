// Issue 36 item 3: every column that points at a row of another tenant table names a row of the same
// tenant. The catalog of a migrated database is read: every column of a tenant table (one with
// client_id) that is part of a foreign key, or whose name says it is an id (*_id, *_ids), except the
// table's own id (its one key column beside client_id). Each must be covered by
//   - a foreign key that pairs client_id with the parent's client_id (validated or NOT VALID), or
//   - a trigger that refuses another tenant's id (TRIGGER_CHECKED, the trigger must exist), or
//   - a listed exception, with the reason it points at no tenant row (EXCEPTIONS).
// A new reference column with none of these fails the test, naming it; so does a stale list entry.
// Then the refusals themselves, one per kind of cover, with rows of two tenants.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { mapDbError } from "../../src/errors/map-db-error.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

/**
 * A refusal's constraint. On Citus a refusal raised on a worker reaches the client without its
 * constraint name (Citus forwards the SQLSTATE, the message and the detail, issue 57): every tenant
 * reference refusal's detail names its table and column, and the name is `<table>_<column>_tenant`.
 */
function constraintOf(e: { constraint?: string; detail?: string } | undefined): string | undefined {
  if (!e || e.constraint) return e?.constraint;
  try {
    const d = JSON.parse(e.detail ?? "") as { table?: string; column?: string };
    return d.table && d.column ? `${d.table}_${d.column}_tenant` : undefined;
  } catch {
    return undefined;
  }
}

/** table.column → the trigger on that table that refuses another tenant's id (migration 0211). */
const TRIGGER_CHECKED: Record<string, string> = {
  // the event log: a statement trigger, not five foreign keys on the step's hot path (0211 says why)
  "cadence_event_log.account_id": "cadence_event_log_tenant_refs",
  "cadence_event_log.actor_principal_id": "cadence_event_log_tenant_refs",
  "cadence_event_log.campaign_id": "cadence_event_log_tenant_refs",
  "cadence_event_log.contact_id": "cadence_event_log_tenant_refs",
  "cadence_event_log.enrollment_id": "cadence_event_log_tenant_refs",
  "cadence_event_log.send_item_id": "cadence_event_log_tenant_refs",
  "cadence_event_log.play_id": "cadence_event_log_tenant_refs",
  "cadence_event_log.originating_proposal_id": "cadence_event_log_tenant_refs",
  // the send items and the CRM outbox: a statement trigger too (0334 says why)
  "sales_send_queue.campaign_id": "sales_send_queue_tenant_refs",
  "sales_send_queue.contact_id": "sales_send_queue_tenant_refs",
  "sales_send_queue.enrollment_id": "sales_send_queue_tenant_refs",
  "sales_send_queue.play_id": "sales_send_queue_tenant_refs",
  "sales_send_queue.originating_proposal_id": "sales_send_queue_tenant_refs",
  "crm_outbox.contact_id": "crm_outbox_tenant_refs",
  // a contact or an enrollment, by kind
  "crm_links.baton_id": "crm_links_tenant_refs",
  // a foreign key would close a cycle (contacts ↔ campaign_contacts, staged_drafts ↔ sales_send_queue)
  "contacts.active_sequence_id": "contacts_active_sequence_tenant_upd",
  "staged_drafts.send_item_id": "staged_drafts_item_tenant",
  // no key may point at the event log (a referenced table cannot be truncated: 0A000 before BC900)
  "play_execution_requests.event_id": "play_execution_requests_event_tenant",
  // arrays of ids
  "campaign_handoffs.routed_campaign_ids": "campaign_handoffs_tenant_refs",
  "campaign_handoffs.routed_enrollment_ids": "campaign_handoffs_tenant_refs",
};

const EXTERNAL =
  "an identifier of the outside world (a Message-ID, an address, a CRM's or IdP's id), not a row";
const AGENT =
  "an agent id (AGT-301…) is data, a label the agent gives itself (DESIGN.md), not a row; principals are keyed by principal_id";
const ARCHIVE =
  "plays_archive holds exact copies of retired plays that left plays in the same transaction (0210's guard), whose own keys were checked";

/** table.column → why it is not a reference to a tenant row. */
const EXCEPTIONS: Record<string, string> = {
  "campaign_replies.message_id": EXTERNAL,
  "channel_deliveries.contact_id":
    "the contact of the send's own item (same tenant, same key), read only to count that contact's caps within its tenant; a foreign key would deadlock: the ledger is written on a second connection while the step holds the contact's row lock (0330)",
  "channel_deliveries.message_id": EXTERNAL,
  "contacts.external_id": EXTERNAL,
  "signals.external_id": EXTERNAL,
  "signal_visitor_events.external_id": EXTERNAL,
  "signal_visitor_events.anonymous_id":
    "Segment's anonymousId (0790): the visitor's browser's id in the website's analytics, no row of Baton's",
  "contacts.crm_owner_id": EXTERNAL,
  "principals.crm_user_id": EXTERNAL,
  "api_tokens.book_team_id":
    "an agent token's binding (0460), kept without a key on purpose: the book reads the team by the token's own tenant, so another tenant's id or a deleted team binds the token to nothing, and it reaches no prospect (fails closed; SET NULL would widen it to the workspace)",
  "api_tokens.book_territory_id":
    "an agent token's binding (0460), as book_team_id: read by the token's own tenant; another tenant's or a deleted territory reaches no prospect",
  "oauth_grants.app_id":
    "an MCP client's registration id (0420): registrations are made before any tenant is known and live in oauth_records, a reference table of no tenant; a grant names the client it was given to, and revoking the client deletes its grants by this id",
  "oauth_access_token_issues.app_id":
    "the client an access token was issued to (0476), as oauth_grants.app_id: a registration id of oauth_records, a reference table of no tenant",
  "oauth_access_token_issues.grant_id":
    "the grant an access token was issued under (0476), kept without a key on purpose: the record outlives the grant (revoking deletes the grant and its tokens, never their records), and it is written only by baton_store_access_token, which reads the grant in the same tenant",
  "crm_links.external_id": EXTERNAL,
  "attio_webhooks.attio_webhook_id": EXTERNAL,
  "attio_webhooks.attio_workspace_id": EXTERNAL,
  "attio_webhooks.people_object_id": EXTERNAL,
  "channel_deliveries.provider_message_id": EXTERNAL,
  "dev_email_outbox.message_id": EXTERNAL,
  "engine_rep_tasks.to_id": EXTERNAL,
  "idp_settings.oidc_client_id": EXTERNAL,
  "inbox_messages.delivery_message_id": EXTERNAL,
  "inbox_messages.message_id": EXTERNAL,
  "inbound_reviews.message_id": EXTERNAL,
  "provider_inbox_messages.provider_message_id": EXTERNAL,
  "mail_webhook_events.original_message_id": EXTERNAL,
  "mail_webhook_events.provider_event_id": EXTERNAL,
  "mail_webhook_events.provider_message_id": EXTERNAL,
  "meetings.provider_event_id": EXTERNAL,
  "mailbox_inboxes.trusted_authserv_ids":
    "host names of the receiving mail servers whose Authentication-Results the mailbox trusts, not rows",
  "import_job_rows.target_id":
    "a report line: the contact or account (by the job's kind) the import itself wrote for this tenant in the same transaction; never read to act",
  "staged_drafts.to_id": EXTERNAL,
  "cadence_event_log.originating_agent_id": AGENT,
  "campaign_contacts.originating_agent_id": AGENT,
  "engine_drafting_tasks.leased_by_agent_id": AGENT,
  "erasure_log.requested_by_agent_id": AGENT,
  "principals.agent_id": AGENT,
  "plays_archive.account_id": ARCHIVE,
  "plays_archive.copied_from_play_id": ARCHIVE,
  "plays_archive.originating_proposal_id": ARCHIVE,
  "plays_archive.picked_up_by_user_id": ARCHIVE,
  "plays_archive.retired_by_user_id": ARCHIVE,
  "plays_archive.revops_approver_user_id": ARCHIVE,
  "plays_archive.slm_approver_user_id": ARCHIVE,
  "plays_archive.writer_agent_id": ARCHIVE,
  "learning_funnel_rollup.campaign_id":
    "written only by the event log's cursor (baton_advance_event_cursor, 0311) from event rows whose campaign_id cadence_event_log_tenant_refs checked; a foreign key would put a lookup on every rollup upsert",
};

interface Column {
  table: string;
  column: string;
  /** covered by a foreign key whose column pairs include client_id → client_id */
  tenantFk: boolean;
  /** part of a foreign key that does not pair client_id */
  otherFk: boolean;
}

/** Every candidate reference column of the tenant tables (see the header). */
async function referenceColumns(db: Kysely<any>): Promise<Column[]> {
  const r = await sql<{ tbl: string; col: string; tenant_fk: boolean; other_fk: boolean }>`
    with tenant_tables as (
      select c.oid, c.relname from pg_class c
       where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'client_id'
                      and a.attnum > 0 and not a.attisdropped)
    ), fks as (
      select k.conrelid, k.conkey,
             exists (select 1 from unnest(k.conkey, k.confkey) p(a, b)
                      join pg_attribute x on x.attrelid = k.conrelid and x.attnum = p.a
                      join pg_attribute y on y.attrelid = k.confrelid and y.attnum = p.b
                     where x.attname = 'client_id' and y.attname = 'client_id') as pairs_tenant
        from pg_constraint k where k.contype = 'f'
    ), own_id as (
      -- the table's own id: its primary key's one column beside client_id
      select k.conrelid, (array_remove(array_agg(a.attname::text), 'client_id'))[1] as col
        from pg_constraint k join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
       where k.contype = 'p' group by k.conrelid having count(*) filter (where a.attname <> 'client_id') = 1
    )
    select t.relname as tbl, a.attname as col,
           exists (select 1 from fks f where f.conrelid = t.oid and a.attnum = any (f.conkey) and f.pairs_tenant) as tenant_fk,
           exists (select 1 from fks f where f.conrelid = t.oid and a.attnum = any (f.conkey) and not f.pairs_tenant) as other_fk
      from tenant_tables t join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
     where a.attname <> 'client_id'
       and (a.attname ~ '_ids?$' or exists (select 1 from fks f where f.conrelid = t.oid and a.attnum = any (f.conkey)))
       and not exists (select 1 from own_id o where o.conrelid = t.oid and o.col = a.attname)
     order by 1, 2`.execute(db);
  return r.rows.map((x) => ({ table: x.tbl, column: x.col, tenantFk: x.tenant_fk, otherFk: x.other_fk }));
}

async function triggersOf(db: Kysely<any>): Promise<Set<string>> {
  const r = await sql<{ t: string }>`
    select c.relname || '.' || g.tgname as t from pg_trigger g join pg_class c on c.oid = g.tgrelid
     where not g.tgisinternal and c.relnamespace = current_schema()::regnamespace`.execute(db);
  return new Set(r.rows.map((x) => x.t));
}

/** One line per reference column that nothing covers, and per stale list entry. */
async function uncovered(db: Kysely<any>): Promise<string[]> {
  const cols = await referenceColumns(db);
  const triggers = await triggersOf(db);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of cols) {
    const key = `${c.table}.${c.column}`;
    seen.add(key);
    if (c.otherFk) out.push(`${key}: a foreign key that does not carry client_id`);
    if (c.tenantFk) continue;
    const trigger = TRIGGER_CHECKED[key];
    if (trigger) {
      if (!triggers.has(`${c.table}.${trigger}`)) out.push(`${key}: its trigger ${trigger} does not exist`);
      continue;
    }
    if (EXCEPTIONS[key]) continue;
    out.push(`${key}: no foreign key with client_id, no trigger, no listed exception`);
  }
  for (const key of [...Object.keys(TRIGGER_CHECKED), ...Object.keys(EXCEPTIONS)])
    if (!seen.has(key)) out.push(`${key}: listed, but no such reference column (stale entry)`);
  return out;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return mapDbError(e)?.code ?? String(e);
  }
}

function suite(open: () => Promise<Database>) {
  let d: Database;
  let db: Kysely<any>;
  let a: Tenant;
  let b: Tenant;
  let campaignB: string;
  let enrollmentB: string;
  let contactA: string;
  let contactB: string;
  beforeAll(async () => {
    d = await open();
    db = d.db;
    a = await createTenant(d.db, "refa");
    b = await createTenant(d.db, "refb");
    // the plays' segment (the tests of a play's and a proposal's references write plays)
    await sql`insert into segments (client_id, segment, name)
              values (${a.clientId}, 'seg_a', 'Segment A'), (${b.clientId}, 'seg_a', 'Segment A')`.execute(
      db,
    );
    const contact = async (t: Tenant) =>
      (
        await sql<{ contact_id: string }>`
          insert into contacts (client_id, full_name, email) values (${t.clientId}, 'Ref Contact', ${`${t.clientId}@example.test`})
          returning contact_id`.execute(db)
      ).rows[0].contact_id;
    contactA = await contact(a);
    contactB = await contact(b);
    campaignB = (
      await sql<{ id: string }>`
        insert into campaigns (client_id, slug, name, type, owner_role, kind, on_exit)
        values (${b.clientId}, 'refs', 'refs', 'membership', 'roles.sales', 'sales', '{}'::jsonb) returning id`.execute(
        db,
      )
    ).rows[0].id;
    enrollmentB = (
      await sql<{ id: string }>`
        insert into campaign_contacts (client_id, campaign_id, contact_id, status, sequence_type)
        values (${b.clientId}, ${campaignB}::uuid, ${contactB}::uuid, 'queued', 'sales') returning id`.execute(
        db,
      )
    ).rows[0].id;
  });
  afterAll(() => d?.close());

  it("covers every column that points at another tenant table", async () => {
    expect(await uncovered(db)).toEqual([]);
  });

  it("reports a reference column that nothing covers (a forgetful table)", async () => {
    const lines = await db
      .transaction()
      .execute(async (tx) => {
        await sql`create table forgetful (client_id text not null references clients (client_id),
                    id uuid primary key, enrollment_id uuid, note text)`.execute(tx);
        const found = await uncovered(tx);
        throw Object.assign(new Error("roll back"), { found });
      })
      .catch((e) => e.found as string[]);
    expect(lines).toEqual([
      "forgetful.enrollment_id: no foreign key with client_id, no trigger, no listed exception",
    ]);
  });

  it("refuses another tenant's ids in the event log (trigger), batch or single row", async () => {
    const ev = (cols: string, vals: ReturnType<typeof sql>) =>
      code(
        sql`insert into cadence_event_log (client_id, contact_id, event_type, ${sql.raw(cols)})
               values (${a.clientId}, ${contactA}::uuid, 'test', ${vals})`.execute(db),
      );
    expect(await ev("enrollment_id", sql`${enrollmentB}::uuid`)).toBe("INVALID_REFERENCE");
    expect(await ev("campaign_id", sql`${campaignB}::uuid`)).toBe("INVALID_REFERENCE");
    expect(await ev("actor_principal_id", sql`${b.revops.principalId}::uuid`)).toBe("INVALID_REFERENCE");
    expect(await ev("actor_principal_id", sql`${a.revops.principalId}::uuid`)).toBe("ok");
    // in a batch, one foreign row refuses the statement
    const batch = await code(
      sql`insert into cadence_event_log (client_id, contact_id, event_type, actor_principal_id)
      values (${a.clientId}, ${contactA}::uuid, 'test', ${a.revops.principalId}::uuid),
             (${a.clientId}, ${contactA}::uuid, 'test', ${b.revops.principalId}::uuid)`.execute(db),
    );
    expect(batch).toBe("INVALID_REFERENCE");
  });

  it("refuses each forged reference of an event alone, first or last of two, under the same constraint (0335)", async () => {
    // one row is checked key by key, two or more by each tenant's distinct ids: both must refuse
    const parents = async (t: Tenant, name: string) => {
      const one = async <R>(q: ReturnType<typeof sql<R>>) => (await q.execute(db)).rows[0] as R;
      const { account_id } = await one(sql<{ account_id: string }>`
        insert into accounts (client_id, name) values (${t.clientId}, ${name}) returning account_id`);
      const { contact_id } = await one(sql<{ contact_id: string }>`
        insert into contacts (client_id, account_id, full_name, email)
        values (${t.clientId}, ${account_id}::uuid, ${name}, ${`${name}-${t.clientId}@example.test`}) returning contact_id`);
      const campaign = await one(sql<{ id: string }>`
        insert into campaigns (client_id, slug, name, type, owner_role, kind, on_exit)
        values (${t.clientId}, ${name}, ${name}, 'membership', 'roles.sales', 'sales', '{}'::jsonb) returning id`);
      const enrollment = await one(sql<{ id: string }>`
        insert into campaign_contacts (client_id, campaign_id, contact_id, status, sequence_type)
        values (${t.clientId}, ${campaign.id}::uuid, ${contact_id}::uuid, 'active', 'sales') returning id`);
      const item = await one(sql<{ id: string }>`
        insert into sales_send_queue (client_id, contact_id, campaign_id, enrollment_id, step_number, channel,
                                      scheduled_at, idempotency_key)
        values (${t.clientId}, ${contact_id}::uuid, ${campaign.id}::uuid, ${enrollment.id}::uuid, 1, 'email', now(),
                ${`rows-${name}`}) returning id`);
      const [play_id] = await playsUnderReview(db, t, 1, { segment: "seg_a" });
      const { originating_proposal_id } = await one(sql<{ originating_proposal_id: string }>`
        select originating_proposal_id from plays where client_id = ${t.clientId} and play_id = ${play_id}::uuid`);
      return {
        contact_id,
        enrollment_id: enrollment.id,
        campaign_id: campaign.id,
        account_id,
        actor_principal_id: t.revops.principalId,
        send_item_id: item.id,
        play_id,
        originating_proposal_id,
      };
    };
    const mine = await parents(a, "rows_a");
    const theirs = await parents(b, "rows_b");
    const cols = Object.keys(mine) as (keyof typeof mine)[];
    const row = (r: typeof mine) =>
      sql`(${a.clientId}, 'test', ${sql.join(cols.map((c) => sql`${r[c]}::uuid`))})`;
    const refusal = async (...rows: ReturnType<typeof row>[]) => {
      const e = await sql`insert into cadence_event_log (client_id, event_type, ${sql.raw(cols.join(", "))})
                          values ${sql.join(rows)}`
        .execute(db)
        .then(
          () => undefined,
          (x: { constraint?: string }) => x,
        );
      return e ? `${mapDbError(e)?.code} ${constraintOf(e)}` : "ok";
    };
    for (const c of cols) {
      const forged = { ...mine, [c]: theirs[c] };
      const want = `INVALID_REFERENCE cadence_event_log_${c}_tenant`;
      expect([c, await refusal(row(forged))]).toEqual([c, want]);
      expect([c, await refusal(row(forged), row(mine))]).toEqual([c, want]);
      expect([c, await refusal(row(mine), row(forged))]).toEqual([c, want]);
    }
    expect(await refusal(row(mine))).toBe("ok");
    expect(await refusal(row(mine), row(mine), row(mine))).toBe("ok");
    // no such tenant: refused alone and among others
    const stranger = sql`('no-such-tenant', 'test', ${sql.join(cols.map(() => sql`null::uuid`))})`;
    expect(await refusal(stranger)).toBe("INVALID_REFERENCE cadence_event_log_client_id_tenant");
    expect(await refusal(row(mine), stranger)).toBe("INVALID_REFERENCE cadence_event_log_client_id_tenant");
  });

  it("refuses an event of another tenant's contact, or of no tenant; keeps a contact and a tenant its events name (0331)", async () => {
    const ev = (clientId: string, contactId: string | null) =>
      code(
        sql`insert into cadence_event_log (client_id, contact_id, event_type)
               values (${clientId}, ${contactId}::uuid, 'test')`.execute(db),
      );
    expect(await ev(a.clientId, contactB)).toBe("INVALID_REFERENCE");
    expect(await ev(a.clientId, crypto.randomUUID())).toBe("INVALID_REFERENCE");
    expect(await ev("no-such-tenant", null)).toBe("INVALID_REFERENCE");
    expect(await ev(a.clientId, null)).toBe("ok");
    // the real one beside the forged ones, in one batch: the statement is refused as a whole
    const batch = await code(
      sql`insert into cadence_event_log (client_id, contact_id, event_type)
          values (${a.clientId}, ${contactA}::uuid, 'test'), (${a.clientId}, ${contactB}::uuid, 'test')`.execute(
        db,
      ),
    );
    expect(batch).toBe("INVALID_REFERENCE");
    expect(await ev(a.clientId, contactA)).toBe("ok");
    // the parents the events name stay: no delete, no new key, no TRUNCATE (cascade or not)
    const kept = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => undefined,
        (x: { code?: string; constraint?: string }) => x,
      );
      return [e?.code, constraintOf(e), mapDbError(e)?.code];
    };
    expect(
      await kept(
        sql`delete from contacts where client_id = ${a.clientId} and contact_id = ${contactA}::uuid`.execute(
          db,
        ),
      ),
    ).toEqual(["23503", "cadence_event_log_contact_id_tenant", "INVALID_REFERENCE"]);
    expect(
      await kept(
        sql`update contacts set contact_id = ${crypto.randomUUID()}::uuid
             where client_id = ${a.clientId} and contact_id = ${contactA}::uuid`.execute(db),
      ),
    ).toEqual(["23503", "cadence_event_log_contact_id_tenant", "INVALID_REFERENCE"]);
    expect((await kept(sql`truncate contacts cascade`.execute(db)))[0]).toMatch(/^(23503|BC900)$/);
    expect((await kept(sql`delete from clients where client_id = ${a.clientId}`.execute(db)))[0]).toBe(
      "23503",
    );
    // a contact no event names may still go (its own row only: it has no enrollment)
    const lone = (
      await sql<{ contact_id: string }>`
        insert into contacts (client_id, full_name, email) values (${a.clientId}, 'Lone', ${`lone-${a.clientId}@example.test`})
        returning contact_id`.execute(db)
    ).rows[0].contact_id;
    expect(
      await code(
        sql`delete from contacts where client_id = ${a.clientId} and contact_id = ${lone}::uuid`.execute(db),
      ),
    ).toBe("ok");
  });

  it("refuses a send item or an outbox row of another tenant's rows, or of no tenant; keeps the parents they name (0334)", async () => {
    const own = async (t: Tenant, name: string) => {
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
    const mine = await own(a, "items_a");
    const theirs = await own(b, "items_b");
    let n = 0;
    const refusedBy = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (x: { code?: string; constraint?: string }) => `${x.code} ${constraintOf(x)}`,
      );
    const row = (r: { contact: string; campaign: string; enrollment: string }) =>
      sql`(${a.clientId}, ${r.contact}::uuid, ${r.campaign}::uuid, ${r.enrollment}::uuid, 1, 'email', now(), ${`refs-${n++}`})`;
    const items = (...rows: ReturnType<typeof row>[]) =>
      code(
        sql`insert into sales_send_queue (client_id, contact_id, campaign_id, enrollment_id, step_number, channel,
                                          scheduled_at, idempotency_key)
            values ${sql.join(rows)}`.execute(db),
      );
    expect(await items(row({ ...mine, contact: theirs.contact }))).toBe("INVALID_REFERENCE");
    expect(await items(row({ ...mine, campaign: theirs.campaign }))).toBe("INVALID_REFERENCE");
    expect(await items(row({ ...mine, enrollment: theirs.enrollment }))).toBe("INVALID_REFERENCE");
    expect(await items(row({ ...mine, enrollment: crypto.randomUUID() }))).toBe("INVALID_REFERENCE");
    // the real one beside a forged one, in one batch: the statement is refused as a whole
    expect(await items(row(mine), row({ ...mine, contact: theirs.contact }))).toBe("INVALID_REFERENCE");
    expect(await items(row(mine), row(mine))).toBe("ok");
    // the item's play and proposal (0335: by the statement trigger, no longer foreign keys)
    const [myPlay] = await playsUnderReview(db, a, 1, { segment: "seg_a" });
    const [theirPlay] = await playsUnderReview(db, b, 1, { segment: "seg_a" });
    const proposalOf = async (t: Tenant, play: string) =>
      (
        await sql<{ id: string }>`select originating_proposal_id as id from plays
                                  where client_id = ${t.clientId} and play_id = ${play}::uuid`.execute(db)
      ).rows[0].id;
    const [myProposal, theirProposal] = [await proposalOf(a, myPlay), await proposalOf(b, theirPlay)];
    const lineaged = (play: string | null, proposal: string | null) =>
      sql`(${a.clientId}, ${mine.contact}::uuid, ${mine.campaign}::uuid, ${mine.enrollment}::uuid, 1, 'email', now(),
           ${`refs-${n++}`}, ${play}::uuid, ${proposal}::uuid)`;
    const lineagedItems = (...rows: ReturnType<typeof lineaged>[]) =>
      code(
        sql`insert into sales_send_queue (client_id, contact_id, campaign_id, enrollment_id, step_number, channel,
                                          scheduled_at, idempotency_key, play_id, originating_proposal_id)
            values ${sql.join(rows)}`.execute(db),
      );
    expect(await lineagedItems(lineaged(theirPlay, null))).toBe("INVALID_REFERENCE");
    expect(await lineagedItems(lineaged(null, theirProposal))).toBe("INVALID_REFERENCE");
    expect(await lineagedItems(lineaged(myPlay, myProposal), lineaged(theirPlay, myProposal))).toBe(
      "INVALID_REFERENCE",
    );
    expect(await lineagedItems(lineaged(myPlay, myProposal), lineaged(null, null))).toBe("ok");
    expect(await lineagedItems(lineaged(myPlay, myProposal))).toBe("ok");
    // a proposal an item names keeps its key (a play's: test/plays/plays-lifecycle-signals.test.ts, archived
    // cold plays; plays are never deleted otherwise, BP013)
    expect(
      await refusedBy(
        sql`update brain_proposals set proposal_id = ${crypto.randomUUID()}::uuid
             where client_id = ${a.clientId} and proposal_id = ${myProposal}::uuid`.execute(db),
      ),
    ).toBe("23503 sales_send_queue_originating_proposal_id_tenant");
    // moved to another tenant's contact by an update: checked row by row
    expect(
      await code(
        sql`update sales_send_queue set contact_id = ${theirs.contact}::uuid
             where client_id = ${a.clientId} and contact_id = ${mine.contact}::uuid`.execute(db),
      ),
    ).toBe("INVALID_REFERENCE");
    const outbox = (clientId: string, contactId: string) =>
      sql`(${clientId}, ${contactId}::uuid, 'upsert_contact', '{}'::jsonb)`;
    const crm = (...rows: ReturnType<typeof outbox>[]) =>
      code(
        sql`insert into crm_outbox (client_id, contact_id, op, payload) values ${sql.join(rows)}`.execute(db),
      );
    expect(await crm(outbox(a.clientId, theirs.contact))).toBe("INVALID_REFERENCE");
    expect(await crm(outbox("no-such-tenant", theirs.contact))).toBe("INVALID_REFERENCE");
    expect(await crm(outbox(a.clientId, mine.contact), outbox(a.clientId, crypto.randomUUID()))).toBe(
      "INVALID_REFERENCE",
    );
    expect(await crm(outbox(a.clientId, mine.contact), outbox(a.clientId, mine.contact))).toBe("ok");

    // the parents they name stay: no delete, no new key, no TRUNCATE
    const refused = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => undefined,
        (x: { code?: string; constraint?: string }) => x,
      );
      return [e?.code, constraintOf(e)];
    };
    expect(
      await refused(
        sql`delete from campaign_contacts where client_id = ${a.clientId} and id = ${mine.enrollment}::uuid`.execute(
          db,
        ),
      ),
    ).toEqual(["23503", "sales_send_queue_enrollment_id_tenant"]);
    expect(
      await refused(
        sql`update campaigns set id = ${crypto.randomUUID()}::uuid
             where client_id = ${a.clientId} and id = ${mine.campaign}::uuid`.execute(db),
      ),
    ).toEqual(["23503", "sales_send_queue_campaign_id_tenant"]);
    expect((await refused(sql`truncate campaign_contacts cascade`.execute(db)))[0]).toMatch(
      /^(23503|BC900)$/,
    );
    // a contact only the outbox names
    const outboxOnly = (
      await sql<{ contact_id: string }>`
        insert into contacts (client_id, full_name, email) values (${a.clientId}, 'Outbox Only', ${`outbox-${a.clientId}@example.test`})
        returning contact_id`.execute(db)
    ).rows[0].contact_id;
    expect(await crm(outbox(a.clientId, outboxOnly))).toBe("ok");
    expect(
      await refused(
        sql`delete from contacts where client_id = ${a.clientId} and contact_id = ${outboxOnly}::uuid`.execute(
          db,
        ),
      ),
    ).toEqual(["23503", "crm_outbox_contact_id_tenant"]);
    // a tenant only the outbox names
    await sql`insert into clients (client_id, name) values ('refs-outbox-only', 'Outbox Only')`.execute(db);
    const itsContact = (
      await sql<{ contact_id: string }>`
        insert into contacts (client_id, full_name, email) values ('refs-outbox-only', 'Its Contact', 'its@example.test')
        returning contact_id`.execute(db)
    ).rows[0].contact_id;
    expect(await crm(outbox("refs-outbox-only", itsContact))).toBe("ok");
    expect(await refused(sql`delete from clients where client_id = 'refs-outbox-only'`.execute(db))).toEqual([
      "23503",
      "crm_outbox_client_id_tenant",
    ]);
  });

  it("refuses another tenant's ids through the composite foreign keys and the row triggers", async () => {
    expect(
      await code(
        sql`update contacts set active_sequence_id = ${enrollmentB}::uuid
                      where client_id = ${a.clientId} and contact_id = ${contactA}::uuid`.execute(db),
      ),
    ).toBe("INVALID_REFERENCE");
    expect(
      await code(
        sql`insert into crm_outbox (client_id, contact_id, op, payload)
                      values (${a.clientId}, ${contactB}::uuid, 'upsert_contact', '{}'::jsonb)`.execute(db),
      ),
    ).toBe("INVALID_REFERENCE");
    expect(
      await code(
        sql`insert into crm_links (client_id, adapter, kind, baton_id, external_id)
                      values (${a.clientId}, 'builtin', 'deal', ${enrollmentB}::uuid, 'x')`.execute(db),
      ),
    ).toBe("INVALID_REFERENCE");
    expect(
      await code(
        sql`insert into crm_links (client_id, adapter, kind, baton_id, external_id)
                      values (${a.clientId}, 'builtin', 'contact', ${contactA}::uuid, 'x')`.execute(db),
      ),
    ).toBe("ok");
    // a hand-off of tenant B routed (its JSON arrays of ids) into A's rows, or into its own
    const routed = (campaigns: string[], enrollments: string[]) =>
      code(
        sql`insert into campaign_handoffs (client_id, contact_id, from_enrollment_id, from_campaign_id,
                                           exit_reason, gate_role, status, decided_at, routed_campaign_ids,
                                           routed_enrollment_ids)
            values (${b.clientId}, ${contactB}::uuid, ${enrollmentB}::uuid, ${campaignB}::uuid, 'meeting',
                    'exec', 'routed', now(), ${JSON.stringify(campaigns)}::jsonb, ${JSON.stringify(enrollments)}::jsonb)`.execute(
          db,
        ),
      );
    const campaignA = (
      await sql<{ id: string }>`
        insert into campaigns (client_id, slug, name, type, owner_role, kind, on_exit)
        values (${a.clientId}, 'refs', 'refs', 'membership', 'roles.sales', 'sales', '{}'::jsonb) returning id`.execute(
        db,
      )
    ).rows[0].id;
    expect(await routed([campaignB, campaignA], [])).toBe("INVALID_REFERENCE");
    const enrollmentA = (
      await sql<{ id: string }>`
        insert into campaign_contacts (client_id, campaign_id, contact_id, status, sequence_type)
        values (${a.clientId}, ${campaignA}::uuid, ${contactA}::uuid, 'queued', 'sales') returning id`.execute(
        db,
      )
    ).rows[0].id;
    expect(await routed([campaignB], [enrollmentB, enrollmentA])).toBe("INVALID_REFERENCE");
    expect(await routed([campaignB, campaignB], [enrollmentB])).toBe("ok");
  });
}

describe("tenant references (PGlite)", () => {
  suite(testDatabase);
});

describeMultiConnection("tenant references (PostgreSQL)", () => {
  suite(() => serverDatabase(2));
});
