// The LLM adapter (spec 002 "Drafting and approval": an LLM adapter uses a provider SDK behind an
// interface). config.llm's API (llm-client.ts): Anthropic's Messages API, or OpenAI-style chat
// completions (Ollama, vLLM, gateways), at config.llm's base URL, so a gateway or the test
// stand-in can sit in front. Transient failures (429, 5xx, timeouts, connection errors) are
// retried; what still fails becomes DRAFTER_FAILED. Drafts still go to staged_drafts for approval
// like any other. The draft comes back as a JSON object of DRAFT_SCHEMA on both APIs (structured
// output: chat completions' response_format, the Messages API's output_config.format); a server that
// ignores the schema and writes "Subject: …" and the body is still read.
// A model that refuses, or whose answer is cut at the token limit, has answered: asking again gets
// the same. The task ends then, visibly: the touch is the template's draft under a first line that
// says what the model did (DRAFT_NOT_WRITTEN), a [bracketed] line, so the draft waits for a person
// (never sent without one, never approved until the line is gone: unfinished.ts). A cut or broken
// JSON object is never taken for a draft.

import type { ChannelName } from "../channels/contract.ts";
import { hasSubject } from "../channels/contract.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { Metrics } from "../metrics/index.ts";
import type { Drafter, DraftInput, DraftOutput } from "./drafter.ts";
import {
  createLlmClient,
  LlmCallError,
  type LlmClient,
  type LlmClientOptions,
  type LlmConfig,
} from "./llm-client.ts";
import { renderTemplate } from "./render-template.ts";
import { renderTemplateDraft } from "./template-drafter.ts";

export type { LlmConfig };

export const LLM_SYSTEM_PROMPT = [
  "You write one B2B outreach touch for a human approver to review before anything is sent.",
  "Write in the sender's voice: plain, specific, short, no hype, no pressure.",
  "Follow the step's instructions exactly. Use only facts given to you; where a fact is missing,",
  "write a [bracketed placeholder] for the approver instead of inventing it.",
  "For an email, the first line is 'Subject: <subject>', then a blank line, then the body.",
  "For a LinkedIn message, write only the message body.",
  "The segment, the tier, the content type and the notes are the team's internal words: never write them to the recipient.",
].join(" ");

/**
 * A play's campaign is named after the play ("Play: Proof-led re-engagement, mid-market"), an
 * internal name (issue 60 item 3): the model is not told it, so it cannot write it, and it writes
 * the touch ready to approve, as the play's step templates are (play-step-templates.ts).
 */
const isPlay = (input: DraftInput) => input.campaign.type === "play";

export function buildPrompt(input: DraftInput): string {
  const a = input.account;
  return [
    `Channel: ${input.step.channel}`,
    isPlay(input)
      ? `Campaign: a play of the team's (${input.campaign.kind}); its name is internal and not given`
      : `Campaign: ${input.campaign.name} (${input.campaign.type}, ${input.campaign.kind})`,
    `Step ${input.step.step_number}, day ${input.step.delay_days}, content type: ${input.step.content_type}`,
    input.variant
      ? `Instructions for this step (variant ${input.variant.key}): ${input.variant.instructions}`
      : `Instructions for this step: ${input.step.template_instructions}`,
    // a variant's subject is a template with merge fields (docs/campaigns.md "Templates"): filled in
    input.variant?.subject
      ? `Use this subject line: ${renderTemplate(input.variant.subject, input, { subject: true }).text}`
      : null,
    `Goal of this enrollment: ${input.enrollment.goal ?? "not recorded"}`,
    input.enrollment.notes && !isPlay(input)
      ? `Notes from the exec's routing decision: ${input.enrollment.notes}`
      : null,
    `Recipient: ${input.contact.full_name}${input.contact.title ? `, ${input.contact.title}` : ""}`,
    a
      ? `Company: ${a.name}; vertical: ${a.vertical ?? "unknown"}; segment: ${a.segment ?? "unknown"}; tier: ${a.icp_tier}`
      : null,
    `Sign as: ${input.senderName}`,
    input.sendsWithoutReview
      ? "This message is sent exactly as you write it, with no person reading it first: write no [bracketed placeholder]; where a fact is missing, leave it out."
      : isPlay(input)
        ? "Write it ready to approve as it is: write no [bracketed placeholder]; where a fact is missing, leave it out."
        : null,
  ]
    .filter((l): l is string => l !== null)
    .join("\n");
}

/** What the system prompt adds for the JSON answer (structured output on either API). */
export const LLM_JSON_DRAFT_FORMAT =
  'Answer with one JSON object and nothing else: {"subject": "<subject>" or null for LinkedIn, "body": "<body>"}.';

/** The draft's structured output (strict: every property required, no others). */
export const DRAFT_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  required: ["subject", "body"],
  properties: {
    subject: { type: ["string", "null"], description: "the email's subject; null for LinkedIn" },
    body: { type: "string", description: "the message body" },
  },
};

/**
 * A JSON draft ({"subject", "body"}); null when the text is not JSON at all (a server that ignores
 * response_format and writes "Subject: …"); `broken` when it is JSON, or starts as JSON, but not a
 * draft: such a text is never read as the Subject-line form.
 */
export function parseJsonDraft(
  text: string,
  channel: ChannelName,
): { subject: string | null; body: string } | null | "broken" {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const raw = (fenced ? (fenced[1] ?? "") : text).trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw.startsWith("{") || raw.startsWith("[") ? "broken" : null;
  }
  const o = parsed as { subject?: unknown; body?: unknown } | null;
  if (!o || typeof o !== "object" || typeof o.body !== "string" || !o.body.trim()) return "broken";
  if (!hasSubject(channel)) return { subject: null, body: o.body.trim() };
  const subject = typeof o.subject === "string" && o.subject.trim() ? o.subject.trim() : "[subject]";
  return { subject, body: o.body.trim() };
}

/**
 * The template's draft under a first line saying why the model wrote none: a [bracketed] line, so
 * the draft waits for a person whatever the campaign (hasPlaceholder, unfinished.ts).
 */
export function draftNotWritten(
  input: DraftInput,
  drafter: string,
  kind: "refused" | "truncated" | "malformed",
  why: string,
): DraftOutput {
  const t = renderTemplateDraft(input);
  const note = `[DRAFT_NOT_WRITTEN (${kind}): the ${drafter} drafter wrote no draft: ${why.replace(/[[\]]/g, "")}. Write this touch yourself (the template's draft is below) and delete this line before approving.]`;
  return { subject: t.subject, body: `${note}\n${t.body}`, draftedBy: `template (${drafter} ${kind})` };
}

/** Splits "Subject: …\n\nbody" for a channel with a subject (email); the others (LinkedIn) have none. */
export function parseLlmDraft(text: string, channel: ChannelName): { subject: string | null; body: string } {
  const trimmed = text.trim();
  const m = /^subject:\s*(.+)\r?\n([\s\S]*)$/i.exec(trimmed);
  if (!hasSubject(channel)) return { subject: null, body: (m ? (m[2] ?? "") : trimmed).trim() };
  if (m) return { subject: (m[1] ?? "").trim(), body: (m[2] ?? "").trim() };
  return { subject: "[subject]", body: trimmed };
}

export class LlmDrafter implements Drafter {
  readonly name: string;
  private readonly client: LlmClient;

  constructor(config: LlmConfig, opts: Partial<LlmClientOptions> = {}) {
    this.name = `llm:${config.model}`;
    this.client = createLlmClient(config, {
      ...opts,
      maxRetries: opts.maxRetries ?? 2,
      timeoutMs: opts.timeoutMs ?? 60_000,
      purpose: "draft",
    });
  }

  async draft(input: DraftInput): Promise<DraftOutput> {
    let text: string;
    try {
      text = await this.client.complete({
        system: `${LLM_SYSTEM_PROMPT} ${LLM_JSON_DRAFT_FORMAT}`,
        user: buildPrompt(input),
        maxTokens: 1024,
        jsonSchema: { name: "outreach_draft", schema: DRAFT_SCHEMA },
      });
    } catch (e) {
      if (e instanceof LlmCallError && (e.kind === "refused" || e.kind === "truncated"))
        return draftNotWritten(input, this.name, e.kind, e.message);
      throw new BatonError("DRAFTER_FAILED", {
        drafter: this.name,
        reason: e instanceof LlmCallError ? e.message : (e as Error).message,
      });
    }
    if (!text.trim())
      throw new BatonError("DRAFTER_FAILED", { drafter: this.name, reason: "the model returned no text" });
    const json = parseJsonDraft(text, input.step.channel);
    if (json === "broken")
      return draftNotWritten(input, this.name, "malformed", "its answer was not the JSON draft asked for");
    const { subject, body } = json ?? parseLlmDraft(text, input.step.channel);
    return { subject, body, draftedBy: this.name };
  }
}

/** For src/engine/default-engine-deps.ts: the LLM drafter of config.llm, counted into metrics. */
export function createLlmDrafter(config: LlmConfig, metrics?: Metrics): Drafter {
  return new LlmDrafter(config, metrics ? { metrics } : {});
}
