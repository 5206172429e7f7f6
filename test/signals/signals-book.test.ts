// A signal is recorded only about the prospects the recorder reaches (issue 69, books of issue 61): a
// rep under an 'own' book, or an agent whose token is bound to a team, records signals about its own
// prospects; one about another book's prospect, or about nobody Baton knows yet, is refused as
// NOT_FOUND (as another workspace's would be) and changes nothing. RevOps and an unbound agent reach
// the workspace. Each forged item beside the real one, in one batch.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld, teamBoundAgentToken } from "../support/books.ts";

let h: TestApp;
let w: BookWorld;
let call: ReturnType<typeof callAs>;
const at = new Date(Date.now() - 3_600_000).toISOString();
const visit = (key: Record<string, string>, id: string) => ({
  type: "pricing_page_visit",
  source: "website",
  occurred_at: at,
  external_id: id,
  ...key,
});

async function lastSalesSignalAt(contactId: string): Promise<Date | null> {
  const r = await sql<{ at: Date | null }>`select last_sales_signal_at as at from contacts
    where client_id = ${w.t.clientId} and contact_id = ${contactId}::uuid`.execute(h.database.db);
  return r.rows[0]?.at ?? null;
}

beforeAll(async () => {
  h = await testApp();
  call = callAs(h);
  w = await createBookWorld(h.database.db, "sigbook");
}, 60_000);
afterAll(() => h?.close());

describe("recording signals within a book", () => {
  it("a rep under 'own' records about their own prospect, not another rep's nor an unknown person", async () => {
    const r = await call("POST", "/api/v1/signals", w.repB.auth, {
      signals: [
        visit({ email: w.emails.b }, "rb-own"),
        visit({ email: w.emails.a }, "rb-other"),
        visit({ contact_id: w.contacts.a }, "rb-other-id"),
        visit({ email: "someone-new@unknown.example" }, "rb-unknown"),
      ],
    });
    expect(r.statusCode).toBe(200);
    const results = r.json().results;
    expect(results.map((x: { status: string }) => x.status)).toEqual([
      "recorded",
      "refused",
      "refused",
      "refused",
    ]);
    for (const x of results.slice(1)) expect(x.error.code).toBe("NOT_FOUND");
    expect(await lastSalesSignalAt(w.contacts.b)).not.toBeNull();
    expect(await lastSalesSignalAt(w.contacts.a)).toBeNull();
    const stored = await sql<{ n: number }>`select count(*)::int as n from signals
      where client_id = ${w.t.clientId} and external_id like 'rb-%'`.execute(h.database.db);
    expect(stored.rows[0]?.n).toBe(1);
  });

  it("an agent bound to team B records about team B's prospects only; RevOps about anyone", async () => {
    const token = await teamBoundAgentToken(h.database.db, w.t.clientId, w.teamB, "AGT-871");
    const bound = await call(
      "POST",
      "/api/v1/signals",
      { authorization: `Bearer ${token}` },
      {
        signals: [visit({ email: w.emails.b }, "ag-own"), visit({ email: w.emails.mgr }, "ag-other")],
      },
    );
    expect(bound.json().results.map((x: { status: string }) => x.status)).toEqual(["recorded", "refused"]);
    expect(await lastSalesSignalAt(w.contacts.mgr)).toBeNull();

    const revops = await call("POST", "/api/v1/signals", w.t.revops.auth, {
      signals: [
        visit({ email: w.emails.a }, "ro-a"),
        visit({ email: "later@unknown.example" }, "ro-unknown"),
      ],
    });
    expect(
      revops.json().results.map((x: { status: string; resolved: string }) => [x.status, x.resolved]),
    ).toEqual([
      ["recorded", "contact"],
      ["recorded", "waiting"],
    ]);
    expect(await lastSalesSignalAt(w.contacts.a)).not.toBeNull();
  });

  it("an account signal recorded within a book reaches the account's contacts in that book only", async () => {
    // Ann (rep A's) and Bea (rep B's) work at one account; rep B records that it raised a round
    const acct = await sql<{ account_id: string }>`insert into accounts (client_id, name, domain)
      values (${w.t.clientId}, 'Shared Co', 'shared-co.example') returning account_id`.execute(h.database.db);
    const accountId = acct.rows[0]?.account_id as string;
    await sql`update contacts set account_id = ${accountId}::uuid, last_sales_signal = null, last_sales_signal_at = null
               where client_id = ${w.t.clientId} and contact_id = any(${[w.contacts.a, w.contacts.b]}::uuid[])`.execute(
      h.database.db,
    );
    const funding = (id: string) => ({
      type: "funding_round",
      source: "research",
      occurred_at: at,
      external_id: id,
      domain: "shared-co.example",
    });
    const r = await call("POST", "/api/v1/signals", w.repB.auth, { signals: [funding("acct-rb")] });
    expect(r.json().results.map((x: { status: string }) => x.status)).toEqual(["recorded"]);
    expect(r.json().contacts_changed).toEqual([w.contacts.b]);
    expect(await lastSalesSignalAt(w.contacts.b)).not.toBeNull();
    // rep A's prospect is not rep B's to raise (nor to propose for a play)
    expect(await lastSalesSignalAt(w.contacts.a)).toBeNull();

    // RevOps reaches the workspace: the same round raises Ann too (Bea already has it, at that time)
    const ro = await call("POST", "/api/v1/signals", w.t.revops.auth, { signals: [funding("acct-ro")] });
    expect(ro.json().contacts_changed).toEqual([w.contacts.a]);
    expect(await lastSalesSignalAt(w.contacts.a)).not.toBeNull();
  });
});
