// The LLM adapter through @anthropic-ai/sdk against a local stand-in of the Messages API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDrafter } from "../../src/drafting/create-drafter.ts";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { buildPrompt, LlmDrafter, parseLlmDraft } from "../../src/drafting/llm-drafter.ts";
import { templateDrafter } from "../../src/drafting/template-drafter.ts";
import { type LlmStandIn, startLlmStandIn } from "../support/llm-stand-in.ts";

let llm: LlmStandIn;
beforeAll(async () => {
  llm = await startLlmStandIn();
});
afterAll(async () => {
  await llm.close();
});

describe("LlmDrafter", () => {
  it("sends the step, goal, contact and account to the model and parses subject and body", async () => {
    const drafter = createDrafter({
      llm: { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" },
    });
    expect(drafter.name).toBe("llm:claude-test");
    const before = llm.requests.length;
    const d = await drafter.draft(sampleDraftInput());
    expect(d).toEqual({
      subject: "Great speaking today",
      body: "Hi Dana,\n\nThanks for the time today.\n\nJustin",
      draftedBy: "llm:claude-test",
    });
    const req = llm.requests.slice(before);
    expect(req).toHaveLength(1);
    expect(req[0]?.body.model).toBe("claude-test");
    expect(req[0]?.body.system).toContain("[bracketed placeholder]");
    const prompt = req[0]?.body.messages[0].content as string;
    expect(prompt).toContain("content type: proof");
    expect(prompt).toContain("Goal of this enrollment: pipeline");
    expect(prompt).toContain("Company: Northwind Commerce");
    expect(prompt).toContain("Recipient: Dana Reyes, VP Marketing");
  });

  it("is never told a play's internal name or notes, and asks for a draft ready to approve (issue 60 item 3)", () => {
    const play = {
      ...sampleDraftInput(),
      campaign: {
        slug: "play_0a1b2c3d4e5f",
        name: "Play: Proof-led re-engagement",
        kind: "sales",
        type: "play",
      },
      enrollment: { goal: null, notes: "play execution: Proof-led re-engagement" },
    };
    const prompt = buildPrompt(play);
    expect(prompt).not.toMatch(/Proof-led|play_0a1b|Play:/);
    expect(prompt).toContain("write no [bracketed placeholder]");
    // a campaign of the team's own keeps its name and notes
    const campaign = buildPrompt(sampleDraftInput());
    expect(campaign).toContain("Campaign: B2BEA membership");
    expect(campaign).toContain("Met at the March roundtable");
    expect(campaign).not.toContain("write no [bracketed placeholder]");
  });

  it("a transient failure (529 overloaded, then 500) is retried by the SDK", async () => {
    const drafter = new LlmDrafter({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" });
    llm.failNext(529);
    llm.failNext(500);
    const before = llm.requests.length;
    const d = await drafter.draft(sampleDraftInput());
    expect(d.subject).toBe("Great speaking today");
    expect(llm.requests.length - before).toBe(3);
  });

  it("gives up with DRAFTER_FAILED when retries run out, and on a permanent error at once", async () => {
    const drafter = new LlmDrafter(
      { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" },
      { maxRetries: 1 },
    );
    llm.failNext(529, 2);
    await expect(drafter.draft(sampleDraftInput())).rejects.toMatchObject({ code: "DRAFTER_FAILED" });
    const bad = new LlmDrafter({ baseUrl: llm.baseUrl, apiKey: "wrong", model: "claude-test" });
    const before = llm.requests.length;
    await expect(bad.draft(sampleDraftInput())).rejects.toMatchObject({
      code: "DRAFTER_FAILED",
      facts: { reason: "the model API answered 401: authentication_error: invalid API key" },
    });
    expect(llm.requests.length - before).toBe(1);
  });

  it("LinkedIn drafts have no subject", async () => {
    const drafter = new LlmDrafter({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" });
    llm.reply = () => "Dana - loved your talk on B2B search. Justin";
    const d = await drafter.draft(
      sampleDraftInput({ step: { channel: "linkedin", content_type: "follow_up" } }),
    );
    expect(d).toMatchObject({ subject: null, body: "Dana - loved your talk on B2B search. Justin" });
  });

  it("without config.llm the template drafter is used", () => {
    expect(createDrafter({ llm: undefined })).toBe(templateDrafter);
  });

  it("parses drafts without a subject line", () => {
    expect(parseLlmDraft("Hello", "email")).toEqual({ subject: "[subject]", body: "Hello" });
    expect(parseLlmDraft("Subject: Hi\nBody", "linkedin")).toEqual({ subject: null, body: "Body" });
  });
});
