// How sure a rule reading is (issue 56 item 3.3). Automation acts alone only above the intent's
// threshold (automation.ts), so this number decides what waits for a person: a single clear match
// with nothing against it is high; competing intents, a negation near a yes, sarcasm, a hedge, a
// question or a one-word reply lower it. A positive reading (interested, meeting) exits the person
// as converted, so it is high only when the reply is plainly positive: a polite no, a referral or a
// delay must never read as a sure interested.
import type { ReplyIntent } from "./classifier.ts";

export interface ReadingSignals {
  intent: ReplyIntent;
  /** Other intents whose rules also matched (the first in priority order won). */
  competitors: readonly ReplyIntent[];
  /** A positive phrase was found but negated ("not sure", "nicht interessant"). */
  negatedPositive: boolean;
  /** "Looks interesting, but we're all set": a yes's words, then a no after a "but" (rule-classifier.ts). */
  concessive?: boolean;
  /** Words in the writer's own text. */
  words: number;
  /** The text asks something. */
  question: boolean;
  /** later / out_of_office: a date was found. */
  hasDate: boolean;
  /** Any sign of a stop request. */
  stopSignal: boolean;
  /** A time to come back is named (later-date.ts), whatever the intent. */
  namesTime: boolean;
  /** The rule that decided matched only a weak form (a price question, a bare "sure"). */
  weak: boolean;
  normalised: string;
}

// Sarcasm and irony markers in the seven languages ("oh great, another one", "ja klar", "c'est ça")
const SARCASM =
  /(\byeah,? right\b|\boh,? (great|joy|wonderful|perfect|lovely)\b|\bjust what i (needed|wanted)\b|\bexactly what i (needed|wanted)\b|\bcan't wait\b|\bi'm (so )?thrilled\b|\banother (sales|cold|spam|pitch|vendor)\b|\/s\b|\bsure you (are|do|did|will)\b|\bas if\b|\bnothing better to do\b|\bmy favou?rite (part|thing|kind)\b|\blove (getting|receiving) (these|this|cold|more)\b|🙄|😒|\briveting\b|\bhow original\b|\bof course you (do|are|did)\b|\bthanks for nothing\b|\bja klar\b|\bna toll\b|\bwie originell\b|\bsuper,? (noch|schon wieder)\b|\bgenau das (habe|hab|hatte) ich gebraucht\b|\bschon wieder\b|\bc'est ca\b|\bgenial,? encore\b|\bquelle surprise\b|\bencore un(e)? (autre )?(mail|message|relance)\b|\bsi,? claro,? (como no|seguro)\b|\bque bien,? otro\b|\bjusto lo que necesitaba\b|\botro (correo|email|mensaje) mas\b|\bja hoor\b|\bgeweldig,? (weer|nog)\b|\bprecies wat ik nodig had\b|\balweer\b|\bcerto,? come no\b|\bproprio quello che (mi serviva|volevo)\b|\bun'altra (mail|email)\b|\bancora un'altra\b|\botimo,? mais\b|\bera (tudo|so) o que (eu )?precisava\b|\bmais um (e-?mail|email)\b|\bclaro,? claro\b)/;
// words of contacting: a no that speaks of contact may be a stop in words the rules do not know
// ("not interested and please don't reach out again" was read as a sure no on unseen replies)
const CONTACT_WORDS =
  /\b(contact\w*|reach(ing)? out|e-?mail\w*|write|writing|message\w*|send\w*|follow(ing)?[- ]?up|call(ing)?|kontakt\w*|schreib\w*|anschreib\w*|geschrieben|schick\w*|mail\w*|contacter|ecri\w*|envoy\w*|relanc\w*|sollicit\w*|escrib\w*|envi(ar|en|e|es)|llam\w*|stuur\w*|benader\w*|bellen|contatt\w*|scriv\w*|mand(are|ate|i|ino|ar|em|e)|contat\w*|escrev\w*|lig(ar|uem|ue))\b/;
// thanks for the contact is not about contacting: "thanks for reaching out", "merci de votre message"
const THANKS_FOR_CONTACT =
  /\b(thanks?|thank you|thx|danke|merci|gracias|bedankt|dank|grazie|obrigad[oa]|agradec\w*|agradeco|ringrazi\w*|remerci\w*|appreciate)\b[^.!?]{0,25}\b(reaching out|writing|escribir|your (message|e-?mail|note)|the (message|e-?mail|note|contact)|contact|contacting|message|nachricht|anfrage|mail|mensaje|correo|bericht|berichtje|messaggio|contato|contacto|mensagem)\b[^.!?]*/g;

// our messages named as a thing: "your emails to several of our lawyers were forwarded to me", "vos
// relances des 12 et 19 novembre", "ich hatte Ihre Mail weitergeleitet": what we sent, not a word
// of contact a stop would use (a stop asks with a verb: "don't email me", "stop writing")
const OUR_MESSAGES =
  /\b(your|ihre|vos|votre|sus|su|uw|je|jouw|le sue|la sua|i suoi|tuoi|tue|tua|as suas|os seus|suas|seus|a sua|o seu|tu|tus)\s+(\w+\s+){0,2}(e-?mails?|messages?|nachricht(en)?|mails?|correos?|mensajes?|berichten|bericht|messaggi|messaggio|mensagens|mensagem|relances|courriels|solleciti|comunicazioni|comunicaciones|comunicacoes|follow-?ups?|anschreiben)\b/g;

// hedges: maybe, not sure, I guess
const HEDGE =
  /\b(maybe|perhaps|possibly|might|not sure|i guess|i suppose|kind of|sort of|vielleicht|eventuell|mal sehen|peut-etre|on verra|quizas|quiza|tal vez|ya veremos|misschien|wellicht|we zien wel|forse|magari|vedremo|talvez|quem sabe|veremos)\b/;
// a yes followed by a "but": "sounds good, but not this year"
const BUT_AFTER =
  /\b(but|however|aber|allerdings|jedoch|mais|cependant|pero|sin embargo|maar|echter|ma|pero|tuttavia|mas|porem|contudo)\b/;

const BASE: Record<ReplyIntent, number> = {
  unsubscribe: 0.97,
  out_of_office: 0.95,
  not_interested: 0.95,
  later: 0.94,
  meeting: 0.97,
  interested: 0.97,
  referral: 0.9,
  other: 0.5,
};

const POSITIVE: ReadonlySet<ReplyIntent> = new Set(["interested", "meeting"]);
const NEGATIVE: ReadonlySet<ReplyIntent> = new Set(["not_interested", "later", "referral", "unsubscribe"]);

export function sarcastic(t: string): boolean {
  return SARCASM.test(t);
}

export function readingConfidence(s: ReadingSignals): number {
  let c = BASE[s.intent];
  const t = s.normalised;
  const against = (set: ReadonlySet<ReplyIntent>) => s.competitors.some((i) => set.has(i));
  switch (s.intent) {
    case "interested":
    case "meeting": {
      if (against(NEGATIVE)) c -= 0.3;
      if (s.negatedPositive) c -= 0.15;
      if (sarcastic(t)) c -= 0.4;
      if (HEDGE.test(t)) c -= 0.1;
      if (BUT_AFTER.test(t)) c -= 0.05;
      if (s.words <= 2) c -= 0.08;
      if (s.weak) c -= 0.08;
      if (s.question && s.intent === "interested" && s.weak) c -= 0.05;
      if (s.intent === "meeting" && s.competitors.includes("out_of_office")) c -= 0.1;
      break;
    }
    case "not_interested": {
      // the yes-words of a polite no ("interesting, but we're all set") are no competing yes
      if (against(POSITIVE) && !s.concessive) c -= 0.15;
      // a no said as an opinion ("I don't think this is a priority"): a person confirms it
      if (s.weak) c -= 0.15;
      if (s.competitors.includes("later") || s.competitors.includes("referral")) c -= 0.2;
      if (s.question) c -= 0.1;
      // "no budget before autumn, ask again then" may be a delay the rules did not see
      if (s.namesTime) c -= 0.1;
      if (CONTACT_WORDS.test(t.replace(THANKS_FOR_CONTACT, " ").replace(OUR_MESSAGES, " "))) c -= 0.1;
      // "not sure this is for us" is a polite no; a hedge weighs only beside a yes
      if (HEDGE.test(t) && against(POSITIVE)) c -= 0.08;
      break;
    }
    case "later": {
      if (!s.hasDate) c -= 0.12;
      // "maybe sometime next year": a hedged time is no sure day to come back; on the replies written
      // for the check, 8 of 13 hedged delays read alone had no day in their writer's mind
      if (HEDGE.test(t) || /\b(sometime|some time|irgendwann|ooit|un giorno|algun dia|um dia)\b/.test(t))
        c -= 0.06;
      if (against(POSITIVE)) c -= 0.1;
      if (s.competitors.includes("referral")) c -= 0.1;
      // "can you circle back in Q3?" asks politely; without a date a question is a real doubt
      if (s.question && !s.hasDate) c -= 0.08;
      break;
    }
    case "out_of_office": {
      if (against(POSITIVE) && !s.hasDate) c -= 0.1;
      // an absence that also says no is someone's own words (a colleague covering the inbox, in
      // words covering-inbox.ts does not know): never an absence to pause and resume on alone
      if (s.competitors.includes("not_interested")) c -= 0.3;
      if (s.question) c -= 0.03;
      break;
    }
    case "unsubscribe": {
      // a stop is honoured whatever else the reply says: stopping is always safe
      if (s.weak) c -= 0.05;
      break;
    }
    case "referral": {
      if (s.weak) c -= 0.15;
      break;
    }
    case "other": {
      if (s.competitors.length > 0) c -= 0.1;
      break;
    }
    default:
      return assertNever(s.intent);
  }
  if (s.stopSignal && s.intent !== "unsubscribe") c -= 0.1;
  return Math.round(Math.max(0.05, Math.min(0.99, c)) * 100) / 100;
}

function assertNever(x: never): never {
  throw new Error(`unknown intent ${String(x)}`);
}
