// Issue 69 items 1 and 2: POST /api/v1/signals, on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
// A signal moves the contact's last sales or marketing signal forward only; a repeat by its dedup
// key changes nothing; an address nobody has waits and is matched when the person is imported; an
// account's signal reaches the account's contacts when its type says so; another tenant's ids are
// not found and another tenant's people are never touched; an erased person's address is refused;
// roles are checked as on other routes; the catalogue is the tenant's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { eraseContact } from "../../src/prospects/erase-contact.ts";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { ingestSignals } from "../../src/signals/index.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addCompany, lastSignals, signalCount } from "./signals-fixture.ts";

const HOUR = 3600_000;

function suite(open: () => Promise<Database | undefined>) {
  let h: TestApp;
  let t: Tenant;
  let other: Tenant;
  let call: ReturnType<typeof callAs>;
  const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
  const post = (auth: { authorization: string }, signals: unknown[]) =>
    call("POST", "/api/v1/signals", auth, { signals });

  let own: Database | undefined;
  beforeAll(async () => {
    own = await open();
    h = await testApp(own);
    t = await createTenant(h.database.db, "sig");
    other = await createTenant(h.database.db, "sig-other");
    call = callAs(h);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await own?.close();
  });

  it("the catalogue starts with the defaults; RevOps changes it, a rep may not", async () => {
    const list = await call("GET", "/api/v1/signals/types", t.rep.auth);
    expect(list.statusCode).toBe(200);
    const pricing = list.json().items.find((x: { name: string }) => x.name === "pricing_page_visit");
    expect(pricing).toMatchObject({ side: "sales", account_reach: "none" });
    const byRep = await call("PUT", "/api/v1/signals/types/g2_research", t.rep.auth, { side: "sales" });
    expect(byRep.statusCode).toBe(403);
    expect(byRep.json().error.code).toBe("FORBIDDEN_ROLE");
    const put = await call("PUT", "/api/v1/signals/types/g2_research", t.revops.auth, {
      side: "sales",
      weight: 35,
      half_life_days: 10,
      account_reach: "all_contacts",
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: "g2_research", created: true, weight: 35 });
  });

  it("a contact's sales signal moves last_sales_signal forward; the repeat and an older one change nothing", async () => {
    const co = await addCompany(h.database.db, t.clientId, "fwd", ["Ana"]);
    const first = await post(t.agt301.auth, [
      {
        type: "pricing_page_visit",
        contact_id: co.contacts[0],
        occurred_at: ago(2),
        external_id: "e-1",
        evidence_url: "https://www.example.com/pricing",
      },
    ]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ recorded: 1, duplicates: 0, contacts_changed: [co.contacts[0]] });
    expect(first.json().results[0]).toMatchObject({ status: "recorded", resolved: "contact" });
    const after = await lastSignals(h.database.db, t.clientId, co.contacts[0]);
    expect(after).toMatchObject({ sales: "pricing_page_visit", marketing: null });

    const again = await post(t.agt301.auth, [
      { type: "pricing_page_visit", contact_id: co.contacts[0], occurred_at: ago(2), external_id: "e-1" },
    ]);
    expect(again.json()).toMatchObject({ recorded: 0, duplicates: 1, contacts_changed: [] });
    const older = await post(t.revops.auth, [
      { type: "demo_request", contact_id: co.contacts[0], occurred_at: ago(30), external_id: "e-0" },
    ]);
    expect(older.json()).toMatchObject({ recorded: 1, contacts_changed: [] });
    expect(await lastSignals(h.database.db, t.clientId, co.contacts[0])).toEqual(after);

    const mkt = await post(t.rep.auth, [
      {
        type: "webinar_attended",
        email: co.emails[0].toUpperCase(),
        occurred_at: ago(1),
        external_id: "w-1",
      },
    ]);
    expect(mkt.json().results[0]).toMatchObject({ status: "recorded", contact_id: co.contacts[0] });
    expect(await lastSignals(h.database.db, t.clientId, co.contacts[0])).toMatchObject({
      sales: "pricing_page_visit",
      salesAt: after.salesAt,
      marketing: "webinar_attended",
    });
  });

  it("an address nobody has waits, and is matched when the person is imported", async () => {
    const email = `new.person-${Date.now()}@waiting.example`;
    const r = await post(t.agt301.auth, [
      { type: "demo_request", email, occurred_at: ago(3), external_id: "wait-1" },
    ]);
    expect(r.json()).toMatchObject({ recorded: 1, waiting: 1, contacts_changed: [] });
    expect(r.json().results[0]).toMatchObject({ resolved: "waiting", contact_id: null });
    await runImport(
      h.database.db,
      t.revops,
      {
        kind: "contacts",
        csv: `name,email\nNew Person,${email}\n`,
        mapping: { full_name: "name", email: "email" },
        dryRun: false,
        onDuplicate: "update",
      },
      { secret: h.deps.config.secret },
      new Date(),
    );
    const c = await h.database.db
      .selectFrom("contacts")
      .select(["contact_id", "last_sales_signal"])
      .where("client_id", "=", t.clientId)
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(c.last_sales_signal).toBe("demo_request");
    const s = await h.database.db
      .selectFrom("signals")
      .select(["contact_id", "resolved_at"])
      .where("client_id", "=", t.clientId)
      .where("external_id", "=", "wait-1")
      .executeTakeFirstOrThrow();
    expect(s.contact_id).toBe(c.contact_id);
    expect(s.resolved_at).not.toBeNull();
  });

  it("an account's signal reaches its contacts when the type says all_contacts, and only then; later ones too", async () => {
    const co = await addCompany(h.database.db, t.clientId, "reach", ["Bo", "Cy"]);
    const none = await post(t.agt301.auth, [
      {
        type: "job_posting",
        domain: `https://www.${co.domain}/careers`,
        occurred_at: ago(5),
        external_id: "j-1",
      },
    ]);
    expect(none.json().results[0]).toMatchObject({ resolved: "account", account_id: co.accountId });
    expect(none.json().contacts_changed).toEqual([]);
    const all = await post(t.agt301.auth, [
      { type: "funding_round", account_id: co.accountId, occurred_at: ago(4), external_id: "f-1" },
    ]);
    expect(all.json().contacts_changed).toEqual([...co.contacts].sort());
    for (const c of co.contacts)
      expect((await lastSignals(h.database.db, t.clientId, c)).sales).toBe("funding_round");
    // a person imported into the account later takes its latest signal that reaches all contacts
    await runImport(
      h.database.db,
      t.revops,
      {
        kind: "contacts",
        csv: `name,email,company\nDee Later,dee@${co.domain},${co.domain}\n`,
        mapping: { full_name: "name", email: "email", account: "company" },
        dryRun: false,
        onDuplicate: "update",
      },
      { secret: h.deps.config.secret },
      new Date(),
    );
    const dee = await h.database.db
      .selectFrom("contacts")
      .select(["account_id", "last_sales_signal"])
      .where("client_id", "=", t.clientId)
      .where("email", "=", `dee@${co.domain}`)
      .executeTakeFirstOrThrow();
    expect(dee).toEqual({ account_id: co.accountId, last_sales_signal: "funding_round" });
  });

  it("another tenant's contact is not found, another tenant's person is never touched", async () => {
    const theirs = await addCompany(h.database.db, other.clientId, "theirs", ["Di"]);
    const byId = await post(t.agt301.auth, [
      { type: "demo_request", contact_id: theirs.contacts[0], occurred_at: ago(1), external_id: "x-1" },
      { type: "demo_request", account_id: theirs.accountId, occurred_at: ago(1), external_id: "x-2" },
      { type: "demo_request", email: theirs.emails[0], occurred_at: ago(1), external_id: "x-3" },
    ]);
    expect(byId.statusCode).toBe(200);
    const [a, b, c] = byId.json().results;
    expect(a).toMatchObject({ status: "refused", error: { code: "NOT_FOUND" } });
    expect(b).toMatchObject({ status: "refused", error: { code: "NOT_FOUND" } });
    // the address is theirs, not ours: it waits here, for a person of this tenant
    expect(c).toMatchObject({ status: "recorded", resolved: "waiting", contact_id: null });
    expect(await lastSignals(h.database.db, other.clientId, theirs.contacts[0])).toMatchObject({
      sales: null,
      marketing: null,
    });
    expect(await signalCount(h.database.db, other.clientId)).toBe(0);
  });

  it("items are refused one by one: an unknown type, a time in the future, no subject", async () => {
    const co = await addCompany(h.database.db, t.clientId, "bad", ["Ed"]);
    const r = await post(t.agt301.auth, [
      { type: "no_such_type", contact_id: co.contacts[0], occurred_at: ago(1), external_id: "b-1" },
      {
        type: "demo_request",
        contact_id: co.contacts[0],
        occurred_at: new Date(Date.now() + 3 * HOUR).toISOString(),
        external_id: "b-2",
      },
      { type: "demo_request", occurred_at: ago(1), external_id: "b-3" },
      { type: "demo_request", contact_id: co.contacts[0], occurred_at: ago(1), external_id: "b-4" },
    ]);
    expect(r.json()).toMatchObject({ recorded: 1, refused: 3 });
    expect(r.json().results.map((x: { error?: { code: string } }) => x.error?.code ?? "ok")).toEqual([
      "SIGNAL_TYPE_UNKNOWN",
      "VALIDATION_FAILED",
      "VALIDATION_FAILED",
      "ok",
    ]);
  });

  it("roles: the exec may not record signals; the schema refuses a malformed batch", async () => {
    const r = await post(t.exec.auth, [{ type: "demo_request", domain: "x.example", occurred_at: ago(1) }]);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe("FORBIDDEN_ROLE");
    const bad = await call("POST", "/api/v1/signals", t.revops.auth, { signals: [{ type: "Bad Type" }] });
    expect(bad.statusCode).toBe(400);
  });

  it("two batches reaching the same contacts in opposite orders both land; each contact keeps the freshest", async () => {
    const co = await addCompany(h.database.db, t.clientId, "race", ["A1", "A2", "A3", "A4", "A5", "A6"]);
    const batch = (ids: string[], hours: number, tag: string) =>
      ingestSignals(
        h.database.db,
        t.agt301,
        ids.map((id, i) => ({
          type: i % 2 ? "demo_request" : "pricing_page_visit",
          contactId: id,
          occurredAt: new Date(Date.now() - (hours + i) * HOUR),
          source: "api",
          externalId: `${tag}-${i}`,
        })),
        { secret: h.deps.config.secret },
        new Date(),
      );
    const [a, b] = await Promise.all([
      batch(co.contacts, 10, "race-a"),
      batch([...co.contacts].reverse(), 1, "race-b"),
    ]);
    expect(a.recorded + b.recorded).toBe(12);
    const reversed = [...co.contacts].reverse();
    // batch b is fresher for every contact (1 to 6 hours ago against 10 to 15): it wins everywhere
    for (const [i, id] of reversed.entries()) {
      const want = new Date(Date.now() - (1 + i) * HOUR).getTime();
      const got = Date.parse((await lastSignals(h.database.db, t.clientId, id)).salesAt ?? "");
      expect(Math.abs(got - want)).toBeLessThan(60_000);
    }
  });

  it("erasing a person removes their signals, waiting ones included; their address is refused afterwards", async () => {
    const co = await addCompany(h.database.db, t.clientId, "erase", ["Flo"]);
    await post(t.agt301.auth, [
      { type: "demo_request", contact_id: co.contacts[0], occurred_at: ago(2), external_id: "er-1" },
      { type: "pricing_page_visit", contact_id: co.contacts[0], occurred_at: ago(1), external_id: "er-2" },
    ]);
    // one that waited with their address (it came while their contact row held another address)
    await h.database.db
      .insertInto("signals")
      .values({
        client_id: t.clientId,
        type: "content_download",
        subject: "contact",
        email: co.emails[0],
        occurred_at: new Date(),
        received_at: new Date(),
        source: "api",
        external_id: "er-waiting",
      })
      .execute();
    const before = await signalCount(h.database.db, t.clientId);
    await eraseContact(
      h.database.db,
      t.revops,
      { contactId: co.contacts[0], requestReference: "ticket-69" },
      { secret: h.deps.config.secret, crm: "builtin" },
      new Date(),
    );
    const left = await h.database.db
      .selectFrom("signals")
      .select("signal_id")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", co.contacts[0])
      .execute();
    expect(left).toEqual([]);
    expect(await signalCount(h.database.db, t.clientId)).toBe(before - 3);
    const again = await post(t.agt301.auth, [
      { type: "demo_request", email: co.emails[0], occurred_at: ago(1), external_id: "er-3" },
    ]);
    expect(again.json().results[0]).toMatchObject({ status: "refused", error: { code: "CONTACT_ERASED" } });
  });
}

describe("signals over HTTP (PGlite)", () => suite(async () => undefined));

describeMultiConnection("signals over HTTP (PostgreSQL)", () => suite(() => serverDatabase()));
