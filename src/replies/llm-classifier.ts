// The LLM reply classifier (issue 35: "with LLM_* configured, the LLM classifies and the rules are
// the fallback"). It calls the same endpoint as the LLM drafting adapter (src/drafting/llm-client.ts):
// Anthropic's Messages API or OpenAI-style chat completions in JSON mode (LLM_API), at config.llm's
// base URL, so a gateway or the test stand-in can sit in front.
//
// Contract: the model gets the reply (the quoted original removed, at most 4,000 characters) and
// the day it was received, and answers one JSON object, nothing else:
//   {"intent": "interested"|"meeting"|"not_interested"|"unsubscribe"|"out_of_office"|"other",
//    "confidence": 0..1, "return_date": "YYYY-MM-DD" | null}
// A fenced ```json block is accepted. An answer that is not that object, an API error, or no
// answer within the timeout (default 15 s, one retry) falls back to the rules, and `by` says so
// ("rules:… (llm fallback: …)").
// One rule stands over the model: a stop request the rules recognise is `unsubscribe` whatever the
// model says (honouring a stop is always safe; missing one is a compliance failure).
import { Type } from "typebox";
import { Value } from "typebox/value";
import { createLlmClient, LlmCallError, type LlmClient, type LlmConfig } from "../drafting/llm-client.ts";
import type { Classification, ReplyClassifier, ReplyIntent } from "./classifier.ts";
import { classifyReply, stripQuoted } from "./rule-classifier.ts";

export type { LlmConfig };

const INTENTS = ["interested", "meeting", "not_interested", "unsubscribe", "out_of_office", "other"] as const;

export const LlmAnswer = Type.Object({
  intent: Type.Union(INTENTS.map((i) => Type.Literal(i))),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  return_date: Type.Optional(Type.Union([Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }), Type.Null()])),
});

export const REPLY_CLASSIFIER_PROMPT = [
  "You classify one reply that a prospect sent to a B2B outreach email. The reply may be in any language.",
  "Answer with one JSON object and nothing else:",
  '{"intent": "...", "confidence": 0.0-1.0, "return_date": "YYYY-MM-DD" or null}.',
  "intent is one of:",
  "unsubscribe: asks to stop being contacted, to be removed from a list, or to have their data deleted (this wins over anything else in the reply);",
  "out_of_office: an automatic absence reply; return_date is the first day they are back, if the reply says;",
  "not_interested: declines, says no, not now, already has a solution, no budget;",
  "meeting: agrees to or proposes a call or meeting, names a time, or asks for a calendar invite;",
  "interested: a positive reply without a time: yes, sure, sounds good, tell me more, send the details;",
  "other: anything else (questions, wrong person, has left the company, acknowledgements).",
  "A negated acceptance ('not sure', 'not interested') is not interested.",
  "return_date is null unless intent is out_of_office.",
].join(" ");

const MAX_CHARS = 4_000;

/** The model's answer, or why it is not one. */
export function parseLlmAnswer(
  text: string,
):
  | { ok: true; answer: { intent: ReplyIntent; confidence: number; returnDate: string | null } }
  | { ok: false; reason: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced ? (fenced[1] ?? "") : text).trim();
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end < start) return { ok: false, reason: "no JSON object in the answer" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.slice(start, end + 1));
  } catch {
    return { ok: false, reason: "the answer is not valid JSON" };
  }
  if (!Value.Check(LlmAnswer, parsed)) return { ok: false, reason: "the answer does not match the contract" };
  return {
    ok: true,
    answer: { intent: parsed.intent, confidence: parsed.confidence, returnDate: parsed.return_date ?? null },
  };
}

function validDay(s: string | null): Date | null {
  if (!s) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d;
}

export class LlmReplyClassifier implements ReplyClassifier {
  readonly name: string;
  private readonly client: LlmClient;

  constructor(
    config: LlmConfig,
    opts: { maxRetries?: number; timeoutMs?: number; maxRetryAfterMs?: number } = {},
  ) {
    this.name = `llm:${config.model}`;
    this.client = createLlmClient(config, {
      maxRetries: opts.maxRetries ?? 1,
      timeoutMs: opts.timeoutMs ?? 15_000,
      // a reply waits for its classification: a long rate-limit pause falls back to the rules
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 10_000,
    });
  }

  async classify(text: string, receivedAt: Date): Promise<Classification> {
    const rules = classifyReply(text, receivedAt);
    const fallback = (reason: string): Classification => ({
      ...rules,
      by: `${rules.by} (llm fallback: ${reason})`,
    });
    let answer: string;
    try {
      answer = await this.client.complete({
        system: REPLY_CLASSIFIER_PROMPT,
        user: `Received: ${receivedAt.toISOString().slice(0, 10)}\n\nReply:\n${stripQuoted(text).trim().slice(0, MAX_CHARS)}`,
        maxTokens: 200,
        json: true,
      });
    } catch (e) {
      const status = e instanceof LlmCallError ? e.status : undefined;
      const timedOut = e instanceof LlmCallError && e.timedOut;
      return fallback(status ? `the model API answered ${status}` : timedOut ? "timeout" : "no answer");
    }
    const parsed = parseLlmAnswer(answer);
    if (!parsed.ok) return fallback(parsed.reason);
    const { intent, confidence, returnDate } = parsed.answer;
    // a stop request the rules see is honoured whatever the model says
    if (rules.intent === "unsubscribe" && intent !== "unsubscribe") {
      return { ...rules, by: `${rules.by} (over llm: ${intent})` };
    }
    return {
      intent,
      confidence,
      returnDate:
        intent === "out_of_office"
          ? (validDay(returnDate) ?? (rules.intent === "out_of_office" ? rules.returnDate : null))
          : null,
      by: this.name,
    };
  }
}
