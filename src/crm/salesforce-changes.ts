// Changes made in Salesforce, read back by polling (its REST API has no signed webhooks; Outbound
// Messages are SOAP and unsigned). Two feeds per poll:
//   1. SOQL on Contact by SystemModstamp, keyset-ordered (SystemModstamp, Id) so a poll that stops
//      after `maxPages` batches, or two contacts changed in the same second, lose nothing:
//        SELECT Id, HasOptedOutOfEmail, OwnerId[, <lifecycle field>], SystemModstamp FROM Contact
//        WHERE SystemModstamp > :t OR (SystemModstamp = :t AND Id > :id) ORDER BY SystemModstamp, Id
//      The cursor stays behind changes younger than a minute, which the next poll reads again.
//      Each changed contact reports its current state: opted_out when HasOptedOutOfEmail is true,
//      owner_changed (OwnerId), lifecycle_changed (the configured field, when one is).
//   2. GET /sobjects/Contact/deleted/?start=&end= → deleted; the next window starts at the answer's
//      latestDateCovered (Salesforce keeps deleted ids 30 days, at minute precision).
//   3. ContactHistory by (CreatedDate, Id), the same way (salesforce-history.ts): title changes and
//      the job changes Salesforce's field history proves.
//   4. OpportunityFieldHistory (StageName) by (CreatedDate, Id), the same way
//      (salesforce-deal-stages.ts): stages people set, for the opportunity's contact roles.
// The cursor is JSON {m, id, d, h, hid, o, oid}: the last (SystemModstamp, Id) seen, the deleted
// feed's start, the last contact history row seen and the last opportunity history row seen.
import type { CrmChange } from "./crm-adapter.ts";
import { readOpportunityStages } from "./salesforce-deal-stages.ts";
import { readContactHistory } from "./salesforce-history.ts";
import type { SalesforceRest } from "./salesforce-rest.ts";
import { isSalesforceId, soqlDateTime, soqlField, soqlString } from "./salesforce-soql.ts";

interface Cursor {
  m: Date;
  id: string;
  d: Date;
  /** the last ContactHistory row read (CreatedDate, Id) */
  h: Date;
  hid: string;
  /** the last OpportunityFieldHistory row read (CreatedDate, Id) */
  o: Date;
  oid: string;
}

const DELETED_WINDOW_MS = 29 * 86_400_000;
/** How old a change must be before the cursor moves past it (second precision, clock skew). */
const SETTLE_MS = 60_000;

/** A stored cursor, checked (it is pasted into SOQL as literals); null or unreadable → the last 29 days. */
export function decodeCursor(raw: string | null, now: Date): Cursor {
  const floor = new Date(now.getTime() - DELETED_WINDOW_MS);
  try {
    const j = raw ? JSON.parse(raw) : null;
    const m = new Date(j?.m);
    const d = new Date(j?.d);
    const id = String(j?.id ?? "");
    // a cursor of before the history feed starts it at the floor (the last 29 days)
    const h = j?.h ? new Date(j.h) : floor;
    const hid = String(j?.hid ?? "");
    const o = j?.o ? new Date(j.o) : floor;
    const oid = String(j?.oid ?? "");
    const ok = (x: Date) => !Number.isNaN(x.getTime());
    const okId = (x: string) => x === "" || isSalesforceId(x);
    const atLeast = (x: Date) => (x < floor ? floor : x);
    if (ok(m) && ok(d) && ok(h) && ok(o) && okId(id) && okId(hid) && okId(oid))
      return { m, id, d: atLeast(d), h: atLeast(h), hid, o: atLeast(o), oid };
  } catch {}
  return { m: floor, id: "", d: floor, h: floor, hid: "", o: floor, oid: "" };
}

export function encodeCursor(c: Cursor): string {
  return JSON.stringify({
    m: c.m.toISOString(),
    id: c.id,
    d: c.d.toISOString(),
    h: c.h.toISOString(),
    hid: c.hid,
    o: c.o.toISOString(),
    oid: c.oid,
  });
}

interface ContactRow {
  Id: string;
  HasOptedOutOfEmail: boolean;
  OwnerId: string | null;
  SystemModstamp: string;
  [field: string]: unknown;
}

export async function readSalesforceChanges(
  rest: SalesforceRest,
  clientId: string,
  rawCursor: string | null,
  opts: { now: Date; lifecycleField?: string; maxPages?: number },
): Promise<{ changes: CrmChange[]; cursor: string }> {
  const cursor = decodeCursor(rawCursor, opts.now);
  const lifecycle = opts.lifecycleField ? soqlField(opts.lifecycleField) : null;
  const t = soqlDateTime(cursor.m);
  const soql =
    `SELECT Id, HasOptedOutOfEmail, OwnerId${lifecycle ? `, ${lifecycle}` : ""}, SystemModstamp FROM Contact` +
    ` WHERE SystemModstamp > ${t} OR (SystemModstamp = ${t} AND Id > ${soqlString(cursor.id)})` +
    " ORDER BY SystemModstamp, Id";
  const { records } = await rest.query<ContactRow>(clientId, soql, opts.maxPages ?? 10);
  const changes: CrmChange[] = [];
  let { m, id } = cursor;
  const settled = opts.now.getTime() - SETTLE_MS;
  let advancing = true;
  for (const r of records) {
    const occurredAt = new Date(r.SystemModstamp);
    if (r.HasOptedOutOfEmail) changes.push({ externalContactId: r.Id, kind: "opted_out", occurredAt });
    if (r.OwnerId)
      changes.push({ externalContactId: r.Id, kind: "owner_changed", value: r.OwnerId, occurredAt });
    const stage = lifecycle ? r[lifecycle] : null;
    if (typeof stage === "string" && stage)
      changes.push({ externalContactId: r.Id, kind: "lifecycle_changed", value: stage, occurredAt });
    // the cursor passes only settled records: one changed again within its SystemModstamp's second
    // would otherwise sort at or below the cursor and be missed; a recent one is read again next
    // time (applying a change twice is a no-op)
    if (advancing && occurredAt.getTime() <= settled) {
      m = occurredAt;
      id = r.Id;
    } else advancing = false;
  }

  const deleted = await rest.call<{
    deletedRecords: Array<{ id: string; deletedDate: string }>;
    latestDateCovered: string;
  }>(
    clientId,
    "GET",
    `/sobjects/Contact/deleted/?start=${encodeURIComponent(soqlDateTime(cursor.d))}&end=${encodeURIComponent(soqlDateTime(opts.now))}`,
  );
  for (const r of deleted.deletedRecords)
    changes.push({ externalContactId: r.id, kind: "deleted", occurredAt: new Date(r.deletedDate) });
  const covered = new Date(deleted.latestDateCovered);
  const d = Number.isNaN(covered.getTime()) || covered < cursor.d ? cursor.d : covered;
  const history = await readContactHistory(
    rest,
    clientId,
    { t: cursor.h, id: cursor.hid },
    { settled, maxPages: opts.maxPages },
  );
  changes.push(...history.changes);
  const stages = await readOpportunityStages(
    rest,
    clientId,
    { t: cursor.o, id: cursor.oid },
    { settled, maxPages: opts.maxPages },
  );
  changes.push(...stages.changes);
  return {
    changes,
    cursor: encodeCursor({
      m,
      id,
      d,
      h: history.cursor.t,
      hid: history.cursor.id,
      o: stages.cursor.t,
      oid: stages.cursor.id,
    }),
  };
}
