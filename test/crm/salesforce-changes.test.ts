// Changes made in Salesforce read back by polling (stand-in): a keyset cursor on
// (SystemModstamp, Id) that loses nothing when a poll stops between batches or contacts change in
// the same second, the deleted-records feed, and a stored cursor that is not trusted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, readSalesforceChanges } from "../../src/crm/salesforce-changes.ts";
import type { SalesforceCrm } from "../../src/crm/salesforce-crm.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { connectedCrm } from "./salesforce-fixtures.ts";

let database: Database;
let sf: SalesforceStandIn;
let crm: SalesforceCrm;
let T: string;
const at = (iso: string) => {
  sf.clock = new Date(iso);
};
const add = async (name: string) =>
  (
    await crm.upsertContact(T, {
      contactId: name,
      externalId: null,
      fullName: name,
      email: null,
      company: null,
    })
  ).externalId;
const kinds = (cs: Array<{ externalContactId: string; kind: string; value?: string }>) =>
  cs.map((c) => `${c.externalContactId} ${c.kind}${c.value ? ` ${c.value}` : ""}`);

beforeAll(async () => {
  database = await testDatabase();
  sf = await startSalesforceStandIn({ customFields: { Contact: ["Lifecycle_Stage__c"] } });
  T = (await createTenant(database.db)).clientId;
  crm = await connectedCrm(database.db, sf, T, { lifecycleField: "Lifecycle_Stage__c" });
});
afterAll(async () => {
  await sf.close();
  await database.close();
});

describe("Salesforce readChanges", () => {
  it("reports opt-out, owner and lifecycle of changed contacts and deleted ones, once each", async () => {
    at("2026-03-02T09:00:00Z");
    const a = await add("Ann Ames");
    const b = await add("Ben Bo");
    const first = await crm.readChanges(T, null);
    expect(kinds(first.changes)).toEqual([
      `${a} owner_changed 005000000000001AAA`,
      `${b} owner_changed 005000000000001AAA`,
    ]);
    // younger than a minute: read again by the next poll, which then moves past them
    at("2026-03-02T09:01:30Z");
    const settled = await crm.readChanges(T, first.cursor);
    expect(kinds(settled.changes)).toEqual(kinds(first.changes));
    expect(kinds((await crm.readChanges(T, settled.cursor)).changes)).toEqual([]);

    // people working in Salesforce: Ann opts out, Ben gets a new owner and a lifecycle stage
    at("2026-03-02T09:05:10Z");
    sf.store.update("Contact", a, { HasOptedOutOfEmail: true });
    sf.store.update("Contact", b, { OwnerId: "005000000000002AAA", Lifecycle_Stage__c: "Customer" });
    at("2026-03-02T09:07:00Z");
    const second = await crm.readChanges(T, settled.cursor);
    expect(kinds(second.changes)).toEqual([
      `${a} opted_out`,
      `${a} owner_changed 005000000000001AAA`,
      `${b} owner_changed 005000000000002AAA`,
      `${b} lifecycle_changed Customer`,
    ]);
    expect(second.changes[0]?.occurredAt).toEqual(new Date("2026-03-02T09:05:10Z"));

    at("2026-03-02T09:08:20Z");
    sf.store.delete("Contact", b);
    at("2026-03-02T09:10:05Z");
    const third = await crm.readChanges(T, second.cursor);
    expect(kinds(third.changes)).toEqual([`${b} deleted`]);
    expect(third.changes[0]?.occurredAt).toEqual(new Date("2026-03-02T09:08:20Z"));
    at("2026-03-02T09:30:00Z");
    expect((await crm.readChanges(T, third.cursor)).changes).toEqual([]);
  });

  it("a poll cut after a few batches goes on where it stopped, through contacts changed in the same second", async () => {
    at("2026-03-03T08:00:00Z");
    const start = (await crm.readChanges(T, null)).cursor;
    at("2026-03-03T08:01:00Z");
    const ids = [];
    for (const n of ["C1", "C2", "C3", "C4", "C5"]) ids.push(await add(n));
    for (const id of ids) sf.store.update("Contact", id, { HasOptedOutOfEmail: true });
    at("2026-03-03T08:05:00Z");
    sf.pageSize = 2;
    try {
      const seen: string[] = [];
      let cursor = start;
      for (let poll = 0; poll < 4; poll++) {
        const r = await readSalesforceChanges(crm.rest, T, cursor, { now: sf.clock, maxPages: 1 });
        seen.push(...r.changes.filter((c) => c.kind === "opted_out").map((c) => c.externalContactId));
        cursor = r.cursor;
      }
      expect(seen).toEqual(ids);
    } finally {
      sf.pageSize = 2000;
    }
  });

  it("a contact changed again within the second the last poll saw is read again, not missed", async () => {
    at("2026-03-04T08:00:00Z");
    const before = (await crm.readChanges(T, null)).cursor;
    at("2026-03-04T08:02:00Z");
    const start = (await crm.readChanges(T, before)).cursor;
    const id = await add("Same Second");
    const seen = await crm.readChanges(T, start);
    expect(kinds(seen.changes)).toEqual([`${id} owner_changed 005000000000001AAA`]);
    // the same second (SystemModstamp is second-precise): the stamp and the Id are what the poll saw
    sf.store.update("Contact", id, { HasOptedOutOfEmail: true });
    at("2026-03-04T08:04:00Z");
    expect(kinds((await crm.readChanges(T, seen.cursor)).changes)).toContain(`${id} opted_out`);
  });

  it("a job change only when the field history proves it: Account and Email moved to the new account's domain", async () => {
    at("2026-03-10T08:00:00Z");
    const old = sf.store.create("Account", { Name: "OldCo", Website: "https://www.oldco.example" });
    const next = sf.store.create("Account", { Name: "NewCo", Website: "newco.example" });
    const contact = (last: string, email: string) =>
      sf.store.create("Contact", { LastName: last, Email: email, AccountId: old, Title: "CFO" });
    const ann = contact("Moves", "ann@oldco.example");
    const ben = contact("Renamed", "ben@oldco.example");
    const cy = contact("Personal", "cy@oldco.example");
    const start = (await crm.readChanges(T, null)).cursor;
    at("2026-03-10T09:00:00Z");
    sf.store.update("Contact", ann, { AccountId: next, Email: "ann@newco.example", Title: "CEO" });
    // a data fix: the account corrected, the address unchanged
    sf.store.update("Contact", ben, { AccountId: next });
    // an address at a mailbox provider names no company
    sf.store.update("Contact", cy, { AccountId: next, Email: "cy@gmail.com" });
    at("2026-03-10T09:05:00Z");
    const r = await crm.readChanges(T, start);
    const moves = r.changes.filter((c) => c.kind !== "owner_changed");
    expect(moves.map((c) => [c.externalContactId, c.kind, c.value ?? null, c.email ?? null])).toEqual([
      [ann, "company_changed", "newco.example", "ann@newco.example"],
      [ann, "title_changed", "CEO", null],
      [ben, "company_unconfirmed", "newco.example", null],
      [cy, "company_unconfirmed", "newco.example", null],
    ]);
    // each named by its ContactHistory row: read again, the same ids
    expect(moves.every((c) => /^017/.test(c.changeId ?? ""))).toBe(true);
    expect((await crm.readChanges(T, start)).changes.map((c) => c.changeId)).toEqual(
      r.changes.map((c) => c.changeId),
    );
    expect((await crm.readChanges(T, r.cursor)).changes.filter((c) => c.kind !== "owner_changed")).toEqual(
      [],
    );
  });

  it("the stand-in refuses what Salesforce refuses: writing ContactHistory, a field it lacks", async () => {
    expect(() => sf.store.create("ContactHistory", { Field: "Account" })).toThrow(/cannot be inserted/);
    await expect(crm.rest.query(T, "SELECT Id, SystemModstamp FROM ContactHistory")).rejects.toThrow(
      /INVALID_FIELD/,
    );
  });

  it("a stored cursor is checked before it goes into SOQL; anything else starts 29 days back", async () => {
    const now = new Date("2026-03-31T00:00:00Z");
    const floor = new Date("2026-03-02T00:00:00Z");
    for (const bad of [
      null,
      "not json",
      '{"m":"x","id":"","d":"x"}',
      `{"m":"2026-03-30T00:00:00Z","id":"' OR Id != '","d":"2026-03-30T00:00:00Z"}`,
      `{"m":"2026-03-30T00:00:00Z","id":"","d":"2026-03-30T00:00:00Z","h":"2026-03-30T00:00:00Z","hid":"' OR Id != '"}`,
      `{"m":"2026-03-30T00:00:00Z","id":"","d":"2026-03-30T00:00:00Z","o":"2026-03-30T00:00:00Z","oid":"' OR Id != '"}`,
    ])
      expect(decodeCursor(bad, now)).toEqual({
        m: floor,
        id: "",
        d: floor,
        h: floor,
        hid: "",
        o: floor,
        oid: "",
      });
    // the deleted feed keeps 30 days: an older start is brought forward
    expect(
      decodeCursor('{"m":"2026-01-01T00:00:00Z","id":"003000000000001AAA","d":"2026-01-01T00:00:00Z"}', now),
    ).toEqual({
      m: new Date("2026-01-01T00:00:00Z"),
      id: "003000000000001AAA",
      d: floor,
      // a cursor of before the history feed: its feed starts at the floor
      h: floor,
      hid: "",
      o: floor,
      oid: "",
    });
  });
});
