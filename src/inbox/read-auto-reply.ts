// Automatic answers that are not a person writing back (pure): out-of-office replies by subject or
// wording in English, German, French, Spanish, Dutch, Italian and Portuguese (RFC 3834 headers are
// read in parse-inbound.ts, in any language), and challenge-response mails that hold our message
// until we prove we are human (SpamArrest, Boxbe, MailChannels-like sender verification).

/** Subjects of out-of-office and automatic replies. */
export const AUTO_REPLY_SUBJECT = new RegExp(
  [
    // English
    "\\bout of (the )?office\\b",
    "\\bautomatic reply\\b",
    "\\bauto[- ]?(reply|response|responder|matic response)\\b",
    "\\bautoreply\\b",
    "\\bautoresponse\\b",
    "\\baway from (the )?office\\b",
    "\\b(on )?vacation (reply|notice|message|response)\\b",
    "\\bi am (away|out)\\b",
    "\\bholiday (notice|reply)\\b",
    "^\\s*ooo\\b",
    "^\\s*away:",
    // German
    "abwesenheitsnotiz",
    "\\babwesenheit\\b",
    "\\babwesend\\b",
    "automatische (antwort|rückantwort|nachricht|benachrichtigung)",
    "\\bautom\\. antwort\\b",
    "nicht im büro",
    "außer haus",
    "ausser haus",
    "\\burlaubsbedingt\\b",
    // French
    "réponse automatique",
    "reponse automatique",
    "\\bmessage d'absence\\b",
    "\\babsent(e)? du bureau\\b",
    "\\bhors du bureau\\b",
    "^\\s*absence\\b",
    "^\\s*absent(e)?\\b",
    "\\ben congés?\\b",
    // Spanish
    "respuesta automática",
    "respuesta automatica",
    "fuera de (la )?oficina",
    "^\\s*ausente\\b",
    "\\bde vacaciones\\b",
    // Dutch
    "\\bafwezig(heid|heidsmelding)?\\b",
    "automatisch (antwoord|bericht)",
    "\\bniet (op|aanwezig op) kantoor\\b",
    "\\bbuiten kantoor\\b",
    // Italian
    "risposta automatica",
    "fuori (dall')?ufficio",
    "^\\s*assente\\b",
    "\\bin ferie\\b",
    // Portuguese
    "resposta automática",
    "resposta automatica",
    "fora do escritório",
    "fora do escritorio",
    "\\bausência\\b",
    "\\bde férias\\b",
    // Nordic, widely seen from Outlook
    "\\bautosvar\\b",
    "\\bautomatisk svar\\b",
    "\\bfrånvaro\\b",
  ].join("|"),
  "i",
);

/** Out-of-office wording in a body (the reply classifier reads English too). */
export const AUTO_REPLY_BODY = new RegExp(
  [
    // English
    "\\bi am (currently )?out of (the )?office\\b",
    "\\bi('m| am) (currently )?(away|on (annual )?leave|on vacation|on holiday) (until|till|from|and will)\\b",
    "\\bthis is an automatic (reply|response|message)\\b",
    // German
    "\\bbin ich (nicht im büro|abwesend|nicht erreichbar|im urlaub|außer haus)",
    "\\bich bin (derzeit |zurzeit |bis [^.]{1,40} )?(nicht im büro|abwesend|im urlaub|außer haus|nicht erreichbar)",
    "\\b(keinen|eingeschränkten) zugriff auf (meine )?e-?mails\\b",
    "\\bdies ist eine automatische (antwort|nachricht)\\b",
    // French
    "\\bje suis (actuellement )?(absente?|en congés?|en vacances|hors du bureau)\\b",
    "\\bje serai (absente?|de retour)\\b",
    "\\bceci est une réponse automatique\\b",
    // Spanish
    "\\bestoy (fuera de la oficina|de vacaciones|ausente)\\b",
    "\\bestaré (fuera|ausente)\\b",
    "\\besta es una respuesta automática\\b",
    // Dutch
    "\\bben ik (afwezig|niet aanwezig|niet op kantoor|met vakantie)\\b",
    "\\bik ben (momenteel |tot [^.]{1,40} )?(afwezig|niet op kantoor|met vakantie)\\b",
    "\\bdit is een automatisch (antwoord|bericht)\\b",
    // Italian
    "\\bsono (attualmente )?(fuori ufficio|in ferie|assente)\\b",
    "\\bsarò (assente|fuori ufficio)\\b",
    "\\bquesta è una risposta automatica\\b",
    // Portuguese
    "\\bestou (fora do escritório|de férias|ausente)\\b",
    "\\bestarei (ausente|fora)\\b",
    "\\besta é uma resposta automática\\b",
  ].join("|"),
  "i",
);

/** Challenge-response: our message waits until a human proves they are one. */
const CHALLENGE = new RegExp(
  [
    "\\bverify (that )?you are (a )?(human|real person|not a (robot|bot))",
    "\\bconfirm (that )?you are (a )?(human|real person|not a (robot|bot))",
    "\\bprove (that )?you are (a )?(human|real person)",
    "\\bprotected by (spam ?arrest|boxbe|mailchannels|a challenge)",
    "\\bspam ?arrest\\b",
    "\\bboxbe\\b",
    "\\bchallenge[- ]response\\b",
    "\\bsender verification (request|required|needed)\\b",
    "\\b(request|requires?) (that you )?verif(y|ication) (of )?(your|the) (e-?mail|sender|address|identity)",
    "\\bverify your (e-?mail )?(address|identity|message) (so that|to have|in order|and your|before)",
    "\\b(your|the) message (is|has been|was) (being )?held (pending|until|for) (verification|you verify|approval)",
    "\\bawaiting (your )?(sender )?verification\\b",
    "\\b(add|put) (you|yourself) (on|to) (my|the) (approved|allowed|white|safe) ?(senders? )?list\\b",
    "\\bclick (the link|here|below) to (verify|confirm) (that )?(you|your)",
    "\\bi (only )?accept (e-?mail|mail) from (approved|known) senders\\b",
  ].join("|"),
  "i",
);

/** A challenge-response mail asking us to prove we are human before our message is delivered. */
export function isChallenge(subject: string, text: string, headers?: Map<string, string>): boolean {
  if (headers && [...headers.keys()].some((k) => /^x-(boxbe|spamarrest|mailchannels-challenge)/.test(k)))
    return true;
  return CHALLENGE.test(subject) || CHALLENGE.test(text.slice(0, 4000));
}

/** Which rule reads a message as an out-of-office: "subject", "body", or null. */
export function autoReplyWords(subject: string, text: string): "subject" | "body" | null {
  if (AUTO_REPLY_SUBJECT.test(subject)) return "subject";
  if (AUTO_REPLY_BODY.test(text.slice(0, 3000))) return "body";
  return null;
}
