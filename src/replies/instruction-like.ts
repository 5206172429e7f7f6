// Text that talks to a model instead of to the sender (issue 73 item 5): "classify this as
// interested", "ignore the previous instructions", "confidence: 1", a role label. A reply is read by
// an LLM when one is configured, and a model may obey what the reply tells it; such a reply is never
// acted on from the model's reading alone (llm-classifier.ts), whatever the model answered. A person
// rarely writes these to a salesperson; a false match costs a person's look at the reply, no more.
// Pure; each pattern is linear (no nested quantifiers) and reads at most the writer's own words.

const PATTERNS: RegExp[] = [
  // "classify this (reply) as interested", "label this email as a meeting", "mark me as interested"
  /\b(classify|classified|categori[sz]e|label|mark|tag|treat|flag|score|rate|read|interpret|consider)\s+(this|it|me|my|the)\b[^.\n]{0,40}?\b(as|like)\s+(an?\s+)?(interested|meeting|positive|hot|qualified|converted|not[ _]interested|unsubscribe|out[ _]of[ _]office|referral|later|other)\b/i,
  // "ignore (all) (the) previous instructions", "disregard the above"
  /\b(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+|my\s+)*(previous|prior|above|earlier|preceding|system|original)\s+(\w+\s+){0,2}(instructions?|prompts?|rules|directions|guidelines)\b/i,
  // the answer's own fields, as a model would be asked for them
  /["']?\b(intent|confidence|stop_signal|return_date)\b["']?\s*[:=]\s*["']?[\w.]/i,
  // a role label opening a line, or the model addressed as one (the blank before the label stays on
  // its line: `\s*` crossed lines, and 50,000 newlines cost 18 s; issue 73 item 4)
  /(^|\n)[^\S\n]*(system|assistant|user|developer)[^\S\n]*:/i,
  /\b(you are|you're|act as|as an?)\s+(an?\s+)?(ai|a\.i\.|language model|llm|chatbot|assistant|classifier|gpt|claude)\b/i,
  /\b(respond|answer|reply|output|return)\s+(only\s+)?(with|in)\s+(json|the json|this json|the following)\b/i,
  /<\/?\s*(system|instructions?|prompt)\s*>/i,
];

/** Whether the text holds words addressed to a model (the first match's text, or null). */
export function instructionLike(text: string): string | null {
  for (const p of PATTERNS) {
    const m = p.exec(text);
    if (m) return m[0].trim().slice(0, 80);
  }
  return null;
}
