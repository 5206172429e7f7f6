// Whether a reply asks something a person should answer (issue 72 item 4: "a pricing question read
// as 97% interested ended a sequence as meeting with no person seeing it"): a price, references, how
// it works. A question is not a yes: a positive reading that asks never exits alone (automation.ts).
// Proposing or accepting a time ("can we talk Tuesday at 10?") is scheduling, not a question to
// answer. On normalised text (rule-classifier.ts normaliseReply).
import { MEET, namesATime, PRICE } from "./intent-rules.ts";

// references, case studies, who else uses it, a customer to talk to, in the seven languages
const REFERENCES =
  /\b(references?|case stud(y|ies)|customers? (like us|in our|who)|who else uses|referenzen|referenzkunden|fallstudie\w*|references clients|etudes? de cas|referencias|casos de (exito|estudio)|referenties|klantcases|referenze|casi (di successo|studio)|referencias|casos de sucesso|estudos de caso)\b|\b(?:clients?|clientes?|clienti|customers?|kunden?|klant(?:en)?)\b[^.!?]{0,40}\b(?:talk to|speak (?:to|with)|hablar|parler|sprechen|parlare|praten|spreken|falar)\b/;

/** The sentences that end in a question mark. */
function questions(t: string): string[] {
  return t.match(/[^.!?\n]{1,300}\?/g) ?? [];
}

export function asksQuestion(t: string): boolean {
  if (PRICE.test(t) || REFERENCES.test(t)) return true;
  return questions(t).some((q) => !namesATime(q) && !MEET.test(q));
}
