// Stop requests err on the safe side (issue 56 item 3.4). On 145 unseen replies 9 of 28 stop
// requests read as `other`: polite ("I'd prefer not to get these"), angry ("stop, this is the third
// time"), legal (GDPR, Datenschutz, RGPD, AVG, LGPD) in five languages. These patterns join the
// unsubscribe rule (intent-rules.ts); STOP_SIGNALS are further signs that set a reading's
// stopSignal without making it an unsubscribe ("is this spam?", "who gave you my address?"), so
// Baton never acts alone on such a reply. A mention that is hypothetical or negated ("I almost hit
// unsubscribe but…", "no need to remove me") is neither. All on normalised text (rule-classifier.ts).

export const MORE_STOP_PATTERNS: RegExp[] = [
  // en: polite, angry, legal
  /\b(prefer|rather|like) (not|you didn't|you did not) (to )?(get|receive|hear from|be (contacted|emailed|sent|on))/,
  /\b(would|'d) (prefer|rather|appreciate it) if you (didn't|did not|stopped|no longer|would stop|don't)\b/,
  /\b(don't|do not|no longer) (want|need|wish) (to (get|receive|hear from)|(any )?(more |further )?(of )?(these |your |such )?(e-?mails|emails|messages|mails))\b/,
  /\b(stop|quit|cut) (it|this|that)( out)?[.!]/,
  /\b(this is|that's|that is|it's|it is) (now )?(the|my|your) (second|third|fourth|fifth|sixth|\d+(st|nd|rd|th)) (time|e-?mail|email|message|request|follow-?up)\b/,
  /\b(third|fourth|fifth|\d+(st|nd|rd|th)) time (i've|i have|i'm|i am) (asked|asking|told|telling|said)\b/,
  /\bhow many (times|more e-?mails|more emails)\b/,
  /\bleave (me|us) alone\b/,
  // "I'd love to never hear from you again" (a 89% yes, no stop sign); "I never heard from you" is not
  /\b(love|like|prefer|want|wish) to never hear from you\b|\b(don't|do not|never) want to hear from you (again|anymore|any more)\b|\bnever (want to )?hear from you again\b/,
  /\b(i|we) (never|didn't|did not) (sign(ed)? up|opt(ed)? in|subscribe(d)?|consent(ed)?|ask(ed)? (for|to be))/,
  /\b(report(ing)?|flag(ging)?|mark(ing)?) (you|this|these|your (e-?mails|emails|messages))( as spam| to)\b/,
  /\b(gdpr|dsgvo|rgpd|lgpd|data protection|privacy (law|regulation)|ico|ccpa|casl|can-spam)\b.{0,100}\b(right|article(?! ?28)|art\.(?! ?28)|request|complain|complaint|violation|breach|consent|delete|erase|remove|object|report)/,
  // "the list of your sub-processors under article 28 of the GDPR" asks a processor's terms: no stop
  /\b(right|article(?! ?28)|request|complaint|violation|breach|consent|delete|erase|remove|object)\b.{0,60}\b(gdpr|dsgvo|rgpd|lgpd|data protection)\b/,
  /\b(effac|supprim|delete|remove|erase|losch|entfern|borr|elimin|cancell|apag|verwijder)\w*\b.{0,20}\b(my|mes|meine|mis|mijn|i miei|os meus|meus) (data|details|contact details|coordonnees|donnees|daten|kontaktdaten|datos|gegevens|dati|dados|contatos)\b/,
  /\b(my|mes|meine|mis|mijn|i miei|os meus|meus) (data|details|contact details|coordonnees|donnees|daten|kontaktdaten|datos|gegevens|dati|dados)\b.{0,30}\b(delete|remove|erase|verwijder|loschen|entfernen|borr|elimin|cancell|apag|effac|supprim)\w*/,
  /\b(lose|delete|drop|forget) my (e-?mail|email|address|number|details|contact)\b/,
  /\bno more\b.{0,20}\b(please|thanks|thank you)\b|^no more[.!]?$/,
  // "Not interested, and I'd appreciate no more follow ups" (read as a sure no, the model agreeing)
  /\b(?:no|zero) (?:more|further) (?:follow[- ]?ups?|e-?mails|emails|messages|mails|outreach|calls|reminders|bumps)\b/,
  // "Já pedi pra não me mandarem mais e-mail" ("please don't follow up" stays a stop sign for a
  // person: the tuned set labels it a no, round 16 a stop)
  /\b(?:nao|pra nao|para nao) me (?:mand|envi|escrev|contat|contact)\w* mais\b/,
  /\bstop[.!,]+ |\bstop[.!]*$/,
  // the thirteenth round's stops: "Mail me alsjeblieft niet meer", "sehen Sie künftig von weiteren
  // Kontaktaufnahmen ab", "que no contactaran más", "non contattare più né me", a bare "Remover."
  /\b(?:mail|mailt|stuur|bel|benader|contacteer)\w* (?:me|mij|ons) (?:\w+ ){0,2}niet meer\b|\bsehen sie (?:\w+ ){0,3}von (?:weiteren |jeglichen |zukunftigen )?(?:kontaktaufnahmen|kontaktaufnahme|anschreiben|e-?mails|zusendungen|anrufen)\b|\bno (?:me |nos |le |les )?(?:contact|escrib|llam)\w* (?:mas|nunca mas)\b|\bnon (?:mi |ci )?(?:contattare|contattate|scrivere|scrivete)\w* piu\b|^(?:remover|descadastrar|dar de baja|darme de baja|afmelden|abmelden|desinscrire|desinscrivez-moi|cancellami|unsubscribe)[.!]*$/,
  /\bstuur (?:me|mij|ons) (?:ook |verder |voortaan )?(?:niks|niets|geen \w+) meer\b|\btake (?:this|my) (?:address|email|e-mail) off\b|\b(take|get) (me|us) off\b|\b(be|been|being|get|getting) (taken|removed) off\b/,
  /\b(don't|do not|dont|never|please don't) (ever )?(reach out|contact|email|e-mail|write|message|call|ping|follow up with)( to)? ?(me|us)?( again| anymore| any more)\b/,
  /\b(don't|do not|dont) (e-?mail|email|contact|message|write|send) (me|us|anything)\b/,
  /\bcease (all |any )?(further )?(communication|contact|e-?mails|emails|messages|correspondence)\b/,
  // "kindly refrain from contacting me further" (was `other`, no stop sign)
  /\brefrain from (contacting|e-?mailing|emailing|messaging|writing to|reaching out to|calling) (me|us)\b/,
  /\bdo[- ]not[- ](contact|call|e-?mail|mail)[- ]list\b|\bdo-not-(contact|call|e-?mail|mail)\b/,
  /\bunsolicited\b.{0,40}\b(stop|remove|delete|again|report)|\b(stop|remove|delete|report)\b.{0,40}\bunsolicited\b/,
  // de
  /\bnie (mehr|wieder) (etwas )?von (ihnen|euch|dir) (horen|lesen)\b/,
  /\b(mochte|will|wunsche) (ich )?(diese |solche |ihre |keine )?(e-?mails|mails|nachrichten|werbung|newsletter|anschreiben)? ?(nicht )?(mehr )?(erhalten|bekommen|zugeschickt)\b.{0,5}$/,
  /\b(keine|diese) (e-?mails|mails|nachrichten|werbung) (mehr )?(erhalten|bekommen)\b/,
  /\b(verschonen sie (mich|uns)|lassen sie (mich|uns) (bitte )?in ruhe)\b/,
  /\bzum (zweiten|dritten|vierten|x-ten|wiederholten|\d+\.) (mal|male)\b/,
  /\b(habe|hatte) (ich )?(nie|niemals|nicht) (zugestimmt|eingewilligt|angemeldet|abonniert|darum gebeten)\b|\bnie (zugestimmt|eingewilligt)\b/,
  /\b(datenschutz|dsgvo)\w*\b.{0,100}\b(beschwerde|verstoss|einwilligung|losch|widerspr|auskunft|art\.? ?\d+|aufsichtsbehorde|abmahnung|anwalt)/,
  /\b(unerwunschte?|unverlangte?) (werbung|e-?mails?|mails?|nachrichten|zusendung)/,
  /\bnicht (mehr|weiter|langer|wieder) (an|be)?(ge)?(schrieben|kontaktiert|angerufen|gemailt|belastigt|angesprochen)\b/,
  /\b(mich|uns) (kunftig |zukunftig |in zukunft |ab sofort |bitte )?nicht (mehr |weiter |wieder )?(zu )?(kontaktieren|anzuschreiben|anzurufen|anschreiben|anrufen|schreiben|mailen)\b/,
  /\bunterlassen sie\b/,
  /\bbitte nicht mehr\b|\bich will (das|sowas|so etwas|diese mails) nicht\b/,
  /\bhoren sie (bitte )?(endlich )?(damit )?auf\b/,
  /\b(schreiben|mailen) sie mir (bitte )?nicht\b/,
  // fr
  /\bne plus (jamais )?(entendre parler de vous|avoir de vos nouvelles|recevoir de vos nouvelles)\b/,
  /\b(prefererais|prefere|aimerais) ne (pas|plus) (recevoir|etre (contacte|sollicite))/,
  /\bmerci de ne (plus|pas) (m'|me |nous )?(ecrire|contacter|envoyer|relancer|solliciter)/,
  /\bne (me |nous |m')(relancez|envoyez|ecrivez|contactez|recontactez|sollicitez) plus\b/,
  /\b(c'est|ceci est|voici) (la|ma|votre) (deuxieme|troisieme|quatrieme|enieme|\d+e) (fois|relance|demande)\b/,
  /\blaissez-(moi|nous) tranquilles?\b/,
  /\b(je n'ai|nous n'avons) jamais (accepte|consenti|demande|donne mon accord|souscrit)/,
  /\b(rgpd|cnil|protection des donnees)\b.{0,100}\b(plainte|suppression|supprim|droit|article|consentement|opposition|signal)/,
  /\bcessez (de|ces|vos)\b|\bcesser de (m'|me |nous )/,
  /\bne (souhaite|veux|desire|voudrais) plus (etre )?(sollicite|contacte|relance|demarche)e?s?\b/,
  /\b(merci de |veuillez )?(me|nous) retirer\b|\bretirez-(moi|nous)\b/,
  // es
  /\b(preferiria|prefiero|preferimos) no (recibir|ser contactad)/,
  /\bno (me|nos) (escriban|envien|contacten|manden|escribas|envies|contactes|mandes) mas\b|\bno (quiero|queremos) (recibir )?mas (correos|emails|mensajes|e-?mails)\b/,
  /\b(es|esta es) la (segunda|tercera|cuarta|quinta|enesima) (vez|vez que)\b/,
  /\b(dejenme|dejadme|dejeme|dejame|dejennos) en paz\b/,
  /\bnunca (he dado|di|hemos dado|dimos) (mi |nuestro )?(consentimiento|permiso)|\bnunca (me suscribi|me registre|lo pedi)\b/,
  /\b(rgpd|lopd|lopdgdd|proteccion de datos|aepd)\b.{0,100}\b(denuncia|queja|supresion|suprim|derecho|reclamacion|consentimiento|articulo|oposicion)/,
  /\bno (quiero|queremos|deseo|deseamos) que (me|nos) (vuelvan a |vuelva a |sigan )?(escriban|contacten|envien|llamen|escribir|contactar|enviar|llamar|escribiendo|contactando)/,
  /\b(quiten|quite|quita|saquen|saque|borren|eliminen|dejen de incluir)(me|nos)? de (sus|su|la|las|esta|estas|vuestra|vuestras) (envios|correos|listas|lista|mailing|comunicaciones|base)/,
  /\bno mas (correos|emails|e-?mails|mensajes|comunicaciones)\b|\bnao (quero )?mais (e-?mails|emails|mensagens)\b/,
  /\b(quitadme|quitadnos|sacadme|sacadnos|borradme|borradnos|eliminadme|dadme de baja)\b/,
  /\bno (me |nos )?(vuelvan|vuelva|vuelvas|volvais) a (escribir|contactar|llamar|enviar)(me|nos)?\b/,
  /\bno volver a (escribir|contactar|llamar|enviar|molestar)(me|nos)\b/,
  /\bbasta( ya)? de (correos|emails|mensajes|e-?mails)\b/,
  /\b(deja|dejen|dejad|deje) de (escribir|enviar|mandar|contactar|llamar|molestar)(me|nos)?\b/,
  /\bno (sigan|sigais|siga|sigas) (enviando|mandando|escribiendo|contactando)(me|nos)?\b/,
  // nl
  /\b(ontvang|krijg) (deze|dit soort|uw|jullie|je) (mails|e-?mails|berichten) (liever|graag) niet( meer)?\b/,
  /\bliever geen (mails|e-?mails|berichten|mail)\b/,
  // "ik wil deze mails niet meer ontvangen" (was `other`, no stop sign)
  /\b(wil|willen) (deze|dit soort|uw|jullie|je|die) (mails|e-?mails|berichten|nieuwsbrieven) niet (meer|langer) (ontvangen|krijgen)\b|\b(wil|willen) geen (mails|e-?mails|berichten) (meer )?(ontvangen|krijgen)\b/,
  /\b(mail|e-?mail|mailen|benader|contacteer|bel|stuur) (mij|me|ons) (niet|nooit) (meer|opnieuw|nog eens|weer)\b/,
  /\bniet (langer|meer) (benaderd|gemaild|gecontacteerd|lastiggevallen)\b|\bstop (alstublieft |aub |a\.u\.b\. |nu )?met (deze|die|uw|jullie|je) (mails|e-?mails|berichten)\b/,
  /\bdit is (al )?(de|mijn) (tweede|derde|vierde|vijfde|zoveelste) (keer|mail|verzoek)\b/,
  /\blaat (me|mij|ons) (nu )?(met rust|met vrede)\b/,
  /\bhaal (me|mij|ons) (aub |a\.u\.b\. |alsjeblieft |even |maar )?(van|uit) (jullie|uw|je|de|het) (lijst|mailinglijst|bestand|database|verzendlijst)\b/,
  /\b(wil|willen) (niets|niks) meer (van (jullie|u|je) )?(ontvangen|krijgen|horen)\b/,
  /\b(wens|wensen|wil|willen) geen\b[^.!?]{0,40}\bmeer (te )?(ontvangen|krijgen)\b|\b(gelieve|graag) (mij|ons) uit te schrijven\b|\buit te schrijven\b/,
  /\bstuur (me|mij|ons) (alsjeblieft |aub |a\.u\.b\. |dan )?(ook )?geen\b[^.!?]{0,30}\bmeer\b/,
  /\buit (uw|jullie|je) (bestand|database|lijst|mailinglijst|adresbestand|systeem|crm) te (verwijderen|halen)\b|\bniet (langer|meer) te (benaderen|contacteren|mailen)\b/,
  /\bnooit (toestemming (gegeven|verleend)|aangemeld|ingeschreven)\b/,
  /\b(avg|gdpr|privacywet|autoriteit persoonsgegevens)\b.{0,100}\b(klacht|verwijder|recht|toestemming|artikel|melding|bezwaar)/,
  /\bongevraagde? (mail|e-?mail|berichten|reclame)\b.{0,40}\b(stop|niet meer|verwijder)|\bgeen ongevraagde\b/,
  // it
  /\b(preferirei|preferisco|preferiamo) non (ricevere|essere contattat)/,
  /\b(per favore|vi prego di|la prego di),? non (scrivetemi|contattatemi|inviatemi|mandatemi|scrivermi|contattarmi)\b/,
  /\bnon (mi|ci) (scrivete|contattate|mandate|inviate|scriva|contatti|mandi|invii) piu\b/,
  /\b(e|questa e) la (seconda|terza|quarta|quinta|ennesima) (volta|mail|email)\b/,
  /\blasciate(mi|ci) in pace\b/,
  /\bnon (voglio|desidero|vogliamo|desideriamo) (piu )?(essere )?(piu )?(contattat|disturbat|ricontattat)/,
  /\b(rimuovermi|rimuoverci|cancellarmi|cancellarci|togliermi|toglierci)\b|\bsmettetela\b/,
  /\bnon (desidero|voglio|desideriamo|vogliamo) (piu )?ricevere (ulteriori |altre |piu )?(comunicazioni|mail|email|e-?mail|messaggi)\b/,
  /\bnon (scrivetemi|contattatemi|mandatemi|scrivermi|contattarmi|ricontattatemi) (piu|ancora|di nuovo)\b/,
  /\bnon (contattarmi|contattarci|scrivermi|scriverci|mandarmi|inviarmi|ricontattarmi)\b/,
  /\bnon (contattate|scrivete|mandate|inviate|ricontattate)(mi|ci) (piu|ancora|di nuovo)\b/,
  /\b(richiede|richiedo|chiedo|chiediamo|si richiede) (la )?(rimozione|cancellazione)\b[^.!?]{0,60}\b(indirizz\w*|nominativ\w*|contatt\w*|e-?mail|dati|liste?)\b/,
  /\bnon ho mai (dato|acconsentito|richiesto|autorizzato)\b/,
  /\b(gdpr|privacy|garante|protezione dei dati)\b.{0,100}\b(reclamo|segnalazione|cancell|diritto|consenso|articolo|art\.|opposizione)/,
  // pt
  /\b(preferia|prefiro|preferiamos|preferimos) nao (receber|ser contactad|ser contatad)/,
  /\b(por favor|peco que),? nao (me )?(enviem|mandem|contatem|contactem|escrevam|envie|mande|contate|escreva) mais\b/,
  /\b(e|esta e) a (segunda|terceira|quarta|quinta|enesima) (vez|mensagem|vez que)\b/,
  /\b(me deixem|deixem-me|deixe-me|me deixe) em paz\b/,
  /\bnao (quero|queremos|desejo|desejamos) (mais )?(ser )?(mais )?(contatad|contactad|incomodad|procurad)/,
  /\b(me |nos )?(tirar|tirarem|tira|tirem|tire|remover|removerem|remova|removam|retirar|retirarem|retira|retirem|excluir|excluirem|exclua|excluam)(-me|-nos)? (dessa|desta|da|das|dessas|destas) (lista|listas|base|mailing)/,
  /\bparem[!.]*$/,
  /\b(para|pare|parem|deixem|deixe|deixa) de (me |nos )?(mandar|enviar|escrever|contactar|contatar|incomodar)\b/,
  /\b(suspendam|suspenda|cessem|cesse) (qualquer|todo o|todos os|o|os) (envio|envios|contato|contacto|contatos|contactos)\b/,
  /\bnao (me|nos) (escrevam|escreva|contatem|contate|contactem|enviem|mandem|liguem|procurem) (mais|de novo|novamente|outra vez)\b/,
  /\b(sair|me tirar|ser removid[oa]|ser retirad[oa]|ser excluid[oa]) (da|dessa|desta|das) (lista|listas|base|mailing)/,
  /\bnunca (dei|autorizei|consenti|pedi|me inscrevi|me cadastrei)\b/,
  /\bnao (me |nos )?(volte|voltem|voltassem|voltasse|voltes|voltar|voltarem) a (me |nos )?(contactar|contatar|escrever|enviar|mandar|ligar|incomodar)/,
  /\b(lgpd|rgpd|protecao de dados|anpd|cnpd)\b.{0,100}\b(reclamacao|denuncia|exclusao|exclu|direito|consentimento|artigo|art\.|eliminacao|apag)/,
];

// Signs of a stop that do not make the reply an unsubscribe (the reading may be other): the reply
// then never acts alone.
export const STOP_SIGNALS: RegExp[] = [
  /\bstop\b(?! by| in| at| over)/,
  /\b(spam|spamming|spammer|junk mail)\b/,
  // "can we schedule a call to discuss why you keep emailing me?" read as a sure meeting
  /\bwhy (do |does )?(you|your (company|team)) keeps? (e-?mailing|emailing|contacting|writing to|messaging|calling|spamming) (me|us)\b/,
  /\b(who|how|where) (gave you|did you get|did you find|got) my (e-?mail|email|address|details|number|contact)/,
  /\b(gdpr|dsgvo|rgpd|lgpd|data protection|datenschutz|protection des donnees|proteccion de datos|protezione dei dati|protecao de dados|privacywet)\b/,
  /\bavg\b.{0,40}\b(gegevens|privacy|toestemming)|\b(gegevens|privacy|toestemming)\b.{0,40}\bavg\b/,
  /\bwoher haben sie (meine|unsere)\b|\bou avez-vous (trouve|eu|obtenu) (mon|mes)\b|\bde donde (han sacado|sacaron|tiene|obtuvo) (mi|mis)\b|\b(quien|quem) (le|te|lhe|vos)? ?(dio|deu) (mi|o meu|meu)\b/,
  /\bhoe komt u aan (mijn|ons)\b|\bdove (avete|ha) (preso|trovato) (il mio|i miei)\b|\bonde (voces|voce) (conseguiram|conseguiu|arranjaram) (o meu|meu)\b/,
  // a negated contact of any kind: "don't send me …", "nicht mehr melden"
  /\b(don't|do not|dont|never|nicht mehr|keine weiteren|ne plus|no mas|niet meer|non piu|nao mais|nunca mais)\b(?! (hesitate|worry|forget|mind)\b)[^.!?]{0,30}\b(reach(ing)? out|follow(ing)?[- ]?up|contact(ing|ed)?|e-?mail(ing|s)?|message|write|send(ing)?|call|kontaktier\w*|schreib\w*|schick\w*|ecri\w*|envoy\w*|escrib\w*|envi(ar|en|e|es)|llam(ar|en|e|es)|mail(en|s)?|stuur\w*|bel(len|t)?|contatt\w*|scriv\w*|mand(are|ate|i|ino|ar|em|e)|contat\w*|escrev\w*|lig(ar|uem|ue))\b/,
  // "not to be contacted" in its passive form, in each language
  /\b(not|nicht|no|non|niet|nao|nunca|jamais|nie|never|geen|mai)\b(\s+\S+){0,4}\s+(contacted|emailed|mailed|kontaktiert|angeschrieben|angerufen|sollicitee?s?|contactee?s?|contactad[oa]s?|contattat[oaie]|contatad[oa]s?|gecontacteerd|benaderd|gemaild)\b/,
  /\b(harass|harassment|belastigung|harcelement|acoso|intimidatie|molestia|assedio)\w*/,
  /\b(unsubscribe|abmelden|desinscri|afmelden|disiscriv|descadastr)\w*\b|\bremove (me|us|my)\b/,
];

// A mention that is not a request: "I almost hit unsubscribe but…", "no need to remove me".
const HYPOTHETICAL_BEFORE =
  /\b(almost|nearly|about to|was going to|was gonna|were going to|thought about|thinking about|considered|considering|tempted to|wanted to|fast|beinahe|beinah|wollte (mich |uns )?(schon|gerade|eigentlich)|hatte schon|failli|j'allais|allais|pense a|casi|a punto de|iba a|pense en|bijna|stond op het punt|wilde al|dacht erover|quasi|stavo per|ero sul punto di|volevo|quase|estava prestes a|ia|pensei em|no need to|don't|do not|dont|please don't|won't|no necesitan|pas besoin de|kein grund|hoeft niet|non serve|nao precisa)\b[^.!?]{0,30}$/;
const HYPOTHETICAL_AFTER = /^[^.!?]{0,40}\b(but|aber|mais|pero|maar|ma|mas)\b/;

/** True when the stop words at [index, end) are a hypothetical or negated mention, not a request. */
export function hypotheticalAt(t: string, index: number, end: number): boolean {
  const before = t.slice(Math.max(0, index - 60), index);
  if (!HYPOTHETICAL_BEFORE.test(before)) return false;
  // "don't contact me" is a request: only "don't unsubscribe/remove me" and the like are not
  const words = t.slice(index, end);
  if (/\b(don't|do not|dont|please don't|won't)\b[^.!?]{0,30}$/.test(before)) {
    return /^(unsubscribe|remove|unsub|take (me|us) off|delete)/.test(words);
  }
  // "almost …" counts as hypothetical when the clause goes on ("but …") or the act is past
  return (
    HYPOTHETICAL_AFTER.test(t.slice(end)) ||
    /\b(almost|nearly|fast|beinahe|failli|casi|bijna|quasi|quase)\b/.test(before)
  );
}
