// The no's (intent-rules.ts "reject.explicit"), in the seven languages, on normalised text
// (rule-classifier.ts). A no is read before a meeting or a yes, so "looks great, but we can't use
// it" is a no; the rules that lost still lower the reading's confidence (reading-confidence.ts).

// a no said as an opinion: "I don't think this is a priority for us right now" reads as a no, but
// not surely (a colleague covering the inbox wrote it in the demo's queue, "but I will pass it on")
export const SOFT_NO =
  /\b(i|we) (don't|do not) think (this|it|that)('s| is| would be) (a priority|relevant|a (good |great )?fit|for us|something (we|i) need)\b/;

export const REJECT_PATTERNS: RegExp[] = [
  // found with the eighth round of replies written for the check (people who write as they talk),
  // each read as `other`: the answer given at the end ("…dead on arrival, sorry mate. no", "…so
  // the honest answer is no", "Donc c'est non, mais sans rancune"), English loanwords ("no es un
  // fit", "geen match voor ons"), dialect and informal no's, a policy that rules the offer out
  /\b(?:the |my |our )?(?:honest |short |simple |final |real )answer is (?:still |a )?(?:no|nope)\b|(?:^|[.!?,] )(?:nein|no|non|nee|nao|nope|pass|paso|passo)[.!]*$/,
  /\b(?:also|so|donc|dus|entao|quindi|entonces|asi que)\b(?:[^.!?]{0,20}[:,])? (?:c'est |e |es |is het |ist es )?(?:nein|no|non|nee|nao)(?:[.!,]|$)/,
  /\b(?:no|non|nao|niet) (?:es|e|is) (?:un|um|uma|een|a) (?:fit|match)\b|\bgeen (?:goede )?match\b|\bne fit(?:te)? pas\b|\bnot a match for (?:us|me)\b/,
  /\bno es (?:pa|pal|para) nosotros\b|\bper noi non va\b|\bnao vai rolar\b|\bwird (?:bei uns |das |daraus )?nix\b|\b(?:damit|dann) hat sich (?:das|es) (?:leider |wohl )?erledigt\b/,
  /(?:^|[.!?] )non (?:ci |mi )?interessa(?:[.!,]|$)|\bno es algo que nos (?:planteemos|interese)\b/,
  /\bbrauch(?:en)? (?:ma|mir|wir) (?:des |das )?(?:ned|net|nicht)\b|\b(?:a gente|nos) nao precisa(?:mos)? (?:disso|disto|de)\b|\bgeen (?:nood|behoefte) aan\b|\bn'en (?:avons|ai) pas l'utilite\b/,
  // and with the seventh (an ordinary week's inbox): content with what they have, a policy, a
  // decision taken, said with words between the usual ones
  /\bsind damit (?:\w+ ){0,2}zufrieden\b|\b(?:sind|ist) (?:damit|da|hier) (?:bestens|gut|sehr gut) aufgestellt\b|\bkein(?:en)? handlungsbedarf\b|\bkein intres+e\b|\bdaran wird sich (?:auch |so schnell )?nichts andern\b|\bpasst (?:\w+ ){1,2}nicht (?:zu|in|fur) (?:uns|unser)/,
  /\b(?:we're|we are|were|i'm|im|i am) all set\b(?! for (?:the |our |your |a |next )?(?:mon|tue|wed|thu|fri|tomorrow|call|meeting|demo|chat)\w*)|\bisn't something\b[^.!?]{0,40}\b(?:prioriti[sz]\w*|invest\w*|spend\w*|pursu\w*|interested|looking)\b/,
  /\b(?:estamos|seguimos) (?:muy )?(?:content|satisfech)[oa]s con (?:el|ella|ellos|eso|esto|lo que)\b|\bno nos calza\b|\bun problema que no tenemos\b|\bl'outil nous convient\b|\bnous convient (?:tres )?bien\b/,
  /\bne (?:donnerai|donnerons|donnera) (?:donc |malheureusement )?pas suite\b|\b(?:n'avons|n'ai) (?:\w+ )?(?:aucun|pas de) budget\b/,
  /^non interessat[oaie]\b|[.!?] non interessat[oaie]\b|\bnon e interessat[oa]\b|\bnon stiamo valutando (?:alternative|altri|altre|nuov)\w*\b/,
  /\bstaat (?:hier |bij ons )?niet op de agenda\b|\b(?:wordt|is) (?:dus |het )?(?:een )?(?:nee|neen)\b|\bgeen budget voorzien\b/,
  /\bnao (?:temos|tenho) (?:verba|orcamento)\b|\bnao se aplica a (?:nos|nossa|nosso)\b|\bpor isso,? nao\b/,
  /\b(?:can't|cannot|can not|couldn't) justify (?:the |a |any |it|that|this|spending|paying|software|buying)|\b(?:nicht|kaum) (?:zu )?rechtfertigen\b|\b(?:ne peux|ne pouvons|ne pourrais) pas justifier\b|\bno (?:puedo|podemos|podria) justificar\b|\bniet (?:te )?verantwoorden\b|\bnon (?:posso|possiamo|potrei) giustificare\b|\bnao (?:consigo|conseguimos|posso|podemos) justificar\b/,
  /\bnot having (?:any )?requirement\b|\b(?:we have|there is) no (?:requirement|need) for\b/,
  /\bnon lavoriamo con (?:fornitori|agenzie|consulenti|partner|societa) estern[ie]\b|\b(?:wij|we) werken niet met (?:externe|andere)\b|\bwe (?:don't|do not) work with (?:external|outside|third[- ]party)\b|\bno trabajamos con (?:proveedores|agencias|empresas) externas?\b|\bnao trabalhamos com (?:fornecedores|agencias|empresas) extern[ao]s\b|\bnous ne travaillons pas avec (?:des )?(?:prestataires|agences|fournisseurs) externes\b|\bwir arbeiten (?:nicht|grundsatzlich nicht) mit externen\b/,
  // found with replies written for the check (2026-11-30), each read as `other` or as a yes:
  // a pass, the answer still no, a polite "looks interesting, but we're all set"
  /\bhard pass\b|\bnot in the market for\b|(?:^|[.!?:] )(?:paso|passo)(?:[.!]+|$)/,
  /\bdie antwort ist (?:immer noch |weiterhin |nach wie vor )?nein\b|\b(?:immer noch|nach wie vor) nein\b|\bkein fit\b/,
  /\bwir sind (?:da |hier |damit |diesbezuglich |in dem bereich |bereits |schon )+(?:bestens |gut |sehr gut |komplett )?(?:aufgestellt|versorgt)\b/,
  /\bn'est pas un sujet\b|\bpas un sujet pour nous\b|\bne nous concerne pas\b/,
  /\bnous sommes (?:deja (?:bien |tres bien )?|(?:tres )?bien |entierement )(?:equipes?|servis)\b|\bon est (?:deja (?:bien )?|bien )equipes?\b/,
  /\bno es algo que (?:vayamos a|vamos a|queramos|necesitemos)\b|\bno (?:estamos|estan|esta) buscando\b/,
  /\bno hay (?:ningun )?interes\b|\bnao ha (?:nenhum )?interesse\b|\bnon c'e (?:alcun |nessun )?interesse\b/,
  // "no need to send the brochure" (issue 72: a French one read as a 97% yes)
  /\bno hace falta que (?:me |nos )?(?:mandes|mandeis|mande|manden|envies|envieis|envie|envien)\b|\bnon serve che (?:mi |ci )?(?:mandi|mandiate|mandate|invii|inviate|inviiate)\b|\bnao (?:e necessario|precisa(?: de)?) (?:me )?(?:enviar|mandar)\b/,
  /\bma siamo (?:gia )?a posto\b|\bsiamo (?:gia )?a posto (?:cosi|per ora|grazie)\b|\bnon e (?:una cosa|qualcosa) che ci (?:interessa|serve)\b/,
  /\bnon rientra (?:nelle|tra le) (?:nostre )?(?:priorita|esigenze)\b|\bnon abbiamo ne (?:il )?budget\b/,
  /\bnao e (?:pra|para) (?:a gente|nos)\b|\bnao e pra gente\b|\bnao e algo que (?:vamos|iremos|queremos|precisamos)\b|\bnao se (?:adequa|adapta|aplica) a nossa\b/,
  /\b(?:we zijn|zijn we) (?:al )?(?:helemaal|al|volledig|prima|goed) voorzien\b/,
  /\bthe answer is (?:still )?no\b|\bla risposta (?:resta|rimane|e ancora|e sempre) no\b|\ba resposta (?:continua|e) (?:a ser |sendo )?nao\b|\bla respuesta sigue siendo no\b|\bla reponse est (?:toujours|encore) non\b|\bhet antwoord is (?:nog steeds|nog altijd) nee\b/,
  /\bnon ha senso per noi\b|\b(?:per noi|come la nostra)\b[^.!?]{0,60}\bnon ha senso\b|\bnao faz sentido (?:pra|para) (?:a gente|nos|gente)\b|\bnon intendiamo (?:dare seguito|procedere|aderire)\b/,
  /\b(?:we|wij) (?:gaan|zullen) niet overstappen\b|\bgeen gebruik van (?:te )?maken\b|\b(?:intern|zelf) al (?:goed )?opgelost\b|\bpast (?:dus |echt |helaas )?niet bij ons\b/,
  /\bdan pas ik (?:graag|liever)\b|(?:^|[.!?] )(?:neen|nee dus)\b|\b(?:veel )?te (?:groot|duur|complex|uitgebreid) voor ons\b/,
  /\bsem (?:verba|orcamento) e sem (?:necessidade|interesse)\b|\bnao (?:temos|tenho)(?:,? [^.!?,]{1,15},)? (?:necessidade|interesse)\b|\bnon (?:siamo|sono) (?:quindi |pertanto |dunque |percio )?interessat[ioae]\b/,
  /\b(?:bereits|schon|already|ya|gia|deja|current|actual|aktuell\w*|attuale|atual|huidige|actuel\w*)\b[^.!?]{0,80}\b(?:wir sind|und sind|we're|we are|estamos|siamo|we zijn|zijn we|en zijn|nous sommes)\b[^.!?]{0,20}\b(?:zufrieden|happy|satisfied|contentos|conformes|soddisfatti|satisfeitos|tevreden|satisfaits)\b/,
  /\b(?:wir sind|we're|we are|estamos|siamo|we zijn|nous sommes)\b[^.!?]{0,20}\b(?:zufrieden|happy|satisfied|contentos|conformes|soddisfatti|satisfeitos|tevreden|satisfaits)\b[^.!?]{0,30}\b(?:current|actual|aktuell\w*|attuale|atual|huidige|actuel\w*|existing|bestehend\w*|provider|vendor|anbieter|dienstleister|proveedor|fornitore|fornecedor|leverancier|fournisseur|partner)\b/,
  /\bwir brauchen (?:das|so etwas|sowas|es|so was) (?:wirklich |echt |einfach )?nicht\b|\b(?:das )?passt (?:fur uns|bei uns|uns) (?:leider |gar |einfach |so )?nicht\b/,
  /\b(?:we're|we are) (?:well |fully |already |pretty well |very well )+(?:covered|set|sorted|served)\b|\b(?:won't|will not|not) be looking (?:at|for) (?:alternatives|other|a new|another)\b/,
  /\b(?:thanks|thank you|gracias|merci|danke|grazie|obrigad[oa]|bedankt),? (?:but|pero|mais|aber|ma|mas|maar) no\b|\bno tenemos ni\b|\bno contempla(?:mos)? (?:la contratacion|contratar)\b|\b(?:ya )?(?:la |lo |las |los )?tenemos cubiert[oa]s?\b/,
  /\bla reponse (?:etait|est) non\b|\bon est (?:deja (?:bien )?|bien )servis\b/,
  /^haben wir (?:schon|bereits)\b|(?:^|[.!?] )(?:nein|no|non|nee|nao)[.!]+$|^(?:grazie|gracias|merci|danke|thanks|bedankt|obrigad[oa]),? no[.!]*$/,
  /\bwe (?:don't|do not|dont) need (?:a|an|any|this|that|it|your|one)\b|\bno hay (?:presupuesto|budget) para (?:esto|eso|algo asi)\b|\bsem (?:orcamento|verba) (?:pra|para) (?:isso|isto)\b/,
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
  /^((lol|haha|bof),? )?(no+|nope|nop|nah|nein|non|nee|neuh|neh|nao|paso|pass)( no| non| nao)?[,.!]*( (thanks|thank you|danke|merci|gracias|grazie|valeu|obrigad[oa]|bedankt|dank je|laat maar|bonne continuation|bonne journee|saludos|un saludo|groetjes|cheers|gruss|lg|abs|abracos|saluti|cordialmente))?[.!]*$/,
  // \"happy with our current vendor\" is a no; \"happy with the demo\" is not (the thing named decides)
  /\b(happy|satisfied|content|pleased) with (our|what we have|my|the (current|existing|present|one|solution|tool|platform|provider|vendor|setup|system|service)s?)\b|\b(zufrieden mit (unserem|unserer|unseren|dem (aktuellen|bisherigen|jetzigen)|der (aktuellen|bisherigen|jetzigen)|dem,? was)|satisfaits? de (notre|nos|ce que|l'actuel)|(satisfech|content)[oa]s con (nuestr[oa]s?|el actual|la actual|lo que)|tevreden met (onze|ons|de huidige|het huidige|wat we)|soddisfatt[io] (del nostro|della nostra|dei nostri|delle nostre|dell'attuale|di quello che|di cio che)|satisfeit[oa]s com (o nosso|a nossa|os nossos|nosso|nossa|o atual|a atual|o que))\b/,
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
  /\b(?:isn't|is not|wasn't|won't be|wouldn't be|isnt) (?:really |quite |just |exactly )?(?:a |the right )?(?:good |great |right )?fit\b/,
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
  /\b(we're|we are|i'm|i am) (all set|good|covered)\b(?! for (?:the |our |your |a |next )?(?:mon|tue|wed|thu|fri|tomorrow|call|meeting|demo|chat)\w*)/,
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
  /\b(momentan|derzeit|aktuell|zurzeit|gerade) (leider )?nicht\b(?! (im|in|am|an|erreichbar|verfugbar|da|anwesend|vor ort)\b)/,
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
];
