// Someone else writing from the person's inbox (issue 72 item 3): "I'm covering Sarah's inbox while
// she is on leave; we're not interested". The absence is only the setting: what the colleague says
// (a no, a stop, a referral) is the reply, never an out-of-office to pause and resume on. On
// normalised text (rule-classifier.ts normaliseReply).

const COVERING: RegExp[] = [
  // en
  /\b(?:i'm|i am|i've been|we're|we are) (?:currently )?(?:covering|looking after|handling|monitoring|managing|checking|keeping an eye on) (?:for )?(?:\w+'s|her|his|their|the|this) (?:inbox|e-?mails?|mailbox|mail|messages|accounts?)\b/,
  /\b(?:covering|standing in) for (?:(?:my|our) (?:colleague|co-?worker|manager|boss|teammate|team mate) )?(?:\w+|her|him|them) (?:while|during|until)\b/,
  // "I look after supplier stuff for her team while she's away": an absence says "while I am away"
  /\bi (?:look after|handle|deal with|take care of|cover|manage|'m looking after|am looking after|'m handling|am handling)\b[^.?!]{0,60}\bwhile (?:she|he|they)(?:'s| is| are)\b/,
  /\bin (?:her|his|their|\w+'s) absence\b|\bon (?:her|his|their|\w+'s) behalf\b|\b(?:replying|writing|responding|answering) on behalf of\b/,
  // de
  /\b(?:ich|wir) (?:vertrete|vertreten|betreue|betreuen|bearbeite|bearbeiten|kummere mich um|kummern uns um) (?:sie|ihn|frau \w+|herrn \w+|(?:ihre|seine|deren) (?:e-?mails|post|postfach|nachrichten))\b/,
  /\bin (?:ihrer|seiner|deren) abwesenheit\b|\bals (?:ihre|seine) vertretung\b|\b(?:ich|wir) (?:betreue|betreuen|bearbeite|bearbeiten|lese|lesen) (?:das postfach|die e-?mails|die post) (?:von|des|der)\b|\b(?:antworte|schreibe) (?:ihnen )?im (?:namen|auftrag) (?:von|des|der)\b/,
  // fr
  /\bje (?:remplace|gere|traite|consulte|suis) (?:sa (?:boite|messagerie)|ses (?:mails|messages|e-?mails)|\w+ pendant|l'interim)\b/,
  /\b(?:en|pendant|durant) son absence\b|\bje (?:reponds|vous reponds) (?:a sa place|pour (?:elle|lui))\b|\bje (?:gere|consulte|traite|surveille) (?:la boite (?:mail |e-?mail )?|les (?:mails|messages|e-?mails) )(?:de|d')\b|\bje (?:vous )?(?:reponds|ecris) (?:au nom|de la part) de\b/,
  // es
  /\b(?:cubro|estoy cubriendo|me encargo de|reviso|gestiono) (?:su|el) (?:correo|buzon|bandeja)\b|\ben su ausencia\b|\ben su nombre\b|\b(?:te |le |les )?(?:escribo|respondo|contesto) (?:yo )?(?:en nombre|de parte) de\b/,
  // nl
  /\bik (?:vervang|neem waar voor) (?:haar|hem|\w+)\b|\bik (?:beheer|lees|behandel) (?:haar|zijn) (?:mail|e-?mail|mailbox|inbox)\b|\b(?:tijdens|in) (?:haar|zijn) afwezigheid\b|\bik lees (?:even |tijdelijk )?mee\b|\bik neem (?:de|het) (?:mail|mailbox|inbox|e-?mail|postvak) van \w+ waar\b|\b(?:ik )?(?:antwoord|schrijf|reageer) namens\b/,
  // it
  /\b(?:sostituisco|gestisco|seguo|controllo) (?:la sua (?:casella|posta|email)|le sue (?:email|mail))\b|\b(?:in|durante la) sua assenza\b|\bin sua vece\b|\bsto seguendo la (?:sua )?casella\b|\b(?:le |ti |vi )?(?:rispondo|scrivo)(?: io)? per conto (?:di|del|della|dello|dell')\b/,
  // pt
  /\b(?:estou a cobrir|estou cobrindo|substituo|cuido d[ao]|estou (?:a )?cuidar d[ao]|estou cuidando d[ao]|giro|trato d[ao]) (?:a |o )?(?:sua |seu )?(?:caixa|e-?mail|correio|ausencia)\b|\b(?:na|durante a) sua ausencia\b|\bem seu nome\b|\bestou a acompanhar a caixa\b|\b(?:estou a responder|estou respondendo|respondo) (?:pel[oa]|por) \w+,? que (?:esta|se encontra) (?:de ferias|ausente|fora)\b|\b(?:respondo|escrevo) em nome d[aoe]\b/,
];

/** Whether the reply is written by someone covering the person's inbox. */
export function coveringInbox(t: string): boolean {
  return COVERING.some((p) => p.test(t));
}

// "contact me if urgent", "for urgent matters, lee@…": the contact an absence offers meanwhile, not
// someone the colleague sends the conversation to
const URGENT_ONLY =
  /\b(?:if|when) (?:it'?s |it is |anything is |something is )?urgent\b|\bfor (?:anything |something )?urgent\b|\burgent (?:matters|enquiries|inquiries|requests|issues|questions|cases)\b|\bin (?:an )?(?:urgent cases?|emergenc(?:y|ies))\b|\b(?:in dringenden fallen|bei dringenden|falls dringend|wenn (?:es )?dringend)\b|\b(?:en cas d'urgence|pour toute urgence|si urgent|si c'est urgent)\b|\b(?:para (?:asuntos |temas )?urgentes|en caso de urgencia|si es urgente)\b|\b(?:bij spoed|voor dringende|indien dringend|als het dringend is)\b|\b(?:per (?:questioni |cose )?urgenti|in caso di urgenza|se urgente)\b|\b(?:para (?:assuntos )?urgentes|em caso de urgencia|se for urgente)\b/;

/** Whether the reply offers its contact only for what is urgent (an absence's stand-in). */
export function urgentOnly(t: string): boolean {
  return URGENT_ONLY.test(t);
}
