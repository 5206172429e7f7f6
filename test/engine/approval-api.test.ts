// Approval, drafting tasks and rep tasks over HTTP (spec 002): the exec approves, edits then
// approves (original kept), rejects, in bulk; twice, after an opt-out, or with the template's note
// or a [placeholder] left in what would go out is refused clearly; agents
// lease and submit drafts; the rep marks a LinkedIn touch done and the touch is recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { optOut } from "../../src/coordinator/index.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-04-06T10:00:00Z");

describe("drafts, drafting tasks and rep tasks over HTTP", () => {
  let h: TestApp;
  let t: Tenant;
  let deps: EngineDeps;
  const contacts: string[] = [];
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = T0;
    deps = await engineDeps(h.database);
    t = await createTenant(h.database.db, "appr");
    const mk = (slug: string, channel: "email" | "linkedin") =>
      oneStepSales(h.database.db, t.revops, slug, T0, { channel });
    await mk("appr_email", "email");
    await mk("appr_linkedin", "linkedin");
    const agentCampaign = await mk("appr_agent", "email");
    await h.database.db
      .insertInto("engine_campaign_drafters")
      .values({ client_id: t.clientId, campaign_id: agentCampaign.id, drafter: "agent" })
      .execute();
    for (let i = 0; i < 6; i++) contacts.push(await addContact(h.database.db, t.clientId, `Person ${i}`));
    for (let i = 0; i < 4; i++)
      await enrollContact(
        h.database.db,
        t.exec,
        { campaign: "appr_email", contactId: contacts[i], goal: "pipeline" },
        T0,
      );
    await enrollContact(h.database.db, t.exec, { campaign: "appr_linkedin", contactId: contacts[4] }, T0);
    await enrollContact(h.database.db, t.exec, { campaign: "appr_agent", contactId: contacts[5] }, T0);
    await runEngineOnce(deps, T0, {
      workerId: "t",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
  });
  afterAll(() => h.close());

  const api = (
    method: "GET" | "POST",
    url: string,
    who: { auth: Record<string, string> },
    payload?: unknown,
  ) => h.app.inject({ method, url, headers: who.auth, payload: payload as never });

  it("lists pending drafts in the spec's format", async () => {
    const r = await api("GET", "/api/v1/drafts", t.exec);
    expect(r.statusCode).toBe(200);
    const drafts = r.json().items;
    expect(drafts).toHaveLength(5); // 4 email + 1 LinkedIn; the agent campaign waits for its draft
    expect(drafts[0].context).toMatchObject({
      campaign_slug: expect.any(String),
      step_number: 1,
      requires_justin_send: false,
    });
  });

  it("approves, edits then approves, rejects; twice and by a non-exec are refused", async () => {
    const drafts = (await api("GET", "/api/v1/drafts", t.exec))
      .json()
      .items.filter((d: any) => d.channel === "email");
    const forbidden = await api("POST", `/api/v1/drafts/${drafts[0].id}/approve`, t.rep, {});
    expect(forbidden.statusCode, forbidden.body).toBe(403);
    // a template draft as drafted still holds its note and [placeholders]: refused, saying what is left
    const unfinished = await api("POST", `/api/v1/drafts/${drafts[0].id}/approve`, t.exec, {});
    expect(unfinished.statusCode).toBe(409);
    expect(unfinished.json().error).toMatchObject({
      code: "DRAFT_UNFINISHED",
      facts: { draftId: drafts[0].id, templateNote: true },
    });
    expect(unfinished.json().error.message).toContain("delete the template's note");
    // an edit that leaves a placeholder, in the body or in the subject, is refused the same way
    for (const edit of [
      { body: "Hi [first name], a note." },
      { body: "A note.", subject: "About [topic]" },
    ]) {
      const r = await api("POST", `/api/v1/drafts/${drafts[0].id}/approve`, t.exec, edit);
      expect(r.json().error).toMatchObject({
        code: "DRAFT_UNFINISHED",
        facts: { templateNote: false, parts: [edit.subject ? "[topic]" : "[first name]"] },
      });
    }
    const a = await api("POST", `/api/v1/drafts/${drafts[0].id}/approve`, t.exec, {
      body: "Hi Person, a finished note.",
    });
    expect(a.json().status).toBe("approved");
    const again = await api("POST", `/api/v1/drafts/${drafts[0].id}/approve`, t.exec, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("DRAFT_ALREADY_DECIDED");

    const e = await api("POST", `/api/v1/drafts/${drafts[1].id}/approve`, t.exec, {
      body: "Edited by the exec.",
    });
    expect(e.json()).toMatchObject({
      status: "approved",
      body: "Edited by the exec.",
      original_body: drafts[1].body,
    });

    const rj = await api("POST", `/api/v1/drafts/${drafts[2].id}/reject`, t.exec, { reason: "off tone" });
    expect(rj.json()).toMatchObject({ status: "rejected", reject_reason: "off tone" });
    const item = await h.database.db
      .selectFrom("sales_send_queue")
      .select("status")
      .where("id", "=", drafts[2].send_item_id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe("cancelled");
  });

  it("refuses approval after an opt-out", async () => {
    const d = (await api("GET", "/api/v1/drafts", t.exec))
      .json()
      .items.find((x: any) => x.channel === "email");
    await optOut(
      h.database.db,
      null,
      { clientId: t.clientId, contactId: d.context.contact_id, flag: "opt_out", source: "test" },
      T0,
    );
    const r = await api("POST", `/api/v1/drafts/${d.id}/approve`, t.exec, {});
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe("DRAFT_CONTACT_OPTED_OUT");
  });

  it("bulk approves with a result per draft; only approved email is sent", async () => {
    const pending = (await api("GET", "/api/v1/drafts", t.exec)).json().items;
    const done = (await api("GET", "/api/v1/drafts?status=approved", t.exec)).json().items;
    const ids = [...pending.map((d: any) => d.id), done[0].id];
    // as drafted, every template draft is refused in its slot and nothing is approved
    const asDrafted = (await api("POST", "/api/v1/drafts/approve", t.exec, { ids })).json().results;
    expect(asDrafted.slice(0, -1).map((x: any) => x.error?.code)).toEqual(
      pending.map(() => "DRAFT_UNFINISHED"),
    );
    // an edit must be for a draft among the ids, once
    const stray = await api("POST", "/api/v1/drafts/approve", t.exec, {
      ids: [pending[0].id],
      edits: [{ id: done[0].id, body: "Finished." }],
    });
    expect(stray.statusCode).toBe(400);
    expect(stray.json().error.facts.errors[0]).toMatchObject({ path: "/edits/0/id" });
    // edit then approve, in bulk: each finished draft approved with its text, the original kept
    const r = await api("POST", "/api/v1/drafts/approve", t.exec, {
      ids,
      edits: pending.map((d: any) => ({ id: d.id, body: `Finished for ${d.id}.` })),
    });
    const results = r.json().results;
    expect(results.filter((x: any) => x.ok)).toHaveLength(pending.length);
    expect(results.at(-1)).toMatchObject({ ok: false, error: { code: "DRAFT_ALREADY_DECIDED" } });
    const approved = await api("GET", `/api/v1/drafts/${pending[0].id}`, t.exec);
    expect(approved.json()).toMatchObject({
      status: "approved",
      body: `Finished for ${pending[0].id}.`,
      original_body: pending[0].body,
    });
    const s = await runEngineOnce(deps, T0, { workerId: "t", batch: 50 });
    expect(s.sends.sent).toBe(2); // the two approved emails; rejected and opted-out ones never go
  });

  it("the rep lists the LinkedIn task and marks it done: the touch is recorded", async () => {
    const list = (await api("GET", "/api/v1/rep-tasks", t.rep)).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: "linkedin_touch", contact_id: contacts[4] });
    expect((await api("GET", "/api/v1/rep-tasks", t.exec)).json().items).toHaveLength(0);
    const done = await api("POST", `/api/v1/rep-tasks/${list[0].id}/done`, t.rep);
    expect(done.json().status).toBe("done");
    expect((await api("POST", `/api/v1/rep-tasks/${list[0].id}/done`, t.rep)).json().error.code).toBe(
      "REP_TASK_CLOSED",
    );
    const touch = await h.database.db
      .selectFrom("cadence_event_log")
      .select("channel")
      .where("contact_id", "=", contacts[4])
      .where("event_type", "=", "touch")
      .execute();
    expect(touch).toEqual([{ channel: "linkedin" }]);
  });

  it("an agent leases a drafting task and submits; leases expire; another agent is refused", async () => {
    const tasks = (await api("GET", "/api/v1/drafting-tasks", t.sales)).json().items;
    expect(tasks).toHaveLength(1);
    expect(tasks[0].input.step.template_instructions).toBe("Say hi.");
    const id = tasks[0].id;
    expect((await api("GET", "/api/v1/drafting-tasks", t.exec)).statusCode).toBe(403);
    const lease = await api("POST", `/api/v1/drafting-tasks/${id}/lease`, t.sales);
    expect(lease.json().leased_by_agent_id).toBe("AGT-401");
    expect((await api("POST", `/api/v1/drafting-tasks/${id}/lease`, t.agt301)).json().error.code).toBe(
      "DRAFTING_TASK_LEASED",
    );
    // the lease ends: the task is available again and the old holder cannot submit
    h.clock.now = new Date(T0.getTime() + 11 * 60_000);
    expect(
      (await api("POST", `/api/v1/drafting-tasks/${id}/submit`, t.sales, { body: "late" })).json().error.code,
    ).toBe("DRAFTING_LEASE_NOT_HELD");
    await api("POST", `/api/v1/drafting-tasks/${id}/lease`, t.agt301);
    const sub = await api("POST", `/api/v1/drafting-tasks/${id}/submit`, t.agt301, {
      subject: "Hello",
      body: "Agent-written.",
    });
    expect(sub.json()).toMatchObject({ status: "pending", body: "Agent-written.", drafted_by: "AGT-301" });
    expect(
      (await api("POST", `/api/v1/drafting-tasks/${id}/submit`, t.agt301, { body: "x" })).json().error.code,
    ).toBe("DRAFTING_TASK_CLOSED");
  });

  it("approves finished text to a company with brackets in its name: the name is its own, not a placeholder", async () => {
    const now = h.clock.now ?? T0;
    for (const name of ["Quinn One", "Quinn Two"]) {
      const contactId = await addContact(h.database.db, t.clientId, name, { company: "Quartz [EU] Ltd" });
      await enrollContact(
        h.database.db,
        t.exec,
        { campaign: "appr_email", contactId, goal: "pipeline" },
        now,
      );
    }
    await runEngineOnce(deps, now, { workerId: "t", batch: 50 });
    const drafts = (await api("GET", "/api/v1/drafts", t.exec))
      .json()
      .items.filter((d: any) => d.context.company === "Quartz [EU] Ltd");
    expect(drafts).toHaveLength(2);
    const body = "Hi Quinn,\n\nA note for everyone at Quartz [EU] Ltd.\n\nJustin";
    // a placeholder beside the name is still one, and only it is named
    const left = await api("POST", `/api/v1/drafts/${drafts[0].id}/approve`, t.exec, {
      body: `${body} [link]`,
    });
    expect(left.json().error).toMatchObject({ code: "DRAFT_UNFINISHED", facts: { parts: ["[link]"] } });
    const one = await api("POST", `/api/v1/drafts/${drafts[0].id}/approve`, t.exec, { body });
    expect(one.json()).toMatchObject({ status: "approved", body });
    const bulk = await api("POST", "/api/v1/drafts/approve", t.exec, {
      ids: [drafts[1].id],
      edits: [{ id: drafts[1].id, body, subject: "For Quartz [EU] Ltd" }],
    });
    expect(bulk.json().results).toMatchObject([{ ok: true }]);
  });
});
