// The LLM adapter (spec 002 "Drafting and approval": an LLM adapter uses a provider SDK behind an
// interface). config.llm's API (llm-client.ts): Anthropic's Messages API, or OpenAI-style chat
// completions (Ollama, vLLM, gateways), at config.llm's base URL, so a gateway or the test
// stand-in can sit in front. Transient failures (429, 5xx, timeouts, connection errors) are
// retried; what still fails becomes DRAFTER_FAILED. Drafts still go to staged_drafts for approval
// like any other. Over chat completions the draft comes back as a JSON object (JSON mode), over
// the Messages API, which has no such mode, as "Subject: …" and the body.
import { BatonError } from "../errors/baton-error.ts";
import type { Drafter, DraftInput, DraftOutput } from "./drafter.ts";
import { createLlmClient, LlmCallError, type LlmClient, type LlmConfig } from "./llm-client.ts";
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

/** What the system prompt adds when the model answers in JSON mode. */
export const LLM_JSON_DRAFT_FORMAT =
  'Answer with one JSON object and nothing else: {"subject": "<subject>" or null for LinkedIn, "body": "<body>"}.';

/** A JSON-mode draft ({"subject", "body"}), or null when the text is not one. */
export function parseJsonDraft(
  text: string,
  channel: "email" | "linkedin",
): { subject: string | null; body: string } | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse((fenced ? (fenced[1] ?? "") : text).trim());
  } catch {
    return null;
  }
  const o = parsed as { subject?: unknown; body?: unknown } | null;
  if (!o || typeof o !== "object" || typeof o.body !== "string" || !o.body.trim()) return null;
  if (channel === "linkedin") return { subject: null, body: o.body.trim() };
  const subject = typeof o.subject === "string" && o.subject.trim() ? o.subject.trim() : "[subject]";
  return { subject, body: o.body.trim() };
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
  private readonly client: LlmClient;
  private readonly json: boolean;

  constructor(
    config: LlmConfig,
    opts: { maxRetries?: number; timeoutMs?: number; maxRetryAfterMs?: number } = {},
  ) {
    this.name = `llm:${config.model}`;
    this.json = config.api === "openai";
    this.client = createLlmClient(config, {
      maxRetries: opts.maxRetries ?? 2,
      timeoutMs: opts.timeoutMs ?? 60_000,
      maxRetryAfterMs: opts.maxRetryAfterMs,
    });
  }

  async draft(input: DraftInput): Promise<DraftOutput> {
    let text: string;
    try {
      text = await this.client.complete({
        system: this.json ? `${LLM_SYSTEM_PROMPT} ${LLM_JSON_DRAFT_FORMAT}` : LLM_SYSTEM_PROMPT,
        user: buildPrompt(input),
        maxTokens: 1024,
        json: this.json,
      });
    } catch (e) {
      throw new BatonError("DRAFTER_FAILED", {
        drafter: this.name,
        reason: e instanceof LlmCallError ? e.message : (e as Error).message,
      });
    }
    if (!text.trim())
      throw new BatonError("DRAFTER_FAILED", { drafter: this.name, reason: "the model returned no text" });
    const { subject, body } =
      (this.json ? parseJsonDraft(text, input.step.channel) : null) ??
      parseLlmDraft(text, input.step.channel);
    return { subject, body, draftedBy: this.name };
  }
}

/** For src/engine/default-engine-deps.ts: the LLM drafter of config.llm. */
export function createLlmDrafter(config: LlmConfig): Drafter {
  return new LlmDrafter(config);
}
