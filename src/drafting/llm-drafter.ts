// The LLM adapter (spec 002 "Drafting and approval": an LLM adapter uses a provider SDK behind an
// interface). Anthropic's Messages API through @anthropic-ai/sdk, with config.llm's base URL, so a
// gateway or the test stand-in can sit in front. The SDK retries transient failures (429, 5xx,
// connection errors) with backoff; what still fails becomes DRAFTER_FAILED. Drafts still go to
// staged_drafts for approval like any other.
import type Anthropic from "@anthropic-ai/sdk";
import { BatonError } from "../errors/baton-error.ts";
import type { Drafter, DraftInput, DraftOutput } from "./drafter.ts";
import { type LlmConfig, lazyLlmClient } from "./llm-client.ts";
import { renderTemplate } from "./render-template.ts";

export type { LlmConfig };

export const LLM_SYSTEM_PROMPT = [
  "You write one B2B outreach touch for a human approver to review before anything is sent.",
  "Write in the sender's voice: plain, specific, short, no hype, no pressure.",
  "Follow the step's instructions exactly. Use only facts given to you; where a fact is missing,",
  "write a [bracketed placeholder] for the approver instead of inventing it.",
  "For an email, the first line is 'Subject: <subject>', then a blank line, then the body.",
  "For a LinkedIn message, write only the message body.",
].join(" ");

export function buildPrompt(input: DraftInput): string {
  const a = input.account;
  return [
    `Channel: ${input.step.channel}`,
    `Campaign: ${input.campaign.name} (${input.campaign.type}, ${input.campaign.kind})`,
    `Step ${input.step.step_number}, day ${input.step.delay_days}, content type: ${input.step.content_type}`,
    input.variant
      ? `Instructions for this step (variant ${input.variant.key}): ${input.variant.instructions}`
      : `Instructions for this step: ${input.step.template_instructions}`,
    // a variant's subject is a template with merge fields (docs/campaigns.md "Templates"): filled in
    input.variant?.subject
      ? `Use this subject line: ${renderTemplate(input.variant.subject, input, { subject: true }).text}`
      : null,
    `Goal of this enrollment: ${input.enrollment.goal ?? "not recorded"}`,
    input.enrollment.notes ? `Notes from the exec's routing decision: ${input.enrollment.notes}` : null,
    `Recipient: ${input.contact.full_name}${input.contact.title ? `, ${input.contact.title}` : ""}`,
    a
      ? `Company: ${a.name}; vertical: ${a.vertical ?? "unknown"}; segment: ${a.segment ?? "unknown"}; tier: ${a.icp_tier}`
      : null,
    `Sign as: ${input.senderName}`,
    input.sendsWithoutReview
      ? "This message is sent exactly as you write it, with no person reading it first: write no [bracketed placeholder]; where a fact is missing, leave it out."
      : null,
  ]
    .filter((l): l is string => l !== null)
    .join("\n");
}

/** Splits "Subject: …\n\nbody" for email; LinkedIn has no subject. */
export function parseLlmDraft(
  text: string,
  channel: "email" | "linkedin",
): { subject: string | null; body: string } {
  const trimmed = text.trim();
  const m = /^subject:\s*(.+)\r?\n([\s\S]*)$/i.exec(trimmed);
  if (channel === "linkedin") return { subject: null, body: (m ? (m[2] ?? "") : trimmed).trim() };
  if (m) return { subject: (m[1] ?? "").trim(), body: (m[2] ?? "").trim() };
  return { subject: "[subject]", body: trimmed };
}

export class LlmDrafter implements Drafter {
  readonly name: string;
  private readonly clientOf: () => Promise<Anthropic>;

  constructor(
    private readonly config: LlmConfig,
    opts: { maxRetries?: number; timeoutMs?: number } = {},
  ) {
    this.name = `llm:${config.model}`;
    this.clientOf = lazyLlmClient(config, {
      maxRetries: opts.maxRetries ?? 2,
      timeoutMs: opts.timeoutMs ?? 60_000,
    });
  }

  async draft(input: DraftInput): Promise<DraftOutput> {
    let text: string;
    try {
      const client = await this.clientOf();
      const msg = await client.messages.create({
        model: this.config.model,
        max_tokens: 1024,
        system: LLM_SYSTEM_PROMPT,
        messages: [{ role: "user", content: buildPrompt(input) }],
      });
      text = msg.content
        .filter((b): b is Extract<typeof b, { type: "text" }> => b.type === "text")
        .map((b) => b.text)
        .join("\n");
    } catch (e) {
      const status = (e as { status?: number }).status;
      throw new BatonError("DRAFTER_FAILED", {
        drafter: this.name,
        reason: status ? `the model API answered ${status}` : (e as Error).message,
      });
    }
    if (!text.trim())
      throw new BatonError("DRAFTER_FAILED", { drafter: this.name, reason: "the model returned no text" });
    const { subject, body } = parseLlmDraft(text, input.step.channel);
    return { subject, body, draftedBy: this.name };
  }
}

/** For src/engine/default-engine-deps.ts: the LLM drafter of config.llm. */
export function createLlmDrafter(config: LlmConfig): Drafter {
  return new LlmDrafter(config);
}
