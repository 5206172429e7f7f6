// Issue 58 Deliver 6, through the engine: a campaign drafted by the LLM, whose model refuses or
// stops at the token limit, does not leave its drafting task to be leased and retried for ever (the
// same question gets the same answer) nor a half JSON object in the approval inbox: the task is
// submitted with the template's draft under a [DRAFT_NOT_WRITTEN …] line saying what the model did,
// and the touch waits for a person, even in an auto_send campaign. The working draft beside them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { LlmDrafter } from "../../src/drafting/llm-drafter.ts";
import { templateDrafter } from "../../src/drafting/template-drafter.ts";
import { setCampaignDrafter } from "../../src/engine/campaign-drafter.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { addContact, engineDeps, oneStepNurture } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import { type OpenAiStandIn, startOpenAiStandIn } from "../support/openai-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-06-02T09:00:00Z");

describe("an LLM draft the model refused or cut ends visibly", () => {
  let database: Database;
  let deps: EngineDeps;
  let t: Tenant;
  let llm: OpenAiStandIn;

  beforeAll(async () => {
    llm = await startOpenAiStandIn();
    // the model's answer by recipient: a refusal, an answer cut at the limit, or a draft
    llm.reply = (req) => {
      const user = String(req.body.messages[1].content);
      if (user.includes("Rita Refused")) return { content: null, refusal: "I can't help with that." };
      if (user.includes("Tom Truncated"))
        return { content: '{"subject": "Hello", "body": "Hi Tom, we', finish_reason: "length" };
      return JSON.stringify({ subject: "Hello Wanda", body: "Hi Wanda, a short note.\n\nJustin" });
    };
    database = await testDatabase();
    const drafter = new LlmDrafter(
      { api: "openai", baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "gpt-test" },
      { maxRetries: 0, timeoutMs: 5_000 },
    );
    deps = await engineDeps(database, { drafters: { template: templateDrafter, llm: drafter } });
    t = await createTenant(database.db, "llmvis");
    await oneStepNurture(database.db, t.revops, "vis_auto", T0);
    await setCampaignDrafter(database.db, t.revops, { campaignSlug: "vis_auto", drafter: "llm" }, T0);
  });
  afterAll(async () => {
    await database.close();
    await llm.close();
  });

  const enroll = async (name: string) => {
    const contactId = await addContact(database.db, t.clientId, name);
    return (await enrollContact(database.db, t.exec, { campaign: "vis_auto", contactId }, T0)).enrollment_id!;
  };
  const outcome = async (enrollmentId: string) => {
    const task = await database.db
      .selectFrom("engine_drafting_tasks")
      .select(["status", "staged_draft_id"])
      .where("client_id", "=", t.clientId)
      .where("enrollment_id", "=", enrollmentId)
      .executeTakeFirstOrThrow();
    const item = await database.db
      .selectFrom("sales_send_queue as q")
      .innerJoin("staged_drafts as d", (j) =>
        j.onRef("d.client_id", "=", "q.client_id").onRef("d.id", "=", "q.staged_draft_id"),
      )
      .select(["q.status as item", "d.status as draft", "d.drafted_by", "d.body"])
      .where("q.client_id", "=", t.clientId)
      .where("q.enrollment_id", "=", enrollmentId)
      .executeTakeFirstOrThrow();
    return { task: task.status, ...item, firstLine: item.body.split("\n")[0] };
  };

  it("refused and truncated: the task is submitted, the touch held for a person; a real draft goes out", async () => {
    const refused = await enroll("Rita Refused");
    const truncated = await enroll("Tom Truncated");
    const works = await enroll("Wanda Works");
    // the step opens the drafting tasks; the same pass (or the next) lets the model draft them
    for (let i = 0; i < 3; i++)
      await runEngineOnce(deps, T0, {
        workerId: "w1",
        batch: 50,
        onError: (e) => {
          throw e;
        },
      });
    const r = await outcome(refused);
    expect(r).toMatchObject({
      task: "submitted",
      item: "drafted",
      draft: "pending",
      drafted_by: "template (llm:gpt-test refused)",
    });
    expect(r.firstLine).toMatch(
      /^\[DRAFT_NOT_WRITTEN \(refused\): the llm:gpt-test drafter wrote no draft: the model refused: I can't help with that\./,
    );
    const c = await outcome(truncated);
    expect(c).toMatchObject({ task: "submitted", item: "drafted", draft: "pending" });
    expect(c.drafted_by).toBe("template (llm:gpt-test truncated)");
    expect(c.body).not.toContain("Hi Tom, we");
    const w = await outcome(works);
    expect(w).toMatchObject({ task: "submitted", draft: "approved", drafted_by: "llm:gpt-test" });
    expect(["approved", "sent"]).toContain(w.item);
    // each was asked once: an answer is not retried
    const asked = (name: string) =>
      llm.requests.filter((q) => String(q.body.messages[1].content).includes(name)).length;
    expect([asked("Rita Refused"), asked("Tom Truncated"), asked("Wanda Works")]).toEqual([1, 1, 1]);
  });
});
