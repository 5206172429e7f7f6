// The reply intent rules, in English, German, French, Spanish, Dutch, Italian and Portuguese
// (issue 35). They run on normalised text (rule-classifier.ts: the quoted original removed, lower
// case, accents dropped, "’" as "'", whitespace collapsed), so patterns are written without
// accents: "mochte" matches "möchte", "desinscri" matches "désinscrire".
// Order says what wins when a reply says two things:
//   unsubscribe (a compliance request always wins) → out_of_office (auto-replies) → referral
//   (another person named: referral.ts) → later (a delay: delay-rules.ts) → not_interested →
//   meeting → interested → other. The rules that lost still count: they lower the reading's
//   confidence (reading-confidence.ts).
import { booksThroughAssistant } from "./assistant-booking.ts";
import type { ReplyIntent } from "./classifier.ts";
import { MORE_STOP_PATTERNS } from "./stop-rules.ts";

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
  "lunedi|martedi|mercoledi|giovedi|venerdi|segunda|terca|quarta|quinta|sexta)" +
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
    "videochiamata|videochamada|videocall|video call|videogesprek|videocall|videokonferenz|videoconference|visioconference)\\b",
);
// saying yes to a time
const ACCEPT = new RegExp(
  "\\b(?:works|work for me|suits|available|free|around|passt|geht|erreichbar|convient|me va|ca me va|" +
    "disponible|me viene bien|schikt|komt (?:mij|me) goed uit|is goed|beschikbaar|kan ik|va bene|" +
    "funziona|disponibile|fica bom|funciona|tenho disponibilidade|disponivel|can we|could we|shall we|" +
    "konnen wir|sollen wir|ginge|klappt|on peut|pouvons-nous|podemos|possiamo|kunnen we|zullen we|" +
    "discuter|discutir|discutere|sentiamo|sentirci|conversamos|libre|vrij|libero|livre|dispo|" +
    "let's do|how about|what about|can you do|is best|wie ware es|que tal|te va bien|le va bene|fica bom|" +
    "can i|kann ich|darf ich|je peux|puedo|posso|kan ik|hatte ich zeit|ca vous va|vous convient|" +
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
const COULD_BE = /\b(could|might|would) be (useful|helpful|interesting|relevant|of interest)\b/;
// "absolutely not", "of course not": the word of a yes before a no is no yes
const BARE_YES = /(^|[.!?,;:] )(sure|yes|yep|yeah|absolutely|of course|definitely|sure thing)\b(?! not\b)/;
// a no said as an opinion: "I don't think this is a priority for us right now" reads as a no, but
// not surely (a colleague covering the inbox wrote it in the demo's queue, "but I will pass it on")
const SOFT_NO =
  /\b(i|we) (don't|do not) think (this|it|that)('s| is| would be) (a priority|relevant|a (good |great )?fit|for us|something (we|i) need)\b/;

export const INTENT_RULES: IntentRule[] = [
  {
    intent: "unsubscribe",
    id: "unsubscribe.request",
    confidence: 0.95,
    patterns: [
      // en
      /\bunsubscribe\b/,
      /^stop[.!]?$/,
      /^stop[.!,]|^remove( me)?[.!]?$/,
      /^please stop\b|\bplease stop[.!]/,
      // send me nothing more: ne m'envoyez plus rien, no me envíen nada más, stuur me niets meer …
      /\b(send|stuur|schick\w*|send\w*|envo\w*|envi\w*|mand\w*)\b.{0,20}\b(nothing|niets|nichts|rien|nada|niente|nulla)\b/,
      /\b(send|stuur|schick\w*|envo\w*|envi\w*|mand\w*)\w* (me |mij |mir |moi |nos |us )?(niets|nichts|nothing|nada|niente|nulla) (more|meer|mehr|mas|piu|mais)\b/,
      /\bunsub\b|\b(stop|basta|chega|genug) (aux |met |with |de |com |con le |di |mit )?(deze |the |these |los |os |i |le |den )?(e-?mails?|mails?|emails?|correos|mensagens|messaggi|nachrichten|berichten)\b/,
      /\b(quit|rimuov|remov|elimin|borr|supprim|retir|verwijder|entfern|losch|delete|cancell|tolg|apag)\w*\b.{0,20}\b(mi|mis|il mio|la mia|i miei|o meu|a minha|os meus|mon|ma|mes|mijn|meine|my)\b.{0,5}\b(correo|direccion|indirizzo|endereco|adresse|adres|e-?mail|email|e-?mailadres|e-?mail-adresse|dati|datos|dados|donnees|gegevens|daten|details|data|contacto|contato|coordonnees)\b/,
      /\b(get|take|drop|remove|delete|strike)\b.{0,15}\b(off|from) (this|your|the|ur) (mailing |e-?mail |contact )?list\b/,
      /\bremove (me|us|my (e-?mail|address|name))\b/,
      /\btake (me|us|my (e-?mail|address|name)) off\b/,
      /\bstop (e-?mailing|emailing|contacting|sending|messaging|reaching out)\b/,
      /\b(do not|don't|dont|never) (contact|email|e-mail|message) (me|us)\b/,
      /\bopt(ing)?[- ]?out\b/,
      /\bno (more|further) (e-?mails|emails|messages|contact)\b/,
      /\bno longer (wish|want) to (receive|hear|be contacted)\b/,
      /\b(delete|erase) (my|all my) (data|details|information)\b/,
      /\b(gdpr|dsgvo|rgpd|avg|lgpd)\b.{0,80}\b(delete|erase|remove|losch|supprim|borr|verwijder|cancell|apag)/,
      // de
      /\b(abmelden|abmeldung|abbestellen|austragen)\b/,
      /\btragen sie (mich|uns) .{0,40}\baus\b/,
      /\bnehmen sie (mich|uns|meine adresse) (aus|von)\b/,
      /\bkeine (weiteren|weitere|mehr) (e-?mails|mails|nachrichten|werbung|newsletter|zusendungen|kontaktaufnahme|kontakte?)\b/,
      /\bbitte keine (e-?mails|mails|nachrichten|werbung|newsletter)\b|\bkeine (e-?mails|mails|nachrichten|werbung|newsletter|post) mehr\b/,
      /\bloschung (meiner|unserer) (daten|adresse|kontaktdaten|e-?mail-adresse)\b/,
      /\b(kontaktieren|anschreiben|anrufen|schreiben) sie (mich|uns) (bitte )?nicht mehr\b/,
      /\bnicht mehr (kontaktieren|anschreiben|anschreiben|schreiben)\b/,
      /\bhoren sie auf,? (mir|uns) zu (schreiben|mailen)\b/,
      /\b(losche|loschen|entfernen) sie (meine|unsere|mich)\b/,
      /\bwiderspreche\b.{0,60}\b(daten|werbung|werbezwecke)/,
      /\bstreichen sie (bitte )?(mich|uns|meine)\b|\b(aus|von) (ihrer|ihrem|der|dem|ihren) (kartei|liste|verteiler|datenbank|adressliste|mailingliste)\b/,
      /\bnicht mehr (an|be)?(ge)?(schrieben|kontaktiert|angerufen|gemailt|kontaktieren|anschreiben|schreiben|mailen)\b/,
      // fr
      /\b(desinscri|desabonn)/,
      /\bretire[rz]?(-moi| moi)?\b.{0,20}\b(de|des) (votre|vos|la|cette|ces) (liste|base|fichier|envois)/,
      /\bsupprime[rz]? (mon adresse|mes (donnees|coordonnees)|mon e-?mail)/,
      /\bne (souhaite|veux|desire|voudrais) plus (rien )?recevoir\b/,
      /\bne (me|nous) (contactez|ecrivez|sollicitez) plus\b/,
      /\barretez de (m'|me |nous )/,
      /\bne plus (m'|me |nous )?(ecrire|contacter|solliciter|relancer|envoyer)\b/,
      // es
      /\b(dar|darme|darnos|denme|deme|den|dame) de baja\b/,
      /^baja[.!]?$/,
      /\belimin(ar|arme|ame|enme|eme|en)\b.{0,20}\b(lista|base de datos)\b/,
      /\bno (quiero|deseo) (seguir )?recibir\b/,
      /\bno (me|nos) (vuelvan|vuelva|vuelvas) a (contactar|escribir)\b/,
      /\bdej(en|e|a) de (escribir|enviar|contactar|mandar)/,
      /\bborr(en|ar|e) (mis|nuestros) datos\b/,
      /\b(cancelar|anular) (la |mi )?suscripcion\b/,
      /\bdesuscrib/,
      /\bno (me|nos) (escriban|escribas|escriba|contacten|contactes|contacte|envien|manden|llamen) mas\b/,
      /\b(saquen|saque|saca|quiten|quite|quita|borren|borre|eliminen|elimine)(me|nos)? de (su|la|esta|vuestra|sus|tu) (lista|base)/,
      // nl
      /\b(afmelden|afmelding|uitschrijven|uitschrijving)\b/,
      /\bschrijf (me|mij|ons) uit\b/,
      /\bverwijder (me|mij|ons|mijn (e-?mailadres|adres|gegevens|e-?mail))\b/,
      /\bhaal (me|mij|ons) (van|uit)\b/,
      /\bgeen (e-?mails|mails|berichten|nieuwsbrieven) meer\b/,
      /\b(niet meer (mailen|benaderen|contacteren|e-?mailen))|geen contact meer\b/,
      /\bstop met (mailen|e-?mailen|sturen|benaderen)\b/,
      /\b(mail|e-?mail|mailen|benader|contacteer|bel|stuur) (mij|me|ons) (geen berichten )?niet meer\b/,
      /\bvan (de|uw|jullie|je) (mailinglijst|lijst|verzendlijst|mailing) af\b/,
      /\bhaal (mijn (adres|e-?mailadres|gegevens|naam))\b|\bniet meer (ge)?(maild|mailen|benaderd|gecontacteerd|e-?maild)\b/,
      // it
      /\b(disiscriv|cancellami|cancellatemi|cancellarmi|rimuovetemi|rimuovermi|rimuovimi)/,
      /\bcancella(re|te)? (la mia iscrizione|il mio indirizzo|i miei dati)\b/,
      /\bannull\w* (l'|la mia )?iscrizione\b/,
      /\bnon (desidero|voglio) piu ricevere\b/,
      /\bnon (contattatemi|scrivetemi|mi contattate|mi scrivete) piu\b/,
      /\bsmettete(la)? di (scrivermi|inviarmi|contattarmi|scrivere|inviare)\b/,
      /\b(toglie|togli|rimuov|cancell|lev)\w*(mi|ci) (dalla|dalle|dai|dal|dall')/,
      // pt
      /\bdescadastr/,
      /\bcancel(ar|em|e) (a |minha |a minha )?(inscricao|assinatura)\b/,
      /\b(me remov(a|am|er|ao)|remov(a|am|er)-me)\b/,
      /\bnao (quero|desejo) (mais )?receber\b/,
      /\bnao (me )?(contate|contatem|contacte|contactem|envie|enviem|mandem) mais\b/,
      /\bparem de (me )?(enviar|mandar|contatar|contactar|escrever)\b/,
      /\bnao (me|nos) (escrevam|escreva|contatem|contate|contactem|enviem|mandem|liguem) mais\b/,
      /\b(tirem|tire|retirem|retire|removam|remova)(-me| me|-nos)? da (vossa |sua |vossa lista|lista)|\bme (tirem|tire|retirem) da\b/,
      /\bapag(uem|ar|ue) (os )?meus dados\b/,
      /\b(retirem|retire|removam|remova|apaguem|apague|eliminem|elimine) (o |a |os )?(meu|minha|meus) (endereco|e-?mail|contato|contacto|dados|nome)\b/,
      // polite, angry and legal stops (issue 56)
      ...MORE_STOP_PATTERNS,
    ],
  },
  {
    intent: "out_of_office",
    id: "ooo.autoreply",
    confidence: 0.9,
    patterns: [
      // en
      /\bout of (the )?office\b/,
      /\booo\b/,
      /\b(automatic|auto)[- ]?(reply|response)\b/,
      /\bon (annual |parental |maternity |paternity |medical |sick |holiday |vacation )?leave\b/,
      /\b(currently|presently) (away|out|travel(l)?ing|on (vacation|holiday|leave|pto))\b/,
      /\bi('m| am) (away|out|on (vacation|holiday|pto|leave))\b.*\b(until|till|through|back|return)/,
      // the person's absence told by whoever reads the inbox: "while she is away until 12 January"
      /\b(she|he|they)('s| is| are| will be) (away|out|on (vacation|holiday|pto|leave))\b.*\b(until|till|through|back|return)/,
      /\blimited (access to (my )?(e-?mail|email|messages)|e-?mail access)\b/,
      /\baway from (my desk|the office|email)\b/,
      /\b(spotty|patchy|intermittent|sporadic) (e-?mail|access|connectivity|connection)\b|\bback in (the )?office (on|from|tomorrow|next)\b/,
      /\bno access to (my )?e-?mail\b/,
      /\bi will (be )?(respond|reply|get back to you) (to your (e-?mail|message) )?(up)?on my return\b/,
      // de
      /\b(abwesenheitsnotiz|automatische antwort|abwesend|elternzeit|mutterschutz|dienstreise)\b/,
      /\bnicht im (buro|hause?)\b|\baußer haus\b|\bausser haus\b|\bim urlaub\b/,
      /\b(eingeschrankt|nicht) erreichbar\b/,
      /\bwieder (im buro|erreichbar|fur sie da|im haus)\b/,
      /\bkeinen zugriff auf (meine )?e-?mails\b/,
      // fr
      /\b(absente?s? (du bureau|du \d|jusqu)|reponse automatique|message d'absence)/,
      /\ben (conges?|vacances|deplacement)\b|\bconge (maternite|paternite|parental|maladie)\b/,
      /\bacces limite a (mes|ma|mon|la|ma boite)\b/,
      /\b(serai|suis) de retour\b/,
      // es
      /\b(fuera de la oficina|respuesta automatica|de vacaciones|ausente|de viaje)\b/,
      /\bde baja (por|de) (maternidad|paternidad|enfermedad)\b/,
      /\bacceso limitado al correo\b/,
      /\b(estare|estoy) de vuelta\b|\b(volvere|regresare) el\b|\ba mi regreso\b/,
      /\bsin acceso (al|a mi) (correo|e-?mail)\b|\bestoy fuera (hasta|de la)\b/,
      // nl
      /\b(afwezig|afwezigheidsmelding|automatisch antwoord|niet op kantoor|beperkt bereikbaar)\b/,
      /\b(met|op) vakantie\b|\bmet (zwangerschaps|ouderschaps|zorg)?verlof\b/,
      /\bweer op kantoor\b|\bben (ik )?er weer\b/,
      // it
      /\b(fuori (dall')?ufficio|risposta automatica|in ferie|assente|in trasferta)\b/,
      /\bin (maternita|malattia)\b|\baccesso limitato alla (posta|e-?mail)\b/,
      /\b(rientrero|al mio rientro|di nuovo in ufficio)\b/,
      /\bfuori sede\b|\bsenza accesso alla (posta|e-?mail)\b|\bnon sono in ufficio\b/,
      // pt
      /\b(fora do escritorio|resposta automatica|de ferias|ausente|viajando)\b/,
      /\blicenca[- ](maternidade|paternidade|medica|parental)\b|\bcongedo (parentale|di maternita|di paternita|per malattia)\b/,
      /\bacesso limitado ao (e-?mail|correio)\b/,
      /\bestarei de volta\b|\bretorno (na|no|em|dia) \w|\bquando voltar\b/,
      /\bestou fora (ate|do)\b|\bsem acesso ao (e-?mail|correio)\b/,
    ],
  },
  // found by referral.ts and delay-rules.ts (rule-classifier.ts): named here for their order
  { intent: "referral", id: "referral.named", confidence: 0.9, patterns: [] },
  { intent: "later", id: "later.delay", confidence: 0.9, patterns: [] },
  {
    intent: "not_interested",
    id: "reject.explicit",
    confidence: 0.85,
    weak: [SOFT_NO],
    patterns: [
      // en
      /\bnot (really |currently |at all )?interested\b/,
      /\bno longer (?:interested|relevant|a priority|needed|a fit)\b/,
      /\b(too expensive|zu teuer|trop cher|demasiado caro|te duur|troppo caro|muito caro)\b/,
      /\b(it's|it is|that's|that is|the answer is) a (no|pass|hard no)\b|\bthe answer is (a )?(no|nope)\b(?! (longer|doubt|problem|one|need))|\b(isn't|is not|not) something (we|i)\b/,
      /\bhaben (bereits|schon) (eine?n?) (losung|anbieter|partner|tool|dienstleister)\b|\b(bereits|schon) (eine?n?) \w+ im einsatz\b/,
      /\bdeja ce qu'il (nous )?faut\b|\b(avons|ai) deja (un|une|ce|tout)\b/,
      /\bniks voor (ons|mij)\b|\babbiamo gia\b|\balready (have|got) (something|a|an|one)\b/,
      /\b(no|not) (right now|at this time|for us)\b.*\b(thanks|thank you)\b/,
      /\bno,? thanks?\b/,
      // a bare no (issue 56: mobile one-liners)
      /^((lol|haha|bof),? )?(no+|nope|nah|nein|non|nee|neuh|neh|nao|paso|pass)( no| non| nao)?[,.!]*( (thanks|thank you|danke|merci|gracias|grazie|valeu|obrigad[oa]|bedankt|dank je|laat maar))?[.!]*$/,
      /\b(happy|satisfied|content|pleased) with (our|the|what we have|my) ?(current|existing|present)?\b|\b(zufrieden mit|satisfaits? de (notre|nos|la|ce que)|satisfechos con|content[oa]s con|tevreden met|soddisfatt[io] (del|della|dei|di)|satisfeit[oa]s com)\b/,
      /\bmit (unserem|unserer|unseren|dem|der|den) .{0,40}\bzufrieden\b/,
      /\b(not|wasn't|isn't|isnt|wasnt|is not|was not) worth it\b|\bwird (bei uns |das |daraus )?nichts\b/,
      /\bne correspond pas\b|\bno encaja\b|\bpast niet (bij|voor) (ons|mij)\b|\bnao faz sentido (para|pra) (nos|a gente|mim)\b|\bnon fa al caso\b|\b(doesn't|does not|don't|do not) (fit|match) (our|what we)\b|\bpasst nicht (zu|in) (uns|unser)/,
      /\b(have to|must|will|going to|'ll|'d like to|would like to) (politely |respectfully )?decline\b|\b(vamos|vou|voy|tenemos que|temos que) (a )?declinar\b|\b(dobbiamo|devo|preferiamo) declinare\b|\b(allons|devons|vais|dois) decliner\b|\b(mussen|muss|werden) (leider |hoflich )?absagen\b|\b(moeten|moet|gaan) (helaas |vriendelijk )?bedanken\b/,
      /\b(we|i) (don't|do not|never) (do|pay for|buy|use) (paid|external|any)\b|\b(no|nao) pagamos\b|\bnon paghiamo\b|\b(wir )?(zahlen|bezahlen) (keine|nicht fur)\b|\b(doen|betalen) we niet\b|\bnous ne payons pas\b/,
      /\b(kommt|kommen) (fur uns |fur mich )?nicht in frage\b|\b(s'abstenir|nous abstenir|nos abstenemos|abstenernos|abster-nos|abster-me|astenerci|ci asteniamo)\b|\bzien (er )?van af\b|\bzien ervan af\b|\b(preferiamo|preferisco) di no\b|\b(preferimos|prefiero) que no\b|\b(prefiro|preferimos) que nao\b|\blieber nicht\b|\bplutot pas\b/,
      /\bsans facon\b|\bno (nos|me) hace falta\b|\bnon (ci|mi) serve\b|\bnao (nos|me) faz falta\b/,
      /\bsit (this|it)( one)? out\b|\b(vamos|voy) a pasar\b|\b(slaan|sla) (dit|deze|het) over\b|\b(ma|io) passo\b|^passo\b|\b(vamos|vou) passar\b|\b(lehnen|lehne) (wir |ich )?(dankend |hoflich )?ab\b|\bpas d'actualite\b|\blaat maar\b/,
      /\bno thank you\b/,
      /\b(thanks|thank you),? but no\b/,
      /\bfocus(ing)? (our )?(spend|budget|resources|efforts) elsewhere\b/,
      /\bnot (a |the right )?(good )?fit\b/,
      /\b(doesn't|does not|don't|do not) (sound|seem|look) like a (good |great )?fit\b/,
      /\bnot for (us|me)\b/,
      /\bnot sure (this|it)('s| is) for us\b/,
      /\bnot a priority\b/,
      SOFT_NO,
      // a yes's words beside a no that acts: "Looks great! Unfortunately we can't use it", "Let's talk
      // never", "happy to take a look when the time is right, which isn't now" (each a 97% yes)
      /\b(we|i) (can't|cannot|can not|won't be able to|are unable to|am unable to) (use|buy|adopt|purchase|move forward with|proceed with|go ahead with|sign up for) (it|this|that|your|the)\b/,
      /\blet's (talk|meet|chat|speak|connect) never\b/,
      // "Tuesday works... for never", "happy to jump on a call to explain why this isn't a fit" (each
      // read as a sure meeting)
      /\bfor never\b|\bwhy (this|it) (isn't|is not|wouldn't be|won't be) a (good |great )?fit\b/,
      // we can't use it, in the six other languages ("Helaas kunnen we het niet gebruiken" beside a yes
      // read as a 97% yes)
      /\b(konnen|durfen) wir\b[^.!?]{0,50}\bnicht (nutzen|verwenden|einsetzen|kaufen|einfuhren)\b|\b(ne pouvons|ne pourrons|ne peux) pas (l'|les |le |la )?(utiliser|acheter|adopter|deployer)\b|\bno (podemos|podremos|puedo) (usarlo|usarla|usar|utilizarlo|utilizar|comprarlo|adoptarlo|contratarlo)\b|\b(kunnen|mogen) we\b[^.!?]{0,30}\bniet (gebruiken|inzetten|kopen|afnemen)\b|\bnon (possiamo|potremo|posso) (usarlo|usarla|usare|utilizzarlo|utilizzare|adottarlo|acquistarlo)\b|\bnao (podemos|poderemos|posso) (usa-lo|usa-la|usar|utiliza-lo|utilizar|adota-lo|comprar)\b/,
      /\b(aber|mais|pero|maar|ma|mas) (nicht jetzt|pas maintenant|no ahora|nu niet|non ora|agora nao)\b/,
      /\b(which|that|but it|and it) (isn't|is not|won't be) (now|right now|this year|anytime soon)\b/,
      /\b(we've|we have|i've|i have) (already )?moved on\b(?! from)/,
      /(^|[.!?,;:] )(absolutely|definitely|certainly|of course|hell) not\b/,
      // the same emphatic no in the six other languages, said as a whole sentence ("Auf keinen Fall
      // möchte ich das verpassen" is a yes, so the phrase must end its sentence)
      /(^|[.!?,;:] )(auf keinen fall|keinesfalls|absolument pas|certainement pas|surtout pas|de ninguna manera|de ningun modo|en absoluto|absoluut niet|zeker niet|assolutamente no|assolutamente non|per niente|de jeito nenhum|de modo nenhum|nem pensar)(?=[.!,]|$)/,
      // not relevant, no time for it, in the six other languages
      /\b(fur (mich|uns|meine \w+)) (nicht|kaum) relevant\b|\bnicht relevant fur (mich|uns)\b|\bpas (pertinent|pertinente|relevant)\b|\bno (es|me es|nos es) relevante\b|\bniet relevant\b|\bnon (e|mi e|ci e) (rilevante|pertinente)\b|\bnao (e|me e|nos e) relevante\b/,
      /\bkeine zeit (dafur|fur so etwas|fur sowas)\b|\bpas le temps pour (ca|cela)\b|\bno tengo tiempo para (esto|eso)\b|\bgeen tijd voor (dit|dat)\b|\bnon ho tempo per (questo|queste cose)\b|\bnao tenho tempo para (isso|isto)\b/,
      // renewed with the vendor we have, in the six other languages
      /\b(anbieter|vertrag|dienstleister|lieferanten?)\b.{0,30}\bverlangert\b|\brenouvel\w*\b.{0,40}\b(contrat|prestataire|fournisseur|abonnement)\b|\b(renovado|renovamos)\b.{0,40}\b(contrato|proveedor|suscripcion)\b|\bverlengd\b.{0,40}\b(leverancier|contract)\b|\b(leverancier|contract)\b.{0,20}\bverlengd\b|\b(rinnovato|rinnovare)\b.{0,40}\b(fornitore|contratto|abbonamento)\b|\b(renovamos|renovar|renovado)\b.{0,40}\b(fornecedor|contrato|assinatura)\b/,
      /\b(isn't|is not|not) relevant (to|for) (me|us|my|our)\b|\b(don't|do not) have time for (this|it|that)\b/,
      /\b(we|i) (already )?use (a|your|one of your) competitors?\b/,
      /\b(just |recently )?renewed (with )?(our )?(current |existing )?(vendor|provider|supplier|contract|subscription|agreement)\b/,
      /\b(already )?(bought|purchased|signed up for|went with) (a similar|another|a different|a competing) (tool|product|solution|vendor|platform|service)\b/,
      /\b(we're|we are|i'm|i am) (all set|good|covered)\b/,
      /\balready (have|work with|use|signed with|committed to)\b/,
      /\b(no|don't have( the)?|zero) budget\b/,
      /\b(we|i) (don't|do not) need (this|it|that|any)\b/,
      /\b(we'll|we will|i'll|i will|going to|gonna) pass\b(?! (this|it|that) (on|along))/,
      /\bdecided (not to|against)\b/,
      /\bnot moving forward\b/,
      /\bnot something we('re| are) (looking|interested)\b/,
      /\bplease (don't|do not) follow up\b/,
      /\bhold(ing)? off\b|\bno (use|need) for\b|\bnot a need\b|^not (right )?now\b/,
      /\b(don't|do not) have the (bandwidth|capacity|time|budget)\b|\bno (bandwidth|capacity)\b|\bnot (at the moment|right now|now)\b/,
      /\b(we|i) (have|'ve) decided to go (with|in) (another|a different)\b/,
      // chose a competitor: "we just signed a contract with a competitor", in the seven languages
      /\b(signed|went|gone|decided to go|chose|chosen|selected|picked|partnered)( a (contract|deal|agreement))? with (a |another |one of your )?(competitor|competing (vendor|provider|solution)|different (vendor|provider|solution|tool|partner)|another (vendor|provider|solution|tool|partner))\b|\b(mit|bei) (einem|einer) (wettbewerber|konkurrenten|mitbewerber)\b|\b(signe|signer|choisi|opte pour)( avec)? un (concurrent|autre (prestataire|fournisseur|editeur))\b|\b(firmado|elegido|optado por|decidido por)( con)? (un|otro) (competidor|proveedor)\b|\b(gekozen voor|getekend bij|in zee met) (een )?(concurrent|andere (leverancier|partij))\b|\b(firmato|scelto|optato per)( con)? (un|altro) (concorrente|fornitore)\b|\b(assinamos|escolhemos|optamos por|fechamos)( com)? (um|outro) (concorrente|fornecedor)\b/,
      // de
      /\bkein(e|en)? (interesse|bedarf|budget)\b/,
      /\bnicht (mehr )?interessiert\b/,
      /\b(interessiert|passt) (mich|uns) (leider )?nicht\b/,
      /\bnein,? danke\b/,
      /\bkein thema\b/,
      /\bpasst (derzeit |aktuell |momentan |gerade |leider )*nicht\b/,
      /\b(bereits|schon) (gut )?versorgt\b|\bgut versorgt\b/,
      /\b(arbeiten|arbeitet) (bereits|schon) mit\b/,
      /\bfur (einen|eine|ein) anderen? \w+ entschieden\b/,
      /\bbudget ist .{0,30}\bkeins\b|\babsage\b/,
      /\bnichts fur (uns|mich)\b|\bfur (uns|mich) (ist das |ist es )?nichts\b|\bverzichten\b/,
      /\b(momentan|derzeit|aktuell|zurzeit|gerade) (leider )?nicht\b/,
      /\b(dagegen|anders) entschieden\b|\bbrauchen (wir|ich) (das |so etwas |es )?(leider )?nicht\b/,
      // fr
      /\bpas (du tout )?interess/,
      /\bne (m'|me |nous )interesse (pas|plus)\b/,
      /\bnon,? merci\b/,
      /\bn'avons pas (de |le )?(besoin|budget)\b|\bpas de (besoin|budget)\b/,
      /\bdeja avec un (autre )?(prestataire|partenaire|fournisseur)\b/,
      /\bne donnerons pas suite\b|\bpas une priorite\b|\bpas pertinent\b/,
      /\bpas pour (nous|moi)\b|\bdeja (une|un) (solution|outil|prestataire|partenaire|fournisseur|agence)\b|\bpas le (bon )?moment\b/,
      /\bpas preneur|\bpas (pour l'instant|maintenant|pour le moment)\b/,
      /\bdecide de ne pas\b|\bn'en (avons|ai) pas besoin\b|\bpas besoin\b/,
      // es
      /\bno (me|nos) interesa\b/,
      /\bno (estoy|estamos) interesad/,
      /\bno,? gracias\b/,
      /\bno necesitamos\b/,
      /\bya (trabajamos con|tenemos|contamos con)\b/,
      /\bno es (una )?prioridad\b|\bno tenemos presupuesto\b|\bno es para nosotros\b/,
      /\b(otro|otra) (proveedor|empresa|agencia)\b/,
      /\b(de momento|ahora mismo|por ahora|por el momento) no\b|\bno (nos|me) (encaja|cuadra|sirve|conviene)\b/,
      /\bdecidido no\b|\bno (lo |la |los |las )?necesit(amos|o)\b/,
      // nl
      /\bgeen (interesse|behoefte|budget|prioriteit)\b/,
      /\bniet geinteresseerd\b/,
      /\bnee,? dank/,
      /\b(werken|werkt) al met\b|\bhebben al een\b/,
      /\b(voor )?een andere (leverancier|partij|partner)\b/,
      /\bniet (relevant|voor ons)\b/,
      /\bniets voor (ons|mij)\b|\bhebben (hier |daar )?al (een|iets)\b|\bnu (even |eventjes )?niet\b/,
      /\b(niet|geen) (op zoek|behoefte) naar\b|\b(op dit moment|momenteel) (even )?niet\b/,
      /\bbesloten\b.{0,25}\bniet\b|\bniet nodig\b/,
      // it
      /\bnon (sono|siamo) interessat/,
      /\bnon (mi|ci) interessa\b/,
      /\bno,? grazie\b/,
      /\bnon (abbiamo|ho) (bisogno|budget)\b/,
      /\blavoriamo gia con\b|\babbiamo gia (un|una|uno)\b/,
      /\bnon e (una )?priorita\b|\baltro fornitore\b|\bnessun interesse\b|\bnon fa per noi\b/,
      /\bnon fa (al caso nostro|per noi|per me)\b|\b(per ora|al momento|adesso) no\b/,
      /\bnon (ci|mi) serve\b|\b(per il momento|al momento|per ora) non\b/,
      /\bdeciso di non\b|\bnon ne (abbiamo|ho) bisogno\b/,
      // pt
      /\bnao (tenho|temos) interesse\b/,
      /\bnao (estou|estamos) interessad/,
      /\bnao (me|nos) interessa\b/,
      /\bnao,? obrigad/,
      /\bnao precisamos\b|\bja (trabalhamos com|temos)\b/,
      /\bnao e (uma )?prioridade\b|\bnao temos orcamento\b|\boutro fornecedor\b/,
      /\bsem interesse\b|\bnao e para nos\b/,
      /\bagora nao\b|\bnao e o (melhor )?momento\b/,
      /\b(por agora|por enquanto|no momento) nao\b/,
      /\bdecid\w+ nao\b/,
    ],
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
    weak: [INTERESTING, PRICE, COULD_BE, BARE_YES],
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
      /\binteressant\w*\b|\b(overview|presentation|presentacion|presentatie|presentazione|apresentacao|referenzen|referenties|references)\b/,
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
      /\b(send|share|stuur|manda\w*|mande\w*|envi\w*|envoy\w*|schick\w*|send\w*)\b.{0,25}\b(proposal|deck|pricing|prices|case study|one-pager|voorstel|offerte|prijzen|proposta|preventivo|presentazione|propuesta|presentacion|proposition|devis|plaquette|angebot|unterlagen|ubersicht|preise|orcamento|apresentacao|precos|material)\b/,
      BARE_YES,
      /\b(gostei|gostamos|i like (it|this)|gefallt (mir|uns)|ca me plait|me gusta|bevalt (me|ons)|mi piace)\b/,
      /\b(me interesaria|mi interesserebbe|wurde (uns|mich) interessieren|m'interesserait|nous interesserait|zou (me|ons) interesseren|me interessaria|nos interessaria|would interest (me|us))\b/,
      /\b(what's|what is|what are) the next steps?\b|\bwie geht es (jetzt )?weiter\b|\b(quelle est|quelles sont) la prochaine etape|\b(cual|cuales) (seria|es|son|serian) (el|los) siguientes? pasos?\b|\bwat (is|zijn) de volgende stap|\bqual e il prossimo passo\b|\b(qual|quais) (e|sao|seria) (o|os) proximos? passos?\b/,
      /\bworks for me\b|\bok pour moi\b|\b(send|stuur|manda|mande|schicken sie) (it|het|ai|aqui|maar|los)\b(?! to)|^(ok|k|okay),? send\b/,
      /\bhappy to (take a look|have a look|review|hear|learn|chat|talk|meet)\b/,
      /\b(i'd|i would|we'd|we would|i'm|i am|we're|we are) (be )?open to\b/,
      /\b(let's|lets) (do it|talk)\b|\bi'm in\b/,
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
      /\bstuur (me|mij|ons)\b|\bvertel (me|mij|ons) meer\b/,
      /\bja,? (leuk|prima|goed|zeker)\b|\bziet er (goed|interessant) uit\b|\bklinkt leuk\b|\bstuur (maar|gerust)\b/,
      // it
      /\b(certo|volentieri|va bene|d'accordo|perfetto)\b/,
      /\bmi interessa\b|\binteressat[oaie]\b|\binteressante\b/,
      /\bmi sembra (una buona idea|interessante|ottimo|perfetto)\b/,
      /\b(mandatemi|inviatemi|mi mandi|mi invii|mi racconti|raccontami)\b/,
      /\bsi,? grazie\b/,
      // pt
      /\b(com certeza|combinado|perfeito|fechado)\b/,
      /\b(tenho|temos) interesse\b|\binteressad[oa]s?\b|\binteressante\b/,
      /\bparece (bom|otimo|interessante|uma boa ideia)\b/,
      /\bpode (me )?enviar\b|\bme (envie|mande|conte mais)\b|\bsim,? por favor\b/,
      /(^|[.!?,;:] )(sim|claro|certo)\b/,
    ],
  },
];
