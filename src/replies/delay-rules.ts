// A delay (intent `later`, issue 56 item 3.2): the writer asks to be contacted again, later. "Not
// now, try me in March" read as not_interested on unseen replies, and March was lost. A reply is a
// delay when it names a time to come back (later-date.ts, or "later", "später", "plus tard" …)
// together with an ask to come back, a "not now", or a "maybe"; or says so in one phrase
// ("zu einem späteren Zeitpunkt", "à la rentrée", "reach out after the summer"). A plain "not
// now" without a time stays not_interested. On normalised text (rule-classifier.ts).
import { extractLaterDate } from "./later-date.ts";

// come back to me: try me, reach out, circle back, follow up … in the seven languages
const COME_BACK =
  /\b(try (me|us|again)|(reach|check|get|touch) (back )?(out|in touch|base|back)( with (me|us))?|circle back|follow[- ]?up|ping (me|us)|contact (me|us)( again)?|ask (me |us )?again|revisit\w*|reconnect\w*|come back to (me|us)|write (me|us|to (me|us)) again|let's (talk|reconnect|revisit|chat)|talk (again|then)|happy to (talk|chat|revisit|look)|(reach|get) back|drop (me|us) a (line|note|mail|email)|give (me|us) a (shout|call|ring|buzz)|hit (me|us) up|park (this|it)|shelve (this|it)|put (this|it) on (hold|ice)|pick (this|it) (back )?up|(noch ?mal|nochmal|erneut|wieder) (nachfragen|anfragen|melden|anrufen|schreiben|kontaktieren|versuchen)|wieder aufgreifen|reprenez contact|reprendre|reprenons|lo (vemos|miramos|hablamos|retomamos|revisamos)|retom\w*|retomemos|(mail|bel|benader|contacteer|stuur) (me|mij|ons)?\b[^.!?]{0,30}\b(weer|opnieuw|nog eens|nog een)|oppakken|ne parliamo|riprendere|riprendiamo|check in|check back|(noch ?mal|noch einmal|erneut) nach|probeer\w* het\b[^.!?]{0,40}\b(nog eens|opnieuw|later)|riprov\w*|(tente|tentem|tentar) (de novo|novamente|outra vez)|try again|(vuelve|vuelva) a intentarlo|intentarlo de nuevo|reessayez|versuchen sie es|melden sie sich|melde mich|(kommen|kommt|komm|kontaktieren|schreiben|fragen|versuchen) sie (mich|uns|es)? ?(gerne |bitte |doch )?(wieder|nochmal|noch einmal|erneut|gerne)|(wieder|nochmal|erneut) (melden|kontaktieren|anschreiben|ansprechen|fragen)|sprechen wir|(sprechen|rufen) sie (mich|uns)|(noch ?mal|noch einmal|erneut|wieder) auf (mich|uns) zu|reden wir|(recontactez|relancez|rappelez|reecrivez|revenez vers|rappelle|recontacte|relance|reecris)(-moi|-nous)?|escribime|escribinos|contactame|llamame|risentiamoci|ricontattami|ricontattaci|riscrivimi|(mail|bel|app) (me|mij|ons) dan( maar)?|(reviens|revenez)(-moi|-nous| vers moi| vers nous)|revenir vers (moi|nous|vous)|reprendre contact|en reparler|on en reparle|(vuelva|vuelve|volved|vuelvan) a (contactar|escribir|escribirme|contactarme|llamar|intentarlo)|(contacte|contacta|escribe|escriba)(me|nos)|(contacte|contate|contactem|contatem)-(nos|me)|(hablamos|hablemos|retomamos|retomemos|lo retomamos|lo hablamos|volvemos a hablar)|(neem|neemt) (dan |gerust |maar )?(weer |opnieuw |nog eens )?contact|(neem|neemt)\b[^.!?]{0,40}\bcontact op|(weer|opnieuw) contact op|(probeer|probeert) het (dan |gerust )?(later |opnieuw |nog eens )|(mail|bel|benader) (me|mij|ons) (dan |gerust |maar )?(weer|opnieuw|later|nog eens)|kom (er )?(dan |later )?(maar )?op terug|kom(?:en)?\b[^.!?]{0,40}\bop terug|gerne? wieder|a gente (?:conversa|se fala|fala|ve)|spreken we|(ricontatta|ricontatti|ricontattate|ricontattare)(mi|ci)?|(scriva|scrivi|scrivete|contatti|contatta|contattate|senta|sentiamo)(mi|ci)? di nuovo|(riscriv|risent)\w*|(sentiamoci|ne riparliamo|riparliamone|aggiorniamoci)|(volte|volta|voltem|volteis) a (falar|entrar em contato|contatar|contactar|escrever|me procurar)|(entre|entrem) em conta(c)?to|(falamos|conversamos|retomamos|nos falamos)|me (procure|procurem|procura|chame|chama|ligue|liga)|(me|nos) (escreva|escrevam|contate|contatem) (de novo|novamente|depois|mais tarde))\b/;
// not now: the present is bad, not the offer ("erst nach dem Sommer", "pas na de zomer": only then)
const NOT_NOW =
  /\b(not (right )?now|not at the moment|not at this time|not this (year|quarter|month)|not yet|not (until|before)|too (early|soon|busy)|at the earliest|fruhestens|au plus tot|como muy pronto|op zijn vroegst|al piu presto|no minimo|bad (time|timing)|timing (isn't|is not|isn't quite|is not quite) (right|great|good)|(busy|hectic|crazy) (season|period|time|quarter|month|few weeks)|swamped|no (budget|capacity|bandwidth)\b|not a priority (for us )?(this|right now|at the moment)|(hands|plate) (are |is )?full|in the middle of|(momentan|derzeit|aktuell|gerade|zurzeit|jetzt) (leider )?(nicht|kein|keine|zu|schlecht|ungunstig|voll)|noch nicht|nicht vor|nicht jetzt|kein (bedarf|budget) (mehr )?(in diesem|dieses|bis)|(pas|non) (pour le moment|maintenant|pour l'instant|tout de suite|avant)|pas encore|trop tot|pas le (bon )?moment|(ahora|de momento|por ahora|ahora mismo|por el momento) no|(todavia|aun) no|no (es|sera) (buen|el) momento|no antes de|(nu|op dit moment|momenteel) (even |eventjes )?(niet|geen)|nog niet|niet voor|(adesso|ora|per ora|al momento|in questo momento) no|(per ora|al momento|adesso|ora) non|non ancora|non prima di|(agora|no momento|por agora|por enquanto) nao|ainda nao|nao antes d|erst (nach|ab|im|in|zum|wieder)|only (after|from)|seulement (apres|a partir)|solo (despues|a partir|dopo)|pas (na|vanaf|over)|so (depois|a partir))\b/;
// "we process maybe 40 invoices a month" is a count, not a maybe
const MAYBE =
  /\b(maybe|perhaps|possibly|might|vielleicht|eventuell|evtl|peut-etre|eventuellement|quizas|quiza|tal vez|a lo mejor|misschien|wellicht|eventueel|forse|magari|eventualmente|talvez|quem sabe)\b(?! \d)/;
// a time to come back without a date: later, some other time, in the future
const LATER_WORDS =
  /\b(later|some other time|another time|down the road|in the future|later (this|in the) year|in a few months|over een (paar|aantal) maanden|in (ein paar|einigen) monaten|dans quelques mois|(en|dentro de) unos meses|(tra|fra) qualche mese|daqui a (uns|alguns) meses|em alguns meses|spater|zu einem spateren zeitpunkt|in zukunft|plus tard|ulterieurement|a l'avenir|une autre fois|mas (adelante|tarde)|en el futuro|en otro momento|later dit jaar|in de toekomst|op een later moment|een andere keer|piu (avanti|tardi)|in futuro|in un altro momento|mais (tarde|para frente|para a frente|pra frente|adiante)|mais a frente|no futuro|em outro momento|outra hora|(after|na|nach|apres|despues de|dopo|depois d)\s?(the |de |den |die |les |las |los |le |das |os |o )?(holidays|christmas|xmas|festive season|kerst\w*|feestdagen|feiertage\w*|weihnacht\w*|fetes|fiestas|navidad(es)?|feste|natale|festas|natal)|keep (me|us) (posted|in the loop|updated)|hou (me|mij|ons) op de hoogte|halten sie (mich|uns) (gerne )?auf dem laufenden|tenez-(moi|nous) (au courant|informee?s?)|(mantenme|mantengame|mantenedme|mantenganme) (informad[oa]s?|al tanto)|(tienimi|tenetemi|mi tenga|tenerci|teneteci) (aggiornat[oa]|informat[oa])|(mantenha-me|mantenham-me|me mantenha|me mantenham) (informad[oa]|atualizad[oa]))\b/;
// one phrase that says it
const DELAY_PHRASES =
  /\b(zu einem spateren zeitpunkt|a la rentree|revenez vers (moi|nous) (en|apres|dans|au|a la)|get back to (me|us) (in|after|next|around|closer)|try (me|us) (again )?(in|after|next|around|closer|later|early|mid|towards)|circle back (in|after|next|around|closer|later|early)|reach out (again )?(in|after|next|around|closer|early)|ping (me|us) (again )?(in|after|next|around|closer|early))\b/;

// "thank you for your follow-up emails of 10 and 17 November": what we sent, no ask to come back
const OUR_FOLLOW_UPS =
  /\b(your|the|these|those|my|our|for the) (\w+ )?follow[- ]?ups?\b( e-?mails?| messages?| notes?| calls?)?/g;

// a few words in quotes are named, not said: "there's nobody to 'reach out' to anyway"
const QUOTED_WORDS = /(^|\s)['"][^'"\n]{1,30}['"](?=[\s.,!?]|$)/g;

/** Whether the reply asks to be contacted later; `t` is normalised, `text` the stripped reply. */
export function isDelay(t: string, text: string, receivedAt: Date): boolean {
  if (DELAY_PHRASES.test(t)) return true;
  const when = extractLaterDate(text, receivedAt) !== null || LATER_WORDS.test(t);
  if (!when) return false;
  return (
    COME_BACK.test(t.replace(OUR_FOLLOW_UPS, " ").replace(QUOTED_WORDS, " ")) ||
    NOT_NOW.test(t) ||
    MAYBE.test(t) ||
    (LIMIT.test(t) && NEGATED.test(t)) ||
    defersToAbsent(t)
  );
}

// "we can't take anything on before Q4", "rien avant le quatrième trimestre": a limit and a no
const LIMIT = /\b(before|until|till|vor|avant|antes|voor|prima|a partir|bis|so a partir)\b/;
const NEGATED =
  /\b(can't|cannot|won't|not|nothing|nicht|nichts|kein|rien|pas|no|niet|niets|non|nulla|nao|nada|so)\b/;

// "My boss is away until March, I will discuss it with her then": the writer takes the offer to
// someone who is away and answers when they are back. A delay until that day, said in the third
// person (the writer's own absence, "when I am back", is an out-of-office).
const DEFERS_TO_ABSENT = [
  // en
  /\b(?:discuss|talk about|go over|look at|review|bring|raise|show|forward|pass|run|decide|check|talk|speak)\b[^.!?]{0,40}\b(?:with|to|by) (?:her|him|them)\b[^.!?]{0,30}\b(?:then|when (?:she|he|they)(?:'s| is| are| gets| get| will be| comes| come)? ?back|once (?:she|he|they)(?:'s| is| are) back|on (?:her|his|their) return|after (?:she|he|they) (?:returns?|gets? back|comes? back))\b/,
  /\bwhen (?:she|he|they)(?:'s| is| are) back\b[^.!?]{0,40}\b(?:i|we)(?:'ll| will) (?:discuss|talk|speak|look|review|decide|check|get back|come back|let you know)\b/,
  // de
  /\b(?:bespreche|besprechen|klare|klaren|schaue|schauen|entscheide|entscheiden|rede|reden|spreche|sprechen)\b[^.!?]{0,30}\bmit (?:ihr|ihm|ihnen)\b[^.!?]{0,20}\b(?:dann|nach (?:ihrer|seiner|deren) ruckkehr|wenn (?:sie|er) (?:wieder )?(?:zuruck|da) ist)\b/,
  /\b(?:bespreche|besprechen|klare|klaren|schaue|schauen|entscheide|entscheiden|rede|reden|spreche|sprechen)\b[^.!?]{0,20}\b(?:dann|nach (?:ihrer|seiner) ruckkehr)\b[^.!?]{0,15}\bmit (?:ihr|ihm|ihnen)\b/,
  /\b(?:nach (?:ihrer|seiner) ruckkehr|sobald (?:sie|er) (?:wieder )?(?:zuruck|da) ist|wenn (?:sie|er) (?:wieder )?(?:zuruck|da) ist)\b[^.!?]{0,40}\b(?:bespreche|besprechen|melde|melden|klare|klaren|entscheide|entscheiden|spreche|sprechen)\b/,
  // fr
  /\b(?:j'en|nous en|je vais en|nous allons en) (?:parlerai|parlerons|discuterai|discuterons|parler|discuter) avec (?:lui|elle|eux)\b|\ba son retour\b[^.!?]{0,40}\b(?:parlerai|parlerons|discuterai|discuterons|reviendrai|reviendrons|regarderai|regarderons)\b|\b(?:parlerai|parlerons|discuterai|discuterons|regarderai|regarderons)\b[^.!?]{0,40}\b(?:a son retour|quand (?:il|elle) (?:sera|reviendra|rentrera))\b/,
  // es
  /\b(?:lo|la) (?:hablare|hablaremos|comentare|comentaremos|vere|veremos|revisare|revisaremos) con (?:el|ella|ellos)\b|\ba su (?:regreso|vuelta)\b[^.!?]{0,40}\b(?:hablare|hablaremos|comentare|comentaremos|revisare|revisaremos|lo vemos|lo vere|le dire|les dire)\b|\b(?:hablare|hablaremos|comentare|comentaremos|revisare|revisaremos)\b[^.!?]{0,40}\ba su (?:regreso|vuelta)\b/,
  // nl
  /\b(?:bespreek|bespreken|overleg|overleggen|bekijk|bekijken)\b[^.!?]{0,30}\bmet (?:haar|hem|hen)\b[^.!?]{0,30}\b(?:dan|als (?:zij|hij|ze) (?:terug|weer terug) is|bij (?:haar|zijn) terugkomst)\b|\b(?:als (?:zij|hij|ze) (?:weer )?terug is|bij (?:haar|zijn) terugkomst)\b[^.!?]{0,40}\b(?:bespreek|bespreken|overleg|overleggen|bekijk|bekijken|kom|komen)\b/,
  // it
  /\bne (?:parlero|parleremo|discutero|discuteremo) con (?:lui|lei|loro)\b|\bal suo (?:rientro|ritorno)\b[^.!?]{0,40}\b(?:ne parlero|ne parleremo|valuteremo|valutero|vi faro sapere|le faro sapere|ne discuteremo)\b|\b(?:ne parlero|ne parleremo|valuteremo|valutero|ne discuteremo)\b[^.!?]{0,40}\bal suo (?:rientro|ritorno)\b/,
  // pt
  /\b(?:vou|vamos) (?:falar|conversar|discutir|ver isso|ver isto) com (?:ele|ela|eles)\b|\b(?:quando (?:ele|ela) voltar|no (?:retorno|regresso) (?:dele|dela))\b[^.!?]{0,40}\b(?:falo|falamos|vou falar|vamos falar|converso|conversamos|discutimos|vemos)\b|\b(?:falo|falamos|converso|conversamos|discutimos|vemos)\b[^.!?]{0,40}\b(?:quando (?:ele|ela) voltar|no (?:retorno|regresso) (?:dele|dela))\b/,
];

// the writer away themself ("I'm away until March, I'll discuss it with them then"): an absence
const WRITER_AWAY =
  /\b(?:i'm|i am|i will be|i'll be) (?:away|out|off|on (?:vacation|holiday|leave|pto)|travel+ing)\b|\bout of (?:the )?office\b|\bich bin\b[^.!?]{0,30}\b(?:urlaub|abwesend|nicht im buro|unterwegs)\b|\bje (?:suis|serai)\b[^.!?]{0,20}\b(?:absente?|en conges?|en vacances|en deplacement)\b|\b(?:estoy|estare)\b[^.!?]{0,20}\b(?:fuera|de vacaciones|ausente|de viaje)\b|\bik ben\b[^.!?]{0,20}\b(?:afwezig|op vakantie|met verlof|niet op kantoor)\b|\b(?:sono|saro)\b[^.!?]{0,20}\b(?:in ferie|assente|fuori (?:sede|ufficio)|in trasferta)\b|\b(?:estou|estarei)\b[^.!?]{0,20}\b(?:de ferias|ausente|fora|viajando)\b/;

/** Whether the writer will take it up with someone away and answer then (normalised text). */
export function defersToAbsent(t: string): boolean {
  return DEFERS_TO_ABSENT.some((p) => p.test(t)) && !WRITER_AWAY.test(t);
}
