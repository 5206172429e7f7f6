// What erasure tests look for on disk (issue 36 item 17, issue 58 Deliver 3): the erased person's
// words in the bytes of a data directory's files (tables, WAL) or of a backup, and the state the
// review's database was in: planner statistics gathered before 0358 kept personal columns out.
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../src/db/database.ts";
import { PERSONAL_COLUMNS, PERSONAL_INDEX_EXPRESSIONS } from "../../src/prospects/personal-columns.ts";
import { makeAccount } from "../coordinator/support/fixtures.ts";
import type { Tenant } from "../support/tenant.ts";

/** Occurrences of each needle in the bytes (as written: a byte search over the raw buffer). */
export function count(bytes: Buffer, needles: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of needles) {
    let i = 0;
    let c = 0;
    const b = Buffer.from(n);
    for (;;) {
      i = bytes.indexOf(b, i);
      if (i < 0) break;
      c++;
      i += b.length;
    }
    out[n] = c;
  }
  return out;
}

/** The files under dir (relative paths) holding any needle; files that vanish while read are passed over. */
export function filesWith(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue; // a server's file removed between the listing and the read (a recycled WAL segment)
    }
    const found = count(bytes, needles);
    if (Object.values(found).some((n) => n > 0)) hits.push(path.relative(dir, file));
  }
  return hits;
}

/**
 * The review's database: statistics of the tables' personal columns gathered as before 0358 (the
 * default target), then the targets back to 0. ANALYZE then copies the person into pg_statistic.
 */
export async function statisticsAsBefore0358(db: Kysely<DB>, tables: string[]): Promise<void> {
  const target = async (n: number) => {
    for (const t of tables) {
      const cols = PERSONAL_COLUMNS[t] ?? [];
      if (cols.length > 0)
        await sql
          .raw(`alter table ${t} ${cols.map((c) => `alter column ${c} set statistics ${n}`).join(", ")}`)
          .execute(db);
      for (const [index, positions] of Object.entries(PERSONAL_INDEX_EXPRESSIONS)) {
        if (!index.startsWith(`${t}_`)) continue;
        for (const p of positions)
          await sql.raw(`alter index ${index} alter column ${p} set statistics ${n}`).execute(db);
      }
    }
  };
  await target(-1);
  for (const t of tables) await sql.raw(`analyze ${t}`).execute(db);
  await target(0);
}

/** The person: a contact with a CRM record (their company), event-log mentions, and earlier versions of each. */
export async function person(db: Kysely<DB>, t: Tenant, tag: string) {
  const first = `Ottoline${tag}`;
  const last = `Brackenbury${tag}`;
  const email = `${first}.${last}@erased.example`.toLowerCase();
  const company = `Quasimodal${tag} Industries`;
  const account = await makeAccount(db, t.clientId);
  const c = await sql<{ contact_id: string }>`
    insert into contacts (client_id, account_id, full_name, email, title)
    values (${t.clientId}, ${account}, ${`${first} ${last}`}, ${email}, 'Head of Ops') returning contact_id`.execute(
    db,
  );
  const contactId = c.rows[0].contact_id;
  for (const title of ["VP Ops", "COO", "Head of Operations"])
    await sql`update contacts set title = ${title} where contact_id = ${contactId}`.execute(db);
  await sql`insert into crm_contacts (client_id, contact_id, full_name, email, company)
            values (${t.clientId}, ${contactId}, ${`${first} ${last}`}, ${email}, ${company})`.execute(db);
  await sql`update crm_contacts set updated_at = now() where contact_id = ${contactId}`.execute(db);
  for (let i = 0; i < 3; i++)
    await sql`insert into cadence_event_log (client_id, contact_id, event_type, details)
              values (${t.clientId}, ${contactId}, 'note',
                      ${JSON.stringify({ note: `wrote to ${first} ${last} <${email}>` })}::jsonb)`.execute(
      db,
    );
  return { contactId, needles: [email, first, last, company] };
}
