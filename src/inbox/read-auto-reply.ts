// Automatic answers that are not a person writing back (pure): out-of-office replies by their
// headers (RFC 3834 Auto-Submitted is read in parse-inbound.ts; the de-facto ones and list mail
// here) or by subject and wording in English, German, French, Spanish, Dutch, Italian and
// Portuguese, and challenge-response mails that hold our message until we prove we are human
// (SpamArrest, Boxbe, Mailshell, ChoiceMail, TMDA, Sendio), in the same seven languages (issue 56
// item 5: challenge-response mail was never `challenge`, two auto-replies were read as replies).

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
    "\\bnicht im hause?\\b",
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
    "\\babsence du bureau\\b",
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
    "ausente do escritório",
    "ausente do escritorio",
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
    "\\bthis is an automat(ic|ed) (reply|response|message|notification)\\b",
    "\\bi('m| am| will be) (currently )?(travel+ing|out of the office|away from (the office|my desk)|on (parental|maternity|paternity|sick|annual) leave)\\b",
    "\\b(with|have) (only )?limited (access to|availability on) (my )?e-?mails?\\b",
    "\\b(no|without) access to (my )?e-?mails? (until|till|during)\\b",
    "\\bi will (respond|reply|get back to you)[^.]{0,40}\\b(upon|on|after) my return\\b",
    // German
    "\\bbin ich (nicht im büro|abwesend|nicht erreichbar|im urlaub|außer haus)",
    "\\bich bin (derzeit |zurzeit |bis [^.]{1,40} )?(nicht im büro|abwesend|im urlaub|außer haus|nicht erreichbar)",
    "\\b(keinen|eingeschränkten) zugriff auf (meine )?e-?mails\\b",
    "\\bdies ist eine automatische (antwort|nachricht)\\b",
    "\\b(bin ich|ich bin)[^.]{0,60}\\b(nicht im hause?|in elternzeit|auf dienstreise)\\b",
    "\\bihre (nachricht|e-?mail) wird nicht weitergeleitet\\b",
    "\\bnach meiner rückkehr\\b",
    "\\bin dringenden fällen wenden sie sich\\b",
    // French
    "\\bje suis (actuellement )?(absente?|en congés?|en vacances|hors du bureau)\\b",
    "\\bje serai (absente?|de retour)\\b",
    "\\bceci est une réponse automatique\\b",
    "\\bje suis absente? (du bureau )?jusqu",
    "\\bje (n'aurai|n'ai) (qu'un accès limité|pas accès) à (mes|ma) (e-?mails|messagerie|courriels)",
    "\\b(je prendrai connaissance de|je répondrai à) votre (message|e-?mail|courriel) (à|dès) mon retour\\b",
    // Spanish
    "\\bestoy (fuera de la oficina|de vacaciones|ausente)\\b",
    "\\bestaré (fuera|ausente)\\b",
    "\\besta es una respuesta automática\\b",
    "\\bme encuentro (fuera de la oficina|de vacaciones|ausente)\\b",
    "\\bno (tendré|tengo) acceso (a mi|al) correo\\b",
    "\\b(responderé|contestaré) (a )?(su|tu) (mensaje|correo) (a|cuando) (mi regreso|regrese|vuelva)\\b",
    // Dutch
    "\\bben ik (afwezig|niet aanwezig|niet op kantoor|met vakantie)\\b",
    "\\bik ben (momenteel |tot [^.]{1,40} )?(afwezig|niet op kantoor|met vakantie)\\b",
    "\\bdit is een automatisch (antwoord|bericht)\\b",
    "\\b(heb ik|ik heb) (geen|beperkt) toegang tot (mijn )?e-?mail\\b",
    "\\bna mijn terugkomst\\b",
    "\\bben ik (weer|vanaf [^.]{1,30}) (aanwezig|bereikbaar|op kantoor)\\b",
    // Italian
    "\\bsono (attualmente )?(fuori ufficio|in ferie|assente)\\b",
    "\\bsarò (assente|fuori ufficio)\\b",
    "\\bquesta è una risposta automatica\\b",
    "\\bsono (attualmente )?fuori (dall')?ufficio\\b",
    "\\b(risponderò|rispondero) (al suo|al tuo|alla sua|alla tua) (messaggio|e-?mail) al mio rientro\\b",
    "\\bcon accesso limitato (alla posta|alle e-?mail)\\b",
    // Portuguese
    "\\bestou (fora do escritório|de férias|ausente)\\b",
    "\\bestarei (ausente|fora)\\b",
    "\\besta é uma resposta automática\\b",
    "\\b(estou|encontro-me|estarei) (ausente|fora) do escritório\\b",
    "\\bencontro-me (ausente|de férias)\\b",
    "\\bacesso limitado (ao|aos) e-?mails?\\b",
    "\\bresponderei (à|a) sua (mensagem|e-?mail) (quando|assim que) (retornar|voltar)\\b",
  ].join("|"),
  "i",
);

/** Challenge-response: our message waits until a human proves they are one. Products by name,
 *  then the request in each of the seven languages. */
const CHALLENGE = new RegExp(
  [
    // products and their own words
    "\\bprotected by (spam ?arrest|boxbe|mailshell|choicemail|sendio|mailchannels|a challenge)",
    "\\bspam ?arrest\\b",
    "\\bboxbe\\b",
    "\\bmailshell\\b",
    "\\bchoicemail\\b",
    "\\bsendio\\b",
    "\\b(guest|approved senders?|allowed senders?|white|safe ?senders?) ?list\\b[^.]{0,80}\\b(request|verif|confirm|add yourself|join)",
    "\\bchallenge[- ]response\\b",
    // English
    "\\b(verify|confirm|prove) (that )?you('re| are) (a )?(human|real person|person|not a (robot|bot|spammer|machine))",
    "\\bsender verification (request|required|needed)\\b",
    "\\b(request|requires?) (that you )?verif(y|ication) (of )?(your|the) (e-?mail|sender|address|identity)",
    "\\bverify your (e-?mail )?(address|identity|message) (so that|to have|in order|and your|before)",
    "\\b(to|in order to|so that you can) (get|have) your (message|e-?mail) delivered\\b",
    "\\bconfirm your (e-?mail )?(address )?(to|so you can|in order to) (reach|contact|write to|get through to)\\b",
    "\\b(your|the) message( to [^ ]{1,80})? (is|has been|was) (being )?(held|quarantined|placed on hold) (pending|until|for) (verification|you (verify|confirm)|approval|confirmation)",
    "\\bawaiting (your )?(sender )?verification\\b",
    "\\b(add|put) (you|yourself) (on|to) (my|the) (approved|allowed|white|safe) ?(senders? )?list\\b",
    "\\bclick (the link|here|below|on the link)[^.]{0,40} to (verify|confirm) (that )?(you|your)",
    "\\bi (only )?accept (e-?mail|mail) from (approved|known|verified) senders\\b",
    "\\bcomplete (this|a|the) (quick |short )?(one-time )?(verification|challenge|captcha)\\b",
    // German
    "\\bbestätigen sie(, dass sie| bitte, dass sie)? (ein )?mensch\\b",
    "\\bdamit ihre (nachricht|e-?mail|mail) (zugestellt|ausgeliefert) (wird|werden kann)\\b",
    "\\babsender(verifizierung|bestätigung|prüfung)\\b",
    // French
    "\\b(confirmer|vérifier|prouver) que vous (êtes|etes) (un )?(humain|une personne|un être humain)",
    "\\bpour que votre (message|e-?mail|courriel) (soit|puisse être) (remis|délivré|distribué|livré)\\b",
    "\\bvérification (de l'|d')expéditeur\\b",
    // Spanish
    "\\b(verifique|confirme|demuestre) que (usted )?es (una persona|humano|un ser humano)",
    "\\bpara que su (mensaje|correo)( electrónico)? (sea|pueda ser) entregado\\b",
    "\\bverificación (del|de) remitente\\b",
    // Dutch
    "\\b(bevestig|verifieer|bewijs) dat u een (mens|persoon) bent\\b",
    "\\bzodat uw (bericht|e-?mail) (wordt |kan worden )?(afgeleverd|bezorgd)\\b",
    "\\bafzender(verificatie|bevestiging)\\b",
    // Italian
    "\\b(conferma(re)?|verifica(re)?|dimostra(re)?) che (sei|è) (un essere umano|una persona)",
    "\\baffinché il (tuo|suo) messaggio (venga|sia|possa essere) consegnato\\b",
    "\\bverifica del mittente\\b",
    // Portuguese
    "\\b(confirme|verifique|comprove) que (você )?é (humano|uma pessoa|um ser humano)",
    "\\bpara que (a )?sua mensagem (seja|possa ser) entregue\\b",
    "\\bverificação do remetente\\b",
  ].join("|"),
  "i",
);

/** Header fields challenge-response products write. */
const CHALLENGE_HEADER =
  /^x-(boxbe|spamarrest|spam-arrest|mailchannels-challenge|tmda|sendio|choicemail|mailshell-challenge|challenge)/;

/** A challenge-response mail asking us to prove we are human before our message is delivered. */
export function isChallenge(subject: string, text: string, headers?: Map<string, string>): boolean {
  if (headers && [...headers.keys()].some((k) => CHALLENGE_HEADER.test(k))) return true;
  if (/\btmda\b/i.test(headers?.get("x-delivery-agent") ?? "")) return true;
  return CHALLENGE.test(subject) || CHALLENGE.test(text.slice(0, 4000));
}

/**
 * The header that marks a message as automatic when parse-inbound's RFC 3834 reading found none:
 * the de-facto auto-reply fields, Precedence bulk/junk/list (vacation(1) writes bulk), list mail
 * (List-Id; List-Unsubscribe only on a message that answers nothing, since some mail tools add it
 * to a person's own mail), and X-Auto-Response-Suppress when the subject or words say automatic
 * (Outlook writes it on its automatic replies, and some CRMs on a person's mail too).
 */
export function autoReplyByHeaders(
  headers: Map<string, string> | undefined,
  m: { subject: string; text: string; inReplyTo: string | null; references: string[] },
): string | null {
  if (!headers) return null;
  for (const name of [
    "x-autogenerated",
    "x-auto-reply",
    "x-mail-autoreply",
    "x-autoresponder",
    "x-fc-machinegenerated",
  ]) {
    const v = headers.get(name);
    if (v !== undefined && !/^\s*(no|false)\s*$/i.test(v)) return `${name}: ${v.trim().slice(0, 40)}`;
  }
  if (/autoresponder/i.test(headers.get("x-post-messageclass") ?? "")) return "X-POST-MessageClass";
  const precedence = (headers.get("precedence") ?? headers.get("x-precedence") ?? "").trim().toLowerCase();
  if (/^(auto_reply|bulk|junk|list)$/.test(precedence)) return `Precedence: ${precedence}`;
  if (headers.has("list-id")) return "List-Id";
  if (headers.has("list-unsubscribe") && !m.inReplyTo && m.references.length === 0) return "List-Unsubscribe";
  if (headers.has("x-auto-response-suppress") && autoReplyWords(m.subject, m.text))
    return "X-Auto-Response-Suppress";
  return null;
}

/** Which rule reads a message as an out-of-office: "subject", "body", or null. */
export function autoReplyWords(subject: string, text: string): "subject" | "body" | null {
  if (AUTO_REPLY_SUBJECT.test(subject)) return "subject";
  if (AUTO_REPLY_BODY.test(text.slice(0, 3000))) return "body";
  return null;
}
