// Classify an inbound reply without acting on it (issue 38): the classifier process_reply uses,
// and what reporting the reply would do. Writes nothing; the same principals as process_reply.
import type { Principal } from "../auth/principal.ts";
import { campaignPorts } from "./ports.ts";
import { replyEffect, requireReplySubmitter } from "./process-reply.ts";

export interface ReplyClassificationView {
  intent: string;
  confidence: number;
  classified_by: string;
  return_date: string | null;
  if_reported: string;
}

export async function classifyReplyAs(
  actor: Principal,
  input: { text: string; receivedAt: Date },
): Promise<ReplyClassificationView> {
  requireReplySubmitter(actor, "classify inbound replies");
  const c = await (await campaignPorts()).classifier.classify(input.text, input.receivedAt);
  return {
    intent: c.intent,
    confidence: c.confidence,
    classified_by: c.by,
    return_date: c.returnDate ? c.returnDate.toISOString() : null,
    if_reported: replyEffect(c.intent),
  };
}
