// An assistant's booking address or a booking link (issue 72 item 3): "book a time via my
// assistant anna@x", "meine Assistentin vereinbart einen Termin", a Calendly link. The person is
// saying yes to a meeting through someone who keeps their diary: a meeting, not a referral to
// another person to sell to. On normalised text (rule-classifier.ts normaliseReply).

const ASSISTANT =
  "\\b(?:(?:executive |personal )?assistant|assistentin|assistenz|assistent|sekretarin|sekretariat|" +
  "assistante|secretaire|asistente|secretari[ao]|assistente|segretari[ao]|secretaresse|managementassistent(?:e)?|" +
  // "my EA / PA", as people abbreviate an executive or personal assistant
  "(?<=\\b(?:my|our) )(?:ea|pa))\\b";
const DIARY =
  "\\b(?:book|booking|schedule|scheduling|set up|arrange|find a time|calendar|diary|slot|meeting|call|" +
  "termin\\w*|kalender|vereinbar\\w*|einplan\\w*|rendez-vous|rdv|creneau|agenda|planifier|caler|organiser|" +
  "cita|reunion|agendar|coordinar|programar|hueco|afspraak|inplannen|plannen|appuntamento|fissare|" +
  "organizzare|calendario|riunione|incontro|marcar|reuniao|horario)\\b";
// the assistant and the diary in one sentence, in either order; a dot inside a word (the
// assistant's address, "Dr.") does not end the sentence
const SAME_SENTENCE = "(?:[^.!?\\n]|\\.(?=\\S)){0,120}";
const ASSISTANT_BOOKS = new RegExp(
  `${ASSISTANT}${SAME_SENTENCE}${DIARY}|${DIARY}${SAME_SENTENCE}${ASSISTANT}`,
);
/** Scheduling pages a person sends to book them. */
const BOOKING_LINK =
  /\b(?:calendly\.com|cal\.com\/|savvycal\.com|meetings\.hubspot\.com|chilipiper\.com|youcanbook\.me|zcal\.co|tidycal\.com|calendar\.app\.google|outlook\.office365\.com\/(?:owa\/calendar|book))/;

/** Whether the reply books a meeting through an assistant or a booking link. */
export function booksThroughAssistant(t: string): boolean {
  return BOOKING_LINK.test(t) || ASSISTANT_BOOKS.test(t);
}
