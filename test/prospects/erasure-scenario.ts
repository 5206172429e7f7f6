// The erasure test's scenario (issue 15 "Must show"), run on PGlite and on PostgreSQL: a contact
// with touches, drafts, replies, CRM writes (built-in applied, Attio through the stand-in), ledger
// rows and mentions elsewhere; erased; then every text/varchar/jsonb/text[] column of every table
// is scanned for their email and names.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { expect } from "vitest";
import { enrollContact } from "../../src/campaigns/enroll-contact.ts";
import { requestActivation } from "../../src/coordinator/index.ts";
import { AttioCrm } from "../../src/crm/attio-crm.ts";
import { BuiltinCrm } from "../../src/crm/builtin-crm.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import type { DB } from "../../src/db/database.ts";
import { eraseContact } from "../../src/prospects/erase-contact.ts";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { makeAccount, makeCampaign, makeContact, makeSendItem } from "../coordinator/support/fixtures.ts";
import { gateSend, recordTouch } from "../coordinator/support/send-one.ts";
import { startAttioStandIn } from "../support/attio-stand-in.ts";
import { createTenant } from "../support/tenant.ts";

const SECRET = "erasure-test-secret";

/**
 * Every text-like column of every table, searched case-insensitively for each needle: one scan per
 * table, counting every column and needle at once (the server's test database holds every suite's
 * rows, and a scan per column and needle took over a minute there).
 */
export async function scanForPersonalData(db: Kysely<DB>, needles: string[]) {
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
       and (c.data_type in ('text', 'character varying', 'jsonb', 'json', 'character')
            or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))
     order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, typeof cols.rows>();
  for (const c of cols.rows) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c]);
  const hits: string[] = [];
  for (const [table, columns] of byTable) {
    const checks = columns.flatMap((c) =>
      needles.map((n) => ({
        what: `${table}.${c.column_name} has '${n}'`,
        expr:
          c.data_type === "ARRAY"
            ? sql`array_to_string(${sql.ref(c.column_name)}, ' ')`
            : sql`${sql.ref(c.column_name)}::text`,
        needle: n.toLowerCase(),
      })),
    );
    const counts = sql.join(
      checks.map(
        (k, i) =>
          sql`count(*) filter (where strpos(lower(${k.expr}), ${k.needle}) > 0)::int as ${sql.ref(`n${i}`)}`,
      ),
    );
    const r = await sql<Record<string, number>>`select ${counts} from ${sql.table(table)}`.execute(db);
    checks.forEach((k, i) => {
      const n = r.rows[0][`n${i}`];
      if (n > 0) hits.push(`${k.what} (${n} rows)`);
    });
  }
  return hits;
}

export async function erasureScenario(db: Kysely<DB>) {
  const t = await createTenant(db, "erase");
  const tag = randomUUID().slice(0, 6);
  const first = `Zephyrine${tag}`;
  const last = `Quillfeather${tag}`;
  const email = `${first}.${last}@example.org`.toLowerCase();
  const now = new Date("2026-03-10T12:00:00Z");
  const attio = await startAttioStandIn();
  try {
    const account = await makeAccount(db, t.clientId, { tier: "T1" });
    const contact = await makeContact(db, t.clientId, { accountId: account });
    const colleague = await makeContact(db, t.clientId, { accountId: account });
    await db
      .updateTable("contacts")
      .set({
        full_name: `${first} ${last}`,
        email,
        title: "Head of Ops",
        linkedin_url: `https://linkedin.example/in/${first}`,
      })
      .where("contact_id", "=", contact)
      .execute();
    // touches: an enrollment with two sent items and a touch each (the colleague one too)
    const campaign = await makeCampaign(db, t.clientId, "transactional", { steps: [0, 1] });
    const en = await db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
          now,
        ),
      );
    const enrollmentId = en.enrollmentId!;
    const items: string[] = [];
    for (const c of [contact, colleague]) {
      const e =
        c === contact
          ? enrollmentId
          : (
              await db
                .transaction()
                .execute((tx) =>
                  requestActivation(
                    tx,
                    { clientId: t.clientId, contactId: c, campaignId: campaign, requestedBy: null },
                    now,
                  ),
                )
            ).enrollmentId!;
      const item = await makeSendItem(db, t.clientId, e, now);
      await db.transaction().execute(async (tx) => {
        expect((await gateSend(tx, { clientId: t.clientId, sendItemId: item }, now)).action).toBe("allow");
        await tx
          .updateTable("sales_send_queue")
          .set({ status: "sent", sent_at: now })
          .where("id", "=", item)
          .execute();
        await recordTouch(tx, { clientId: t.clientId, sendItemId: item }, now);
      });
      items.push(item);
    }
    const item = items[0];
    const key = (
      await db
        .selectFrom("sales_send_queue")
        .select("idempotency_key")
        .where("id", "=", item)
        .executeTakeFirstOrThrow()
    ).idempotency_key;
    // drafts (one sent, one pending on a new item)
    const body = `Hi ${first}, following up on ${last} & Co. Reply to ${email}.`;
    const d1 = await db
      .insertInto("staged_drafts")
      .values({
        client_id: t.clientId,
        send_item_id: item,
        channel: "email",
        to_id: email,
        subject: `For ${first}`,
        body,
        original_body: body,
        context: JSON.stringify({ contact: { name: `${first} ${last}`, email } }),
        drafted_by: "template",
        status: "approved",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.updateTable("sales_send_queue").set({ staged_draft_id: d1.id }).where("id", "=", item).execute();
    // the send ledger and the dev mailbox
    await db
      .insertInto("channel_deliveries")
      .values({
        idempotency_key: key,
        client_id: t.clientId,
        transport: "dev",
        mailbox: "sales@baton.test",
        to_address: email,
        subject: `For ${first}`,
        status: "sent",
        message_id: `<m-${tag}@baton.test>`,
      })
      .execute();
    await db
      .insertInto("dev_email_outbox")
      .values({
        client_id: t.clientId,
        idempotency_key: key,
        message_id: `<m-${tag}@baton.test>`,
        mailbox: "sales@baton.test",
        to_address: email,
        subject: `For ${first}`,
        body,
        headers: JSON.stringify({ To: `${first} ${last} <${email}>` }),
      })
      .execute();
    // a reply, with an event that quotes it
    await db
      .insertInto("campaign_replies")
      .values({
        client_id: t.clientId,
        contact_id: contact,
        enrollment_id: enrollmentId,
        message_id: `<r-${tag}@example.org>`,
        received_at: now,
        body: `Thanks! — ${first} ${last}, ${email}`,
        intent: "other",
        confidence: 0.9,
        classified_by: "rules",
        action: "continued",
      })
      .execute();
    // a referral they made, decided in triage with a person's note (issue 56, 0340): the colleague
    // they named and the note go with their reply
    const referred = { name: `Rita ${tag}referred`, email: `rita.${tag}@colleague.example` };
    await db
      .insertInto("campaign_replies")
      .values({
        client_id: t.clientId,
        contact_id: contact,
        enrollment_id: enrollmentId,
        message_id: `<r2-${tag}@example.org>`,
        received_at: now,
        body: `Please talk to ${referred.name} <${referred.email}> instead.`,
        intent: "referral",
        confidence: 0.8,
        classified_by: "rules",
        action: "held",
        triage: "decided",
        referral: JSON.stringify(referred),
        decision: "continue",
        decided_intent: "other",
        decision_details: JSON.stringify({
          notes: `${referred.name} left; ${first} asked twice`,
          until: null,
        }),
        decided_by_principal_id: t.revops.principalId,
        decided_at: now,
      })
      .execute();
    await db
      .insertInto("cadence_event_log")
      .values({
        client_id: t.clientId,
        occurred_at: now,
        contact_id: contact,
        account_id: account,
        event_type: "reply",
        details: JSON.stringify({ from: email, excerpt: `${first} says hi`, signature: last }),
      })
      .execute();
    // a notification and an idempotent response that mention them
    await db
      .insertInto("notification_outbox")
      .values({
        client_id: t.clientId,
        kind: "reply.received",
        recipient_kind: "role",
        recipient: "rep",
        payload: JSON.stringify({ contact: `${first} ${last}`, email }),
      })
      .execute();
    // CRM writes: the built-in record is applied; Attio gets the same person
    await enqueueCrmWrite(db, t.clientId, { op: "upsert_contact", contactId: contact });
    await enqueueCrmWrite(db, t.clientId, {
      op: "log_activity",
      contactId: contact,
      channel: "email",
      contentType: "follow_up",
      occurredAt: now.toISOString(),
      note: body,
    });
    const builtin = new BuiltinCrm(db);
    await drainCrmOutbox(db, builtin, new Date(now.getTime() + 1000), { clientId: t.clientId });
    const attioCrm = new AttioCrm({ baseUrl: attio.baseUrl, apiKey: attio.apiKey });
    const { externalId } = await attioCrm.upsertContact(t.clientId, {
      contactId: contact,
      externalId: null,
      fullName: `${first} ${last}`,
      email,
      company: null,
    });
    await db
      .insertInto("crm_links")
      .values({
        client_id: t.clientId,
        adapter: "attio",
        kind: "contact",
        baton_id: contact,
        external_id: externalId,
      })
      .execute();
    await enqueueCrmWrite(db, t.clientId, {
      op: "log_activity",
      contactId: contact,
      channel: "email",
      contentType: "close",
      occurredAt: now.toISOString(),
      note: `pending note for ${first}`,
    });
    expect(attio.records.has(externalId)).toBe(true);

    const needles = [email, first, last];
    expect((await scanForPersonalData(db, needles)).length).toBeGreaterThan(5);
    const accountTouches = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from cadence_event_log where client_id = ${t.clientId}
          and account_id = ${account} and event_type = 'touch' and occurred_at > ${new Date(now.getTime() - 7 * 86400_000)}`.execute(
          db,
        )
      ).rows[0].n;
    const eventsBefore = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from cadence_event_log where client_id = ${t.clientId}`.execute(db)
    ).rows[0].n;
    const touchesBefore = await accountTouches();
    expect(touchesBefore).toBe(2);

    // a rep may not erase; RevOps may
    await expect(
      eraseContact(
        db,
        t.rep,
        { contactId: contact, requestReference: "DSR-1" },
        { secret: SECRET, crm: "attio" },
        now,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN_ROLE" });
    const r = await eraseContact(
      db,
      t.revops,
      { contactId: contact, requestReference: `DSR-${tag}` },
      { secret: SECRET, crm: "attio" },
      now,
    );
    expect(r).toMatchObject({ contact_ids: [contact], crm_erasure_queued: true, not_redacted: [] });

    // the CRM erasure goes out through the outbox: Attio's record is deleted
    const drained = await drainCrmOutbox(db, attioCrm, new Date(now.getTime() + 2000), {
      clientId: t.clientId,
    });
    expect(drained.dead).toBe(0);
    expect(attio.records.has(externalId)).toBe(false);
    expect(attio.requests.some((q) => q.method === "DELETE" && q.path.endsWith(externalId))).toBe(true);

    // nothing of them anywhere
    expect(await scanForPersonalData(db, needles)).toEqual([]);
    // nor whom their reply named, nor the note on its triage; the decision stays a labelled example
    expect(await scanForPersonalData(db, [referred.email, referred.name])).toEqual([]);
    const decided = await db
      .selectFrom("campaign_replies")
      .select(["referral", "decision", "decided_intent", "decision_details"])
      .where("client_id", "=", t.clientId)
      .where("intent", "=", "referral")
      .executeTakeFirstOrThrow();
    expect(decided).toEqual({
      referral: null,
      decision: "continue",
      decided_intent: "other",
      decision_details: { until: null },
    });
    // counts and caps stay true
    expect(await accountTouches()).toBe(touchesBefore);
    const eventsAfter = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from cadence_event_log where client_id = ${t.clientId}
        and event_type <> 'suppressed'`.execute(db)
    ).rows[0].n;
    expect(eventsAfter).toBe(eventsBefore);
    // the log holds who, when, what reference, and no personal data
    const log = await db.selectFrom("erasure_log").selectAll().where("client_id", "=", t.clientId).execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      contact_id: contact,
      request_reference: `DSR-${tag}`,
      requested_by_principal_id: t.revops.principalId,
    });
    // re-import: refused, whatever the case or plus-tag of the address
    const csv = `Email,First,Last\n${email.toUpperCase()},${first},${last}\n`;
    const again = await runImport(
      db,
      t.revops,
      {
        kind: "contacts",
        csv,
        mapping: { email: "Email", first_name: "First", last_name: "Last" },
        dryRun: false,
        onDuplicate: "update",
      },
      { secret: SECRET },
      now,
    );
    expect(again.report).toEqual([expect.objectContaining({ action: "refused", reason: "erased" })]);
    // enrolling the erased contact: CONTACT_ERASED
    await expect(enrollContact(db, t.revops, { campaign, contactId: contact }, now)).rejects.toMatchObject({
      code: "CONTACT_ERASED",
    });
    // the event log is still append-only outside erasure
    await expect(
      sql`update cadence_event_log set details = '{}' where client_id = ${t.clientId}`.execute(db),
    ).rejects.toMatchObject({ code: "BC900" });
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`select set_config('baton.erasure', 'on', true)`.execute(tx);
        await sql`update cadence_event_log set occurred_at = now() where client_id = ${t.clientId}`.execute(
          tx,
        );
      }),
    ).rejects.toMatchObject({ code: "BC900" });
    // a second erasure is refused
    await expect(
      eraseContact(
        db,
        t.admin,
        { contactId: contact, requestReference: "again" },
        { secret: SECRET, crm: "attio" },
        now,
      ),
    ).rejects.toMatchObject({ code: "ALREADY_ERASED" });
  } finally {
    await attio.close();
  }
}
