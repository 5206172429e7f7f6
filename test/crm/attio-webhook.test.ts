// Issue 71 item 5: Attio was only polled although it offers signed webhooks. A revops person
// registers the workspace's webhook (created through Attio's API, its secret sealed), for the
// records of people, deals and companies; Attio's signed event on a linked person is verified over
// the raw body, the person read through the API and applied as the poll applies it, so webhook then
// poll is one change and one signal; a deal's event brings the stage a person set, a company's the
// move of a linked person of its team. Beside the real events: a forged and a missing signature, a
// replay (a person's and a deal's), another workspace's event, another tenant's URL, an unknown
// record, a deal no linked person is on, an event Attio would not send; the poll stays as the fallback.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttioCrm } from "../../src/crm/attio-crm.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { ATTIO_FALLBACK_POLL_MS, pollAllCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type AttioStandIn, startAttioStandIn } from "../support/attio-stand-in.ts";
import type { AttioDeliveryRequest } from "../support/attio-webhooks-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, addEnrollment } from "./crm-fixtures.ts";

let h: TestApp;
let attio: AttioStandIn;
const config = () => ({ baseUrl: attio.baseUrl, apiKey: attio.apiKey });

beforeAll(async () => {
  attio = await startAttioStandIn();
  h = await testApp(undefined, {
    ATTIO_API_KEY: attio.apiKey,
    ATTIO_BASE_URL: attio.baseUrl,
    BATON_PUBLIC_URL: "https://baton.test",
  });
});
afterAll(async () => {
  await h.close();
  await attio.close();
});

const db = () => h.database.db;

async function linkedPerson(clientId: string, name: string, email: string) {
  const contactId = await addContact(db(), clientId, name, email);
  await enqueueCrmWrite(db(), clientId, { op: "upsert_contact", contactId });
  await drainCrmOutbox(db(), new AttioCrm(config()), new Date(Date.now() + 1000), { clientId });
  const link = await db()
    .selectFrom("crm_links")
    .select("external_id")
    .where("client_id", "=", clientId)
    .where("baton_id", "=", contactId)
    .executeTakeFirstOrThrow();
  return { contactId, recordId: link.external_id };
}

async function register(t: Tenant) {
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/crm/attio/webhook",
    headers: t.revops.auth,
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { id: string; url: string; attio_webhook_id: string; replaced: string | null };
}

const post = (id: string, d: AttioDeliveryRequest) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/inbound/crm/attio/${id}`,
    headers: d.headers,
    payload: d.body,
  });

const optedOut = (contactId: string) =>
  sql<{ opt_out_flag: boolean; title: string | null }>`
    select opt_out_flag, title from contacts where contact_id = ${contactId}`
    .execute(db())
    .then((r) => r.rows[0]);

const count = (clientId: string, table: "signals" | "cadence_event_log") =>
  sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where client_id = ${clientId}`
    .execute(db())
    .then((r) => r.rows[0]?.n);

const queries = () => attio.requests.filter((r) => r.path === "/v2/objects/people/records/query").length;

describe("Attio's signed webhooks", () => {
  it("a revops person registers it through Attio's API; the secret is sealed and never returned", async () => {
    const t = await createTenant(db());
    const refused = await h.app.inject({
      method: "POST",
      url: "/api/v1/crm/attio/webhook",
      headers: t.rep.auth,
    });
    expect(refused.json().error.code).toBe("FORBIDDEN_ROLE");
    const w = await register(t);
    expect(w.url).toBe(`https://baton.test/api/v1/inbound/crm/attio/${w.id}`);
    const hook = attio.webhooks.get(w.attio_webhook_id)!;
    expect(hook.target_url).toBe(w.url);
    expect(hook.subscriptions.map((s) => s.event_type)).toEqual([
      "record.created",
      "record.updated",
      "record.deleted",
    ]);
    // people, deals and companies (the same filter on each event type)
    expect(hook.subscriptions[0]?.filter).toEqual({
      $or: ["people", "deals", "companies"].map((o) => ({
        field: "id.object_id",
        operator: "equals",
        value: attio.objectIds[o],
      })),
    });
    expect(new Set(hook.subscriptions.map((s) => JSON.stringify(s.filter))).size).toBe(1);
    expect(JSON.stringify(w)).not.toContain(hook.secret);
    const row = await db()
      .selectFrom("attio_webhooks")
      .select("secret_sealed")
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(hook.secret);
    const read = await h.app.inject({
      method: "GET",
      url: "/api/v1/crm/attio/webhook",
      headers: t.exec.auth,
    });
    expect(read.json().webhook).toMatchObject({ id: w.id, attio_workspace_id: attio.workspaceId });
    // registering again replaces it, here and in Attio
    const again = await register(t);
    expect(again.replaced).toBe(w.attio_webhook_id);
    expect(attio.webhooks.has(w.attio_webhook_id)).toBe(false);
  });

  it("the real signed event applies the person's state as the poll does: webhook then poll is one change, one signal", async () => {
    const t = await createTenant(db());
    const w = await register(t);
    const { contactId, recordId } = await linkedPerson(t.clientId, "Wen Hook", "wen@hook.example");
    attio.setValues(recordId, {
      job_title: [{ value: "CTO", attribute_type: "text", active_from: "2026-11-28T15:00:00Z" }],
      email_opt_out: [{ value: true, attribute_type: "checkbox", active_from: "2026-11-28T15:00:00Z" }],
    });
    const res = await post(
      w.id,
      attio.delivery(w.attio_webhook_id, { event_type: "record.updated", record_id: recordId }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: 1, applied: 2, unmatched: 0, duplicate: false });
    expect(await optedOut(contactId)).toEqual({ opt_out_flag: true, title: "CTO" });
    const [signals, events] = [
      await count(t.clientId, "signals"),
      await count(t.clientId, "cadence_event_log"),
    ];
    expect(signals).toBe(1);
    // the poll, the fallback, reads the same person: nothing new
    const polled = await pollAllCrmChanges(
      db(),
      new AttioCrm(config(), undefined, undefined, { db: db() }),
      new Date(),
    );
    expect(polled.failed).toBe(0);
    expect(await count(t.clientId, "signals")).toBe(signals);
    expect(await count(t.clientId, "cadence_event_log")).toBe(events);
  });

  it("a forged, a tampered and a missing signature are refused before anything acts", async () => {
    const t = await createTenant(db());
    const w = await register(t);
    const { contactId, recordId } = await linkedPerson(t.clientId, "Fay Forged", "fay@forged.example");
    attio.setValues(recordId, { email_opt_out: [{ value: true, attribute_type: "checkbox" }] });
    const real = attio.delivery(w.attio_webhook_id, { event_type: "record.updated", record_id: recordId });
    const before = queries();
    const forged = { ...real, headers: { ...real.headers, "attio-signature": "ab".repeat(32) } };
    const tampered = { ...real, body: real.body.replace("record.updated", "record.created") };
    const { "attio-signature": _a, "x-attio-signature": _x, ...unsigned } = real.headers;
    for (const d of [forged, tampered, { ...real, headers: unsigned }]) {
      const res = await post(w.id, d);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
    expect(queries()).toBe(before);
    expect((await optedOut(contactId)).opt_out_flag).toBe(false);
    // the legacy header alone is Attio's too
    const { "attio-signature": _b, ...legacy } = real.headers;
    expect((await post(w.id, { ...real, headers: legacy })).statusCode).toBe(200);
    expect((await optedOut(contactId)).opt_out_flag).toBe(true);
  });

  it("a replay: Attio's retry (same Idempotency-Key) is answered and applied once; the body under another key is refused", async () => {
    const t = await createTenant(db());
    const w = await register(t);
    const { recordId } = await linkedPerson(t.clientId, "Ray Play", "ray@play.example");
    const d = attio.delivery(w.attio_webhook_id, { event_type: "record.updated", record_id: recordId });
    h.clock.now = new Date();
    expect((await post(w.id, d)).json()).toMatchObject({ duplicate: false });
    const before = queries();
    const retry = await post(w.id, d);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ duplicate: true, applied: 0 });
    const replay = await post(w.id, { ...d, headers: { ...d.headers, "idempotency-key": "another-key" } });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe("CRM_WEBHOOK_REPLAYED");
    expect(queries()).toBe(before);
    // after the window the same body only makes Baton read the person's current state again
    h.clock.now = new Date(Date.now() + 11 * 60_000);
    const late = await post(w.id, { ...d, headers: { ...d.headers, "idempotency-key": "a-later-key" } });
    expect(late.statusCode).toBe(200);
    h.clock.now = null;
  });

  it("another workspace's event, another tenant's URL, an unknown record, an event Attio would not send", async () => {
    const a = await createTenant(db());
    const b = await createTenant(db());
    const wa = await register(a);
    const wb = await register(b);
    const { contactId, recordId } = await linkedPerson(a.clientId, "Ola Other", "ola@other.example");
    attio.setValues(recordId, { email_opt_out: [{ value: true, attribute_type: "checkbox" }] });
    const event = { event_type: "record.updated", record_id: recordId };
    // signed with A's secret but naming another Attio workspace
    const other = await post(
      wa.id,
      attio.delivery(wa.attio_webhook_id, event, { workspaceId: "0d9c6f3e-5b1a-4c2e-9f7a-1e2d3c4b5a69" }),
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe("CRM_WEBHOOK_ACCOUNT_MISMATCH");
    // A's delivery at B's URL: B's secret does not verify it
    const crossed = await post(wb.id, attio.delivery(wa.attio_webhook_id, event));
    expect(crossed.json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    // B's own delivery about A's person: B never linked it, so nothing is read or changed
    const before = queries();
    const unknown = await post(wb.id, attio.delivery(wb.attio_webhook_id, event));
    expect(unknown.json()).toMatchObject({ applied: 0, unmatched: 1 });
    expect(queries()).toBe(before);
    expect((await optedOut(contactId)).opt_out_flag).toBe(false);
    // a note's event, or another object's record, is not subscribed: Attio does not send it
    expect(() =>
      attio.delivery(wa.attio_webhook_id, { event_type: "note.created", record_id: recordId }),
    ).toThrow(/sends no/);
    expect(() =>
      attio.delivery(wa.attio_webhook_id, {
        event_type: "record.updated",
        record_id: recordId,
        object: "users",
      }),
    ).toThrow(/sends no/);
    // an id no workspace registered
    const none = await post(
      "00000000-0000-4000-8000-000000000000",
      attio.delivery(wa.attio_webhook_id, event),
    );
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe("CRM_WEBHOOK_NOT_FOUND");
  });

  it("the poll stays as the fallback, less often: a deleted person a missed delivery lost is still found", async () => {
    const t = await createTenant(db());
    const adapter = new AttioCrm(config(), undefined, undefined, { db: db() });
    const { contactId, recordId } = await linkedPerson(t.clientId, "Pol Fall", "pol@fall.example");
    const t0 = new Date();
    await pollAllCrmChanges(db(), adapter, t0);
    await register(t);
    // a sweep ended a minute ago and the webhook hears changes at once: this tenant rests
    const soon = await pollAllCrmChanges(db(), adapter, new Date(t0.getTime() + 60_000));
    expect(soon.resting).toBeGreaterThanOrEqual(1);
    // Attio deleted the person and the delivery never came: the next sweep, 15 minutes on, finds it
    attio.records.delete(recordId);
    await pollAllCrmChanges(db(), adapter, new Date(t0.getTime() + ATTIO_FALLBACK_POLL_MS + 1000));
    const link = await db()
      .selectFrom("crm_links")
      .select("external_id")
      .where("client_id", "=", t.clientId)
      .where("baton_id", "=", contactId)
      .execute();
    expect(link).toEqual([]);
  });

  const ns = (ms: number) => new Date(ms).toISOString().replace(/(\.\d{3})?Z$/, ".000000000Z");
  const signalsOf = (clientId: string, type: string) =>
    db()
      .selectFrom("signals")
      .select(["type", "contact_id", "external_id", "attributes"])
      .where("client_id", "=", clientId)
      .where("type", "=", type)
      .execute();

  /** A linked person on a deal Baton created, whose stage a person then set in Attio. */
  async function dealMovedByAPerson(t: Tenant, name: string, email: string) {
    const person = await linkedPerson(t.clientId, name, email);
    const owner = `rep@${t.clientId}.test`;
    attio.addMember(owner);
    const { dealId } = await new AttioCrm(config()).createDeal(t.clientId, {
      externalContactId: person.recordId,
      name: `${name}'s deal`,
      stage: "enrolled",
      owner: { email: owner, name: "Rep" },
    });
    const setAt = ns(Date.now() - 60_000);
    attio.setValues(dealId, { stage: [{ status: { title: "In Progress" } }] }, { at: setAt });
    return { ...person, dealId, setAt };
  }

  it("a deal's signed event brings the stage a person set, as a signal on its linked person; the poll then adds nothing", async () => {
    const t = await createTenant(db());
    const w = await register(t);
    const { contactId, recordId, dealId, setAt } = await dealMovedByAPerson(
      t,
      "Dee Stage",
      "dee@stage.example",
    );
    const before = attio.requests.length;
    const res = await post(
      w.id,
      attio.delivery(w.attio_webhook_id, {
        event_type: "record.updated",
        record_id: dealId,
        object: "deals",
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: 1, applied: 1, unmatched: 0, ignored: 0, duplicate: false });
    // which object the event is (asked once a process), then the deal: its person is not read
    expect(attio.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v2/objects/${attio.objectIds.deals}`,
      "POST /v2/objects/deals/records/query",
    ]);
    const expected = [
      {
        type: "crm_stage_change",
        contact_id: contactId,
        external_id: `deal_stage_changed:${dealId}:stage:${setAt}:${recordId}`,
        attributes: { crm: "attio", deal_stage: "In Progress", deal_id: dealId },
      },
    ];
    expect(await signalsOf(t.clientId, "crm_stage_change")).toEqual(expected);
    // the poll, the fallback, reads the same stage: one signal still
    await pollAllCrmChanges(db(), new AttioCrm(config(), undefined, undefined, { db: db() }), new Date());
    expect(await signalsOf(t.clientId, "crm_stage_change")).toEqual(expected);
  });

  it("a forged or replayed deal event changes nothing; a deal no linked person is on is unmatched", async () => {
    const t = await createTenant(db());
    const w = await register(t);
    const { dealId } = await dealMovedByAPerson(t, "Rex Forge", "rex@forge.example");
    const real = attio.delivery(w.attio_webhook_id, {
      event_type: "record.updated",
      record_id: dealId,
      object: "deals",
    });
    const before = attio.requests.length;
    const forged = await post(w.id, {
      ...real,
      headers: { ...real.headers, "attio-signature": "cd".repeat(32) },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(attio.requests.length).toBe(before);
    expect(await signalsOf(t.clientId, "crm_stage_change")).toEqual([]);
    expect((await post(w.id, real)).json()).toMatchObject({ applied: 1, duplicate: false });
    // Attio's retry (its key) is answered and applied once; the body under another key is a replay
    expect((await post(w.id, real)).json()).toMatchObject({ applied: 0, duplicate: true });
    const replay = await post(w.id, { ...real, headers: { ...real.headers, "idempotency-key": "replayed" } });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe("CRM_WEBHOOK_REPLAYED");
    expect(await signalsOf(t.clientId, "crm_stage_change")).toHaveLength(1);
    // a deal of people this workspace never linked: read, matched to no one, nothing changes
    const stranger = attio.addRecord("deals", {
      name: [{ value: "Nobody's deal" }],
      stage: [{ status: { title: "In Progress" } }],
    });
    const res = await post(
      w.id,
      attio.delivery(w.attio_webhook_id, {
        event_type: "record.updated",
        record_id: stranger,
        object: "deals",
      }),
    );
    expect(res.json()).toMatchObject({ applied: 0, unmatched: 1 });
    expect(await signalsOf(t.clientId, "crm_stage_change")).toHaveLength(1);
  });

  it("a company's signed event: a linked person of its team who moved there is a job change, once", async () => {
    const t = await createTenant(db());
    const w = await register(t);
    const company = (n: string, domain: string) =>
      attio.addRecord("companies", { name: [{ value: n }], domains: [{ domain, root_domain: domain }] });
    const oldCo = company("OldHook", "oldhook.example");
    const newCo = company("NewHook", "newhook.example");
    const { contactId, recordId } = await linkedPerson(t.clientId, "Mo Move", "mo@oldhook.example");
    const enrollment = await addEnrollment(db(), t.clientId, contactId);
    // Mo's history after Baton wrote the person: a first company, then the move, an hour apart
    const base = Date.now();
    const hour = 3_600_000;
    attio.setValues(
      recordId,
      { company: [{ target_object: "companies", target_record_id: oldCo }] },
      {
        at: ns(base + 60_000),
      },
    );
    // Mo moves in Attio: the company (its team changes too) and a new address at its domain
    const movedAt = ns(base + 2 * hour);
    attio.setValues(
      recordId,
      { company: [{ target_object: "companies", target_record_id: newCo }] },
      {
        at: movedAt,
      },
    );
    attio.setValues(
      recordId,
      { email_addresses: [{ email_address: "mo@newhook.example", email_domain: "newhook.example" }] },
      { at: ns(base + 2 * hour + 10 * 60_000) },
    );
    const later = new Date(base + 3 * hour);
    h.clock.now = later;
    const res = await post(
      w.id,
      attio.delivery(w.attio_webhook_id, {
        event_type: "record.updated",
        record_id: newCo,
        object: "companies",
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: 1, applied: 1, unmatched: 0 });
    const exited = await db()
      .selectFrom("campaign_contacts")
      .select(["status", "exit_reason"])
      .where("id", "=", enrollment)
      .executeTakeFirstOrThrow();
    expect(exited).toEqual({ status: "exited", exit_reason: "left_company" });
    const moves = await signalsOf(t.clientId, "job_change");
    expect(moves.map((m) => m.external_id)).toEqual([`company_changed:${recordId}:company:${movedAt}`]);
    // the person's own event, and the poll after it, read the same move: nobody moves twice
    await post(
      w.id,
      attio.delivery(w.attio_webhook_id, { event_type: "record.updated", record_id: recordId }),
    );
    await pollAllCrmChanges(db(), new AttioCrm(config(), undefined, undefined, { db: db() }), later);
    expect(await signalsOf(t.clientId, "job_change")).toEqual(moves);
    h.clock.now = null;
  });
});
