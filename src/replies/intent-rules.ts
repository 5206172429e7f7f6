// The reply intent rules, in English, German, French, Spanish, Dutch, Italian and Portuguese
// (issue 35). They run on normalised text (rule-classifier.ts: the quoted original removed, lower
// case, accents dropped, "’" as "'", whitespace collapsed), so patterns are written without
// accents: "mochte" matches "möchte", "desinscri" matches "désinscrire".
// Order says what wins when a reply says two things:
//   unsubscribe (a compliance request always wins) → out_of_office (auto-replies) → referral
//   (another person named: referral.ts) → later (a delay: delay-rules.ts) → not_interested →
//   meeting → interested → other. The rules that lost still count: they lower the reading's
//   confidence (reading-confidence.ts).

import { ABSENCE_PATTERNS } from "./absence-patterns.ts";
import { booksThroughAssistant } from "./assistant-booking.ts";
import type { ReplyIntent } from "./classifier.ts";
import { REJECT_PATTERNS, SOFT_NO } from "./reject-patterns.ts";
import { UNSUBSCRIBE_PATTERNS } from "./unsubscribe-patterns.ts";

export interface IntentRule {
  intent: ReplyIntent;
  id: string;
  confidence: number;
  patterns: RegExp[];
  /**
   * A hit counts only if no negation stands just before it in its clause ("not sure", "nicht
   * interessant", "ne m'interesse pas") or just after it ("interessiert mich nicht"): negation.ts.
   */
  negatable?: boolean;
  /** Further tests on the whole text; any one true is a hit. */
  tests?: ((t: string) => boolean)[];
  /** Patterns among `patterns` that are weak evidence alone (a price question, a bare "sure"). */
  weak?: RegExp[];
}

// days, times and "tomorrow / next week" in the seven languages; Dutch and German glue parts of
// the day to the weekday (donderdagmiddag, Donnerstagnachmittag)
const WEEKDAY =
  "\\b(?:monday|tuesday|wednesday|thursday|friday|tue|tues|wed|thu|thurs|fri|" +
  "montag|dienstag|mittwoch|donnerstag|freitag|lundi|mardi|mercredi|jeudi|vendredi|" +
  "lunes|martes|miercoles|jueves|viernes|maandag|dinsdag|woensdag|donderdag|vrijdag|" +
  "lunedi|martedi|mercoledi|giovedi|venerdi|segunda|terca|quarta|quinta|sexta|(?:mo|di|mi|do|fr)(?= (?:nach|ab|um|vor) \\d))" +
  "(?:-feira|s|morgen|vormittag|nachmittag|abend|ochtend|middag|avond)?\\b";
const CLOCK =
  "\\b\\d{1,2}(?:[:.h]\\d{2})?\\s?(?:am|pm|uhr|h|u|uur)\\b|\\b\\d{1,2}:\\d{2}\\b|\\b\\d{1,2}h\\d{2}\\b|" +
  "\\b(?:at|um|a las|alle|alle ore|as|om|a partir de|ab|from|desde|dalle|vanaf|depuis)\\s\\d{1,2}\\b";
const DAYREF =
  "\\b(?:tomorrow|next week|this week|morgen|nachste woche|diese woche|demain|semaine prochaine|" +
  "cette semaine|manana|proxima semana|semana que viene|esta semana|volgende week|deze week|domani|prossima settimana|" +
  "questa settimana|settimana prossima|amanha)\\b";
const WHEN = new RegExp(`${WEEKDAY}|${CLOCK}|${DAYREF}`);
// what one does at a time: meet, call, talk … (nouns and verbs)
export const MEET = new RegExp(
  "\\b(?:call|calls|meeting|meetings|agenda|kalender|calendario|meet|chat|talk|speak|demo|zoom|teams|webex|link|invite|calendar|slot|connect|" +
    "termin|telefonat|gesprach|anruf|einladung|kalendereinladung|telefonieren|sprechen|treffen|" +
    "rendez-vous|rdv|appel|s'appeler|appeler|reunion|visio|creneau|echange|parler|parlons|invitation|" +
    "llamada|cita|videollamada|hueco|hablar|hablamos|hablemos|invitacion|llamar|llamarte|llamarle|" +
    "afspraak|gesprek|belletje|bellen|spreken|uitnodiging|tijdslot|kennismakingsgesprek|" +
    "incontro|chiamata|riunione|appuntamento|sentirci|sentiamoci|parlare|invito|chiamarla|chiamarti|chiamare|" +
    "ligacao|reuniao|conversa|conversar|falar|falamos|convite|horario|chamada|ligar|ligo|telefonar|" +
    "phone|telephone|telefono|telefone|telefoon|llamo|llamamos|te llamo|ring|bellen|bel|" +
    "videochiamata|videochamada|videocall|video call|videogesprek|videocall|videokonferenz|videoconference|visioconference|" +
    // "call me Thursday morning" in each language: rufen Sie mich … an, appelez-moi, llámame, mi chiami, me liga
    "rufen sie mich|ruf mich|anrufen|appelez-moi|appelle-moi|llamame|llameme|marcame|mi chiami|chiamami|me liga|me ligue|bel me|bel mij)\\b",
);
// saying yes to a time
const ACCEPT = new RegExp(
  "\\b(?:works|work for me|suits|available|free|around|passt|geht|erreichbar|convient|me va|ca me va|" +
    "disponible|me viene bien|schikt|komt (?:mij|me) goed uit|is goed|beschikbaar|kan ik|va bene|" +
    "funziona|disponibile|fica bom|funciona|tenho disponibilidade|disponivel|can we|could we|shall we|" +
    "konnen wir|sollen wir|ginge|klappt|on peut|pouvons-nous|podemos|possiamo|kunnen we|zullen we|" +
    "discuter|discutir|discutere|sentiamo|sentirci|conversamos|libre|vrij|libero|livre|dispo|" +
    "let's do|how about|what about|can you do|is best|wie ware es|que tal|te va bien|le va bene|fica bom|" +
    "can i|kann ich|darf ich|je peux|(?<!\\b(?:no|poco|non|nao|pouco) (?:le |te |lo |la |les |vos |lhe |ti |vi )?)(?:puedo|posso)|kan ik|hatte ich zeit|ca vous va|vous convient|" +
    "te viene bien|le viene bien|consigo|kan ik wel|könnte ich|konnte ich)\\b",
);

/** A time named together with a meeting or a yes to it: "Tuesday at 10am works for a call". */
// a day and an hour together are a slot proposed: "Mercredi 14h30 plutôt ?"
const SLOT = new RegExp(
  `(${WEEKDAY}|${DAYREF})[^.!?]{0,20}(${CLOCK})|(${CLOCK})[^.!?]{0,20}(${WEEKDAY}|${DAYREF})`,
);

export function namesATime(t: string): boolean {
  return (WHEN.test(t) && (MEET.test(t) || ACCEPT.test(t))) || SLOT.test(t);
}

// weak evidence of interest alone: a price question, "interesting", a bare "sure" (issue 56:
// confidence); they still read as interested, but not surely
const INTERESTING = /\binteresting\b/;
export const PRICE =
  /\b(price|prices|pricing|cost|costs|how much|preis|preise|kosten|was kostet|tarif|tarifs|tarifaire|prix|combien (ca |cela )?(coute|coutent)|precio|precios|cuanto cuesta|prijs|prijzen|wat kost|prezzo|prezzi|costi|quanto costa|preco|precos|valor|quanto custa)\b/;
// a presentation or references named, not asked for ("thank you for the presentation of your
// services; we have no need of them" read as a 97% yes): weak alone; "send me the presentation" is
// a yes of its own below
const PRESENTATION_NAMED =
  /\b(overview|presentation|presentacion|presentatie|presentazione|apresentacao|referenzen|referenties|references)\b/;
const COULD_BE = /\b(could|might|would) be (useful|helpful|interesting|relevant|of interest)\b/;
// "absolutely not", "of course not": the word of a yes before a no is no yes
const BARE_YES = /(^|[.!?,;:] )(sure|yes|yep|yeah|absolutely|of course|definitely|sure thing)\b(?! not\b)/;

export const INTENT_RULES: IntentRule[] = [
  {
    intent: "unsubscribe",
    id: "unsubscribe.request",
    confidence: 0.95,
    patterns: UNSUBSCRIBE_PATTERNS,
  },
  {
    intent: "out_of_office",
    id: "ooo.autoreply",
    confidence: 0.9,
    patterns: ABSENCE_PATTERNS,
  },
  // found by referral.ts and delay-rules.ts (rule-classifier.ts): named here for their order
  { intent: "referral", id: "referral.named", confidence: 0.9, patterns: [] },
  { intent: "later", id: "later.delay", confidence: 0.9, patterns: [] },
  {
    intent: "not_interested",
    id: "reject.explicit",
    confidence: 0.85,
    weak: [SOFT_NO],
    patterns: REJECT_PATTERNS,
  },
  {
    intent: "meeting",
    id: "meeting.scheduling",
    confidence: 0.85,
    patterns: [
      // en
      /\b(let's|lets|let us|happy to|glad to|can we|could we|we should|love to|like to|want to) (set up|setup|schedule|book|find|grab|hop on|jump on|get on|have) (a |some )?(time|call|meeting|chat|demo|slot|15|30|20)/,
      /\b(send|share) (me |over )?(a |your )?(calendar|calendly|booking) (invite|link)\b/,
      /\b(send|share) (me |over )?(some|a few) (times|slots)\b/,
      /\b(calendar invite|calendly|booking link|meeting invite)\b/,
      // a link to book offered by a booking word before it ("grab whatever slot suits: https://…",
      // "Buchen Sie sich einen Slot bei mir: https://…", "Agendá directamente acá: https://…")
      /\b(?:book|grab|pick|choose|schedule|slot|buchen|bucht|termin\w*|reserve\w*|creneau|rdv|agend\w*|prenot\w*|plan (?:maar |gerust )?(?:iets |een (?:moment|afspraak) )?in|inplannen|marc(?:a|ar|ue)(?: aqui| ai| um horario)?)\b.{0,60}https?:\/\/\S+/,
      /\bhow about (a |an )?(quick |short )?(call|meeting|chat|zoom)\b/,
      /\b(are you|is your team) (free|available)\b/,
      /\b(booked|grabbed|picked) a (time|slot)\b/,
      /\bset up a meeting\b/,
      // de
      /\btermin (vereinbaren|ausmachen|machen|finden|abstimmen)\b|\beinen (\d+-minutigen )?termin\b/,
      // fr
      /\b(fixer|caler|planifier|prendre) (un )?(rendez-vous|rdv|appel|creneau)\b/,
      // es
      /\b(agendar|programar|concertar|fijar) (una )?(reunion|llamada|cita)\b/,
      // nl
      /\b(afspraak|gesprek|call|kennismakingsgesprek) (in ?plannen|maken)\b|\bkennismakingsgesprek\b/,
      // it
      /\b(fissare|organizzare|programmare) (un |una )?(incontro|chiamata|call|riunione|appuntamento)\b/,
      // pt
      /\b(marcar|agendar) (uma )?(reuniao|ligacao|chamada|conversa)\b/,
    ],
    tests: [namesATime, booksThroughAssistant],
  },
  {
    intent: "interested",
    id: "interest.positive",
    confidence: 0.75,
    negatable: true,
    weak: [INTERESTING, PRICE, COULD_BE, BARE_YES, PRESENTATION_NAMED],
    patterns: [
      // en
      /\b(i'm|i am|we're|we are|definitely|very|quite) interested\b/,
      /(^|[.!?,;:] )(yes,? )?(very |definitely |quite )?interested[.!]/,
      /\binterested in (learning|hearing|seeing|the|this|your|joining|membership)\b/,
      /\btell me more\b/,
      /\b(send|share) (me |us )?(over )?(more (info|information|details)|the (deck|details|pricing|proposal|one-pager)|pricing)\b/,
      /\bsend it over\b|\bsend (me|us) (the|a|your) \w+/,
      /\bwhat (does|would) (it|this|membership|pricing) (cost|look like)\b/,
      /\bsounds (good|great|interesting|promising)\b/,
      INTERESTING,
      /\b(cuentame|cuentenme|dime|vertel|dica|dimmi|conte-me|conta-me|tell me|erzahlen sie|dites-m'en) (mas|meer|di piu|mais|more|mehr|plus)\b/,
      /\b(promising|promissor|prometteur|prometedor|veelbelovend|promettente|vielversprechend|preneur|buena pinta|sieht gut aus|looks (good|great))\b/,
      /\binteressant\w*\b/,
      PRESENTATION_NAMED,
      /\b(would|i'd|we'd) love to (learn|hear|see|know) more\b/,
      /\bkeen to (learn|hear|explore|see)\b/,
      /\bthis is (great|helpful|exactly what)\b/,
      /\b(is|looks|sounds|seems) (actually |really |genuinely )?(useful|relevant|helpful|valuable)\b|\bcan you send (me |us )?(the|a|your) (full|complete|whole|latest|updated)\b/,
      /\b(schicken|senden) sie( mal| ruhig| gerne| doch)?( ruber)?[!.]*$/,
      /\bloop(ing)? in\b.*\b(to (discuss|review|evaluate)|who (owns|handles|runs))\b/,
      /\b(forwarded|forwarding|shared) (this|it) (to|with) (my|our) (boss|ceo|cmo|team|manager)\b/,
      /\byes,? please\b/,
      /\bcount (me|us) in\b/,
      PRICE,
      /\bplease (do )?send (me |us )?(the|a|your|over|it|more)\b|\bi'm listening\b/,
      COULD_BE,
      /\bmeer (over|van) .{0,15}(weten|horen)\b|\b(gern|gerne) mehr (erfahren|wissen)\b/,
      /\b(saperne di piu|en savoir plus|saber (mais|mas)|know more|learn more|hear more|mehr erfahren|meer (weten|horen))\b/,
      // "le agradezco el envío de la presentación" thanks for what was sent: no ask for more
      /(?<!\b(?:agradezco|agradecemos|agradeco|gracias por|thanks for|thank you for|merci pour|danke fur|grazie per|obrigad[oa] pel[oa]|bedankt voor)\s(?:el |la |the |l'|die |den |das |il |lo |o |a |het )?)\b(send|share|stuur|manda\w*|mande\w*|envi\w*|envoy\w*|schick\w*|send\w*)\b.{0,25}\b(proposal|deck|pricing|prices|case study|one-pager|voorstel|offerte|prijzen|proposta|preventivo|presentazione|propuesta|presentacion|proposition|devis|plaquette|angebot|unterlagen|ubersicht|preise|orcamento|apresentacao|precos|material|catalogue|catalog|catalogo|katalog)\b/,
      BARE_YES,
      /\b(gostei|gostamos|i like (it|this)|gefallt (mir|uns)|ca me plait|me gusta|bevalt (me|ons)|mi piace)\b/,
      /\b(me interesaria|mi interesserebbe|wurde (uns|mich) interessieren|m'interesserait|nous interesserait|zou (me|ons) interesseren|me interessaria|nos interessaria|would interest (me|us))\b/,
      /\b(what's|what is|what are) the next steps?\b|\bwie geht es (jetzt )?weiter\b|\b(quelle est|quelles sont) la prochaine etape|\b(cual|cuales) (seria|es|son|serian) (el|los) siguientes? pasos?\b|\bwat (is|zijn) de volgende stap|\bqual e il prossimo passo\b|\b(qual|quais) (e|sao|seria) (o|os) proximos? passos?\b/,
      /\bworks for me\b|\bok pour moi\b|\b(send|stuur|manda|mande|schicken sie) (it|het|ai|aqui|maar|los)\b(?! to)|^(ok|k|okay),? send\b/,
      /\bhappy to (take a look|have a look|review|hear|learn|chat|talk|meet)\b/,
      /\b(i'd|i would|we'd|we would|i'm|i am|we're|we are) (be )?open to\b/,
      /\b(let's|lets) (do it|talk)\b|\bi'm in\b(?=\s*(?:[.!,;]|$))/,
      // de
      /(^|[.!?,;:] )(gerne|gern|sehr gerne|ja gerne|ja, gerne)\b/,
      /\bgerne (mehr|weitere|infos|informationen|unterlagen|details)\b/,
      /\bklingt (gut|interessant|spannend|super|vielversprechend)\b/,
      /\b(sehr |durchaus |total )?(spannend|interessant)\b/,
      /\binteressiert (mich|uns)\b/,
      /\b(haben|habe|hatten|hatte) (grundsatzlich |durchaus |grosses |sehr )?interesse\b/,
      /\bja,? bitte\b|\beinverstanden\b/,
      /\b(hort sich|klingt) (gut|interessant|spannend|super) an\b|\b(prinzipiell|grundsatzlich|im prinzip) ja\b/,
      /\b(schicken|senden) sie (mir|uns)\b|\berzahlen sie (mir |uns )?mehr\b|\brelevant\b/,
      // fr
      /\b(volontiers|avec plaisir|pourquoi pas|bonne idee|je veux bien|d'accord|ca marche)\b/,
      /\b(m|nous)'interesse\b/,
      /\binteresse(e|s|es)?\b|\binteressant\b/,
      /\bca me (va|semble)\b|\benvoyez-(moi|nous)\b/,
      /(^|[.!?,;:] )oui\b/,
      /\bca me parle\b/,
      // es
      /\b(claro|con gusto|por supuesto|de acuerdo|perfecto)\b/,
      /\bme interesa\b|\binteresad[oa]s?\b|\binteresante\b/,
      /\b(encantad[oa]|me encantaria)\b/,
      /\b(suena|me parece) (bien|interesante|genial|buena idea)\b/,
      /\bsi,? por favor\b|\b(enviame|envienme|mandame|mandenme)\b/,
      /\b(me gustaria|quisiera) (saber|conocer|ver|recibir)\b|(^|[.!?,;:] )vale\b/,
      // nl
      /(^|[.!?,;:] )(graag|ja,? graag|heel graag)[,.!]/,
      /\bja,? graag\b|\bgraag (meer|een|wat)? ?(info|informatie|presentatie|offerte|prijzen|voorbeelden|details)\b/,
      /\bklinkt (goed|interessant|prima|leuk)\b/,
      /\binteressant\b|\binteresse in\b|\blijkt me\b/,
      /\bakkoord\b|\bsta (er ?voor|ervoor) open\b/,
      /\b(is|klinkt|lijkt me|vind ik) prima\b|^prima\b/,
      /\bstuur (me|mij|ons)\b(?! (ook )?(niks|niets|geen|nooit)\b)|\bvertel (me|mij|ons) meer\b/,
      /\bja,? (leuk|prima|goed|zeker)\b|\bziet er (goed|interessant) uit\b|\bklinkt leuk\b|\bstuur (maar|gerust)\b/,
      // it
      /\b(certo|volentieri|va bene|d'accordo|perfetto)\b/,
      /\bmi interessa\b|\binteressat[oaie]\b|\binteressante\b/,
      /\bmi sembra (una buona idea|interessante|ottimo|perfetto)\b/,
      /\b(mandatemi|inviatemi|mi mandi|mi invii|mi racconti|raccontami|mandami|inviami|mandaci|inviaci)\b/,
      /\bsi,? grazie\b/,
      // pt
      /\b(com certeza|combinado|perfeito|fechado)\b/,
      /\b(tenho|temos) interesse\b|\binteressad[oa]s?\b|\binteressante\b/,
      /\bparece (bom|otimo|interessante|uma boa ideia)\b/,
      /\bpode (me )?(enviar|mandar)\b|\berzahl(en sie|t)? (mir |uns )?(mal |gern |gerne )?mehr\b|\bschick (mir|uns) (einfach |gern |gerne |mal )*(was|etwas|infos|mehr|unterlagen)\b|\bme conta mais\b|\b(?:mandeme|mandame|enviame|envieme|envie-me|envia-me|mande-me|manda-me|send me|stuur me|mandami|inviami|mi mandi|mi invii|schicken sie mir|envoyez-moi)\b[^.!?]{0,20}\b(?:informacion|informacao|info|infos|information|informazioni|informatie|informationen|brochure|whatever you've got|material|materiale|documentation|documentacion)\b|\bmanda (?:mais |as )?(?:info|infos|informacoes|detalhes)\b|\bme (envie|mande|conte mais)\b|\bsim,? por favor\b/,
      /(^|[.!?,;:] )(sim|claro|certo)\b/,
    ],
  },
];
