// issue 37 item 4 through the production engine: a demo campaign's step, written by a person, is
// staged as a draft in the contact's and the sender's names, with nothing left to fill, and the exec
// approves it as it is (no DRAFT_UNFINISHED). A missing field without a fallback holds the draft.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { isUnfinished, ownWordsOf, unfinishedParts } from "../../src/drafting/unfinished.ts";
import { decideDraft } from "../../src/engine/approve-draft.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { defineSpecCampaigns, T0 } from "../campaigns/helpers.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps } from "./engine-harness.ts";

let database: Database;
let t: Tenant;
let deps: EngineDeps;

beforeAll(async () => {
  database = await testDatabase();
  t = await createTenant(database.db, "written");
  deps = await engineDeps(database);
  await defineSpecCampaigns(database.db, t.revops, T0);
}, 60_000);

afterAll(async () => {
  await database?.close();
});

async function draftOf(enrollmentId: string) {
  return database.db
    .selectFrom("sales_send_queue as i")
    .innerJoin("staged_drafts as d", "d.id", "i.staged_draft_id")
    .select([
      "d.id",
      "d.subject",
      "d.body",
      "d.context",
      "d.status",
      "d.drafted_by",
      "i.status as item_status",
    ])
    .where("i.client_id", "=", t.clientId)
    .where("i.enrollment_id", "=", enrollmentId)
    .executeTakeFirstOrThrow();
}

describe("a step a person wrote, through the engine", () => {
  it("stages the spec's event invitation in the contact's name, finished, and the exec approves it as is", async () => {
    const db = database.db;
    const contactId = await addContact(db, t.clientId, "Priya Raman", { company: "Northwind Commerce" });
    // the contact's owner is the sender a template names
    await db
      .updateTable("contacts")
      .set({ owner_principal_id: t.rep.principalId, title: "CMO" })
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .execute();
    const r = await enrollContact(db, t.rep, { campaign: "b2bea_world", contactId }, T0);
    await runEngineOnce(deps, T0, {
      workerId: "test",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    const d = await draftOf(r.enrollment_id!);
    expect(d.drafted_by).toBe("template");
    expect(d.status).toBe("pending");
    expect(d.subject).toBe("An invitation to B2B eCommerce World");
    expect(d.body).toMatch(/^Hi Priya,\n\nI would like to invite you/);
    expect(d.body).toContain("Several sessions fit your role as CMO");
    // the rep principal's display name is "rep person": its first word signs
    expect(d.body.endsWith("\n\nrep")).toBe(true);
    expect(isUnfinished(unfinishedParts(d.subject, d.body, ownWordsOf(d.context)))).toBe(false);
    expect(d.body).not.toMatch(/Template draft|brief:|\[|\{\{/);
    const approved = await decideDraft(db, t.exec, d.id, { action: "approve" }, T0);
    expect(approved.status).toBe("approved");
    expect(approved.body).toBe(d.body);
  });

  it("holds an auto-send draft whose field has no value and no fallback, for a person to fill", async () => {
    const db = database.db;
    await createCampaign(
      db,
      t.revops,
      {
        slug: "written_auto",
        name: "Written, auto-sent",
        type: "onboarding",
        owner_role: "roles.cs",
        kind: "nurture",
        approval_policy: "auto_send",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Welcome them.",
            subject_template: "Welcome, {{contact.first_name}}",
            body_template: "Hi {{contact.first_name}}, welcome. Your title: {{contact.title}}.",
          },
        ],
      },
      T0,
    );
    const contactId = await addContact(db, t.clientId, "Omar Haddad");
    const r = await enrollContact(db, t.rep, { campaign: "written_auto", contactId }, T0);
    await runEngineOnce(deps, T0, {
      workerId: "test",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
    const d = await draftOf(r.enrollment_id!);
    expect(d.subject).toBe("Welcome, Omar");
    expect(d.body).toBe("Hi Omar, welcome. Your title: [contact.title].");
    expect(d.status).toBe("pending");
    expect((d.context as { held_for_review?: string }).held_for_review).toBe("placeholder");
  });
});
