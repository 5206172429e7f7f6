// The prospect-data API (issue 15) through app.inject(): imports (wait and background job),
// suppressions, erasure and legal basis, with role checks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContact } from "../coordinator/support/fixtures.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
});
afterAll(async () => h.close());

const csv = 'Email,Name\r\nann@acme.example,Ann Lee\r\n"bob@acme.example","Bob, Jr."\r\nbad,Nobody\r\n';

describe("prospect-data API", () => {
  it("preview suggests a mapping; a dry run and a run report per row", async () => {
    const pv = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports/preview",
      headers: t.revops.auth,
      payload: { csv },
    });
    expect(pv.statusCode).toBe(200);
    expect(pv.json()).toMatchObject({
      header: ["Email", "Name"],
      rows: 3,
      suggested_mapping: { email: "Email", full_name: "Name" },
      delimiter: ",",
    });
    // an Excel file from a German desk: `;`, a BOM; the delimiter is read, not asked for
    const excel = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports/preview",
      headers: t.revops.auth,
      payload: { csv: '\ufeffE-Mail;Name\r\nann@acme.example;"Lee; Ann"\r\n' },
    });
    expect(excel.json()).toMatchObject({
      header: ["E-Mail", "Name"],
      rows: 1,
      sample: [["ann@acme.example", "Lee; Ann"]],
      suggested_mapping: { email: "E-Mail", full_name: "Name" },
      delimiter: ";",
    });
    const mapping = { email: "Email", full_name: "Name" };
    const dry = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: t.revops.auth,
      payload: { csv, mapping, dry_run: true },
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ status: "done", dry_run: true, counts: { created: 2, refused: 1 } });
    const run = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: t.revops.auth,
      payload: { csv, mapping, wait: false, legal_basis: "legitimate_interest" },
    });
    expect(run.statusCode).toBe(202);
    const id = run.json().id;
    let job = run.json();
    for (let i = 0; i < 100 && job.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (
        await h.app.inject({
          method: "GET",
          url: `/api/v1/imports/${id}?action=refused`,
          headers: t.revops.auth,
        })
      ).json();
    }
    expect(job).toMatchObject({
      status: "done",
      processed_rows: 3,
      counts: { created: 2, refused: 1 },
      report: [{ row: 3, action: "refused", reason: "bad_email" }],
    });
    const rep = await h.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: t.rep.auth,
      payload: { csv, mapping },
    });
    expect(rep.statusCode).toBe(403);
  });

  it("suppressions: add a domain, list, refuse to remove an erasure entry, remove", async () => {
    const add = await h.app.inject({
      method: "POST",
      url: "/api/v1/suppressions",
      headers: t.revops.auth,
      payload: { kind: "domain", value: "acme.example", reason: "asked to be left alone" },
    });
    expect(add.statusCode).toBe(200);
    expect(add.json()).toMatchObject({ created: true, value: "acme.example", contacts: 2 });
    const list = await h.app.inject({
      method: "GET",
      url: "/api/v1/suppressions?kind=domain",
      headers: t.admin.auth,
    });
    expect(list.json()).toMatchObject({ next_cursor: null, items: [{ kind: "domain", source: "manual" }] });
    expect(list.json().items).toHaveLength(1);
    expect(
      (await h.app.inject({ method: "GET", url: "/api/v1/suppressions", headers: t.rep.auth })).statusCode,
    ).toBe(403);
    const del = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/suppressions/${add.json().id}`,
      headers: t.revops.auth,
    });
    expect(del.json()).toEqual({ id: add.json().id, removed: true });
  });

  it("erase: RevOps only, a reference without an address, logged; the hash entry stays", async () => {
    const contact = await makeContact(h.database.db, t.clientId);
    const url = `/api/v1/contacts/${contact}/erase`;
    expect(
      (
        await h.app.inject({
          method: "POST",
          url,
          headers: t.rep.auth,
          payload: { request_reference: "DSR-9" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await h.app.inject({
          method: "POST",
          url,
          headers: t.revops.auth,
          payload: { request_reference: "x@y.z" },
        })
      ).statusCode,
    ).toBe(400);
    const r = await h.app.inject({
      method: "POST",
      url,
      headers: t.revops.auth,
      payload: { request_reference: "DSR-9" },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      contact_ids: [contact],
      request_reference: "DSR-9",
      crm_erasure_queued: false,
    });
    const again = await h.app.inject({
      method: "POST",
      url,
      headers: t.admin.auth,
      payload: { request_reference: "DSR-9" },
    });
    expect(again.json().error.code).toBe("ALREADY_ERASED");
    const log = await h.app.inject({ method: "GET", url: "/api/v1/erasures", headers: t.admin.auth });
    expect(log.json().items).toEqual([
      expect.objectContaining({ contact_id: contact, request_reference: "DSR-9" }),
    ]);
    const hashes = (
      await h.app.inject({
        method: "GET",
        url: "/api/v1/suppressions?kind=email_hash",
        headers: t.admin.auth,
      })
    ).json();
    expect(hashes.items[0]).toMatchObject({ value: "(erased person)", source: "erasure" });
    const del = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/suppressions/${hashes.items[0].id}`,
      headers: t.admin.auth,
    });
    expect(del.json().error.code).toBe("ERASURE_SUPPRESSION_PERMANENT");
  });

  it("legal basis is editable by RevOps", async () => {
    const contact = await makeContact(h.database.db, t.clientId);
    const r = await h.app.inject({
      method: "PUT",
      url: `/api/v1/contacts/${contact}/legal-basis`,
      headers: t.revops.auth,
      payload: { legal_basis: "consent", source: "webinar form 2026-02" },
    });
    expect(r.json()).toEqual({
      contact_id: contact,
      legal_basis: "consent",
      legal_basis_source: "webinar form 2026-02",
    });
    const bad = await h.app.inject({
      method: "PUT",
      url: `/api/v1/contacts/${contact}/legal-basis`,
      headers: t.revops.auth,
      payload: { legal_basis: "vibes", source: "x" },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("a campaign definition may require a legal basis; unknown bases are refused", async () => {
    const step = {
      step_number: 1,
      delay_days: 0,
      channel: "email",
      content_type: "follow_up",
      template_instructions: "Say hello.",
    };
    const body = {
      slug: "consent_only",
      name: "Consent only",
      type: "membership",
      owner_role: "roles.sales",
      kind: "nurture",
      steps: [step],
    };
    const bad = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns",
      headers: t.revops.auth,
      payload: { ...body, required_legal_basis: ["vibes"] },
    });
    expect(bad.json().error.code).toBe("CAMPAIGN_LEGAL_BASIS_INVALID");
    const ok = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns",
      headers: t.revops.auth,
      payload: { ...body, required_legal_basis: ["consent"] },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().required_legal_basis).toEqual(["consent"]);
    const contact = await makeContact(h.database.db, t.clientId);
    const enroll = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns/consent_only/enrollments",
      headers: t.revops.auth,
      payload: { contact_id: contact },
    });
    expect(enroll.json()).toMatchObject({
      outcome: "blocked",
      decision: { gate: 1, reason: "legal_basis_missing" },
    });
    const cleared = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/consent_only",
      headers: t.revops.auth,
      payload: { required_legal_basis: null },
    });
    expect(cleared.json().required_legal_basis).toBeNull();
  });
});
