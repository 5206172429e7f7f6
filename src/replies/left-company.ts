// "This person has left the company" (issue 72 item 3), in the seven languages: a colleague, the
// mailbox itself or the person ("I'm no longer with Acme") says the person we wrote to no longer
// works there. It is neither an out-of-office
// (nobody comes back) nor a no (nobody declined): the enrollment ends as left_company (the reason of
// issue 69's job changes), and a successor the notice names is proposed to the exec (a hand-off,
// never an enrollment by itself). On normalised text (rule-classifier.ts normaliseReply).
// "We are no longer with HubSpot" is the company leaving a vendor, not a person leaving the company:
// the first person plural is no notice (a notice ends the enrollment without a person).

const LEFT: RegExp[] = [
  // en
  /\b(?:has|have|had) (?:now )?left (?:the|our|this) (?:company|organi[sz]ation|firm|business|team|group)\b/,
  /\b(?:has|have) left (?:us|[a-z]+ (?:inc|ltd|gmbh|sa|bv|srl|spa|ltda))\b/,
  // "Paul left us in October" (a colleague); "they left us a message" is none
  /\b(?!(?:we|they|you|i|it|that|this)\b)[a-z]+ left us (?:in|on|last|at|back|a (?:few|couple)|(?:two|three|four|six|\d+) (?:weeks|months))\b/,
  // "Mark left the company back in October" (a colleague, without "has"); "we left the company" is none
  /\b(?!(?:we|they|you)\b)[a-z]+ left (?:the|our|this) (?:company|organi[sz]ation|firm|business)\b/,
  /\b(?:is|(?<!\bwe )are|'m|am) no longer (?:with|at|employed (?:by|at|with)|working (?:at|for|with)|part of) (?:us|the company|our company|the organi[sz]ation|the team|(?!(?:liberty|risk|all|this|that|it|a|an|the|odds|ease|peace|war|you|them|him|her)\b)[a-z]+)\b/,
  /\bno longer (?:works?|working|employed) (?:here|at|for|with)\b/,
  /\bi (?:have|'ve) left (?:the|this) (?:company|organi[sz]ation|firm)\b|\bi no longer work (?:at|for|here)\b/,

  /\b(?:this|the) (?:mailbox|e-?mail address|address|account) is no longer (?:monitored|in use|active|being monitored)\b/,
  // the business sold or the owner retired: "Mark retired at the end of October and we've sold the
  // bakery", "this inbox isn't checked any more"
  /\b(?:has|have|had|i|i've|he|she|[a-z]+) retired (?:at|in|on|last|from|this|earlier|recently|a few)\b|\b(?:sold (?:the|our|my) (?:business|company|shop|bakery|practice|firm|pharmacy|garage|restaurant|hotel))\b|\b(?:this|the) (?:inbox|mailbox) (?:isn't|is not) (?:checked|monitored|read) any ?more\b/,
  /\bheeft (?:het bedrijf|de zaak|zijn bedrijf|haar bedrijf) verkocht\b|\b(?:dit (?:e-?mailadres|adres)|deze mailbox) wordt (?:binnenkort )?opgeheven\b|\b(?:is|ben) (?:met pensioen|per \w+ \w+ gestopt)\b/,
  /\b(?:e andat[oa] in pensione|ha ceduto l'attivita|ho ceduto l'attivita|abbiamo venduto l'attivita)\b|\bj'ai vendu (?:la|le|l'|mon|ma) \w+|\b(?:est parti|suis parti)e? a la retraite\b|\bya no llevo (?:la|el) \w+|\bse la traspase\b|\b(?:vendi|vendemos) o negocio\b|\b(?:foi para a reforma|se aposentou|me aposentei)\b/,
  // de
  /\b(?:ist|arbeitet|(?<!\bwir )sind|bin|arbeite) (?:leider )?(?:(?:seit|ab) (?:dem )?\S+(?: \w+)? )?nicht mehr (?:bei|fur|in|im) (?:uns|unserem unternehmen|unserer firma|dem unternehmen|der firma|unternehmen|[a-z]+)\b/,
  /\bhat (?:das unternehmen|die firma|uns|unser unternehmen|unsere firma) (?:leider )?verlassen\b/,
  /\b(?:ist|sind) (?:aus dem unternehmen )?ausgeschieden\b|\bnicht mehr im (?:unternehmen|haus)\b/,
  /\b(?:ist|sind|bin) .{0,30}\b(?:aus (?:dem|unserem|unserer|der) (?:unternehmen|haus|firma|team)|bei uns) ausgeschieden\b/,
  /\b(?:dieses postfach|diese (?:e-?mail-?)?adresse) wird nicht mehr (?:genutzt|gelesen|abgerufen|betreut)\b/,
  // fr
  /\bne (?:fait|font|fais|travaille|travaillent) plus (?:partie de|chez|pour|dans|au sein de)\b/,
  /\b(?:a|ont|j'ai) quitte (?:l'entreprise|la societe|notre societe|le groupe|l'organisation|nos effectifs|ses fonctions|mes fonctions|mon poste)\b/,
  /\bn'(?:est|sont) plus (?:dans|chez|parmi|en poste|salariee?s?|au sein de|employee?s? par|avec nous)\b/,
  /\bne suis plus (?:chez|dans|au sein de|employee? (?:par|chez)|salariee? (?:de|chez))\b/,
  /\bcette (?:adresse(?: e-?mail| electronique| mail| de messagerie)?|boite(?: mail| aux lettres)?) n'est plus (?:consultee|utilisee|active|lue)\b/,
  // es
  /\bya no (?:trabaja|trabajan|trabajo|labora|laboran|laboro|colabora|esta|estan|estoy|forma parte|forman parte|formo parte) (?:en|con|de|para|aqui)\b/,
  /\b(?:ha|han) dejado (?:la|nuestra) (?:empresa|compania|organizacion)\b|\bdejo la (?:empresa|compania)\b|\bno trabaja mas\b/,
  /\b(?:esta (?:direccion|cuenta|casilla)) ya no (?:se utiliza|esta activa|se revisa)\b/,
  // nl
  /\b(?:is|werkt|(?<!\bwe |\bwij )(?:zijn|werken)|ben|werk)(?: (?:sinds|per|vanaf) (?:\w+ ){0,2}\w+)? niet (?:langer|meer) (?:werkzaam )?(?:bij|voor|in dienst)\b/,
  /\bheeft (?:het bedrijf|ons|de organisatie|onze organisatie) verlaten\b|\b(?:is|zijn) uit dienst\b/,
  /\bwerkt (?:hier|bij ons)(?: (?:sinds|per|vanaf) (?:\w+ ){0,2}\w+)? niet (?:langer|meer)\b/,
  /\b(?:dit (?:e-?mailadres|adres)|deze mailbox) wordt niet meer (?:gelezen|gebruikt)\b/,
  // it
  /\bnon (?:lavora|lavorano|lavoro|fa|fanno|faccio|e|sono) piu (?:parte (?:di|del|della)|presso|con|per|qui|in azienda|in societa|con noi)\b/,
  /\bnon (?:lavoro|lavora|lavorano) piu (?:in|da)\b/,
  /\b(?:ha|hanno) lasciato (?:l'azienda|la societa|la nostra azienda|l'ufficio|il gruppo)\b/,
  /\b(?:questo indirizzo|questa casella) non (?:e piu|viene piu) (?:attiv[oa]|monitorat[oa]|utilizzat[oa]|lett[oa]|controllat[oa])\b/,
  // pt
  /\b(?:ja )?(?:nao|ja nao) (?:trabalha|trabalham|trabalho|faz|fazem|faco|esta|estao|estou) mais (?:na|no|em|conosco|connosco|parte|aqui)\b/,
  /\bja nao (?:trabalha|trabalho|faz parte|faco parte|esta|estou) (?:na|no|em|conosco|connosco|aqui)\b/,
  /\b(?:ja )?nao (?:faz|fazem|faco) (?:mais )?parte (?:dos quadros|do quadro|da equipa|da equipe|da empresa|da nossa|do nosso|da [a-z]+)\b/,
  /\b(?:deixei (?:a|o)|sai d(?:a|o)) (?:empresa|companhia|organizacao)\b/,
  /\b(?:ja nao|nao) se encontra (?:mais )?(?:a colaborar|a trabalhar|colaborando|trabalhando|em funcoes) (?:com|na|no|em|nesta|neste|nessa|nesse|connosco|conosco)\b/,
  /\b(?:deixou|saiu d)(?:a|o)? ?(?:empresa|companhia|organizacao)\b|\b(?:deixou|saiu de) (?:a|nossa) (?:empresa|companhia)\b/,
  /\b(?:este (?:endereco|e-?mail)|esta caixa) (?:ja )?nao (?:e mais|esta mais|e) (?:utilizad[oa]|monitorad[oa]|ativ[oa]|lid[oa])\b/,
];

// "I left Acme in March", "Saí da Acme em março": a name, then when. Said of a city too ("I left
// Paris in June"), so it is a notice only beside words about the work left behind (CUE)
const DATED: RegExp[] = [
  /\bi (?:have |'ve )?left (?!(?:a|an|the|you|it|my|your|him|her|them|this|that|some|messages?|word|early|work|home|town|office)\b)[a-z]+ (?:in|last|back in|at the end of|earlier this|a (?:few|couple of) (?:weeks|months|years) ago|(?:two|three|four|six|\d+) (?:weeks|months) ago)\b/,
  /\b(?:sai|deixei) (?:da|do|a|o) [a-z]+ (?:em|ha|no (?:fim|final) de|desde)\b/,
  // said of a person by a colleague; "we left HubSpot last year" is a company leaving a vendor
  /\b(?!(?:we|i|you|they)\b)[a-z]+ (?:has )?left (?!(?:a|an|the|you|it|my|your|him|her|them|this|that|some|messages?|word|early|work|home|town|office|us|me)\b)[a-z][a-z.-]*(?: (?:&|and|[a-z][a-z.-]*)){0,3} (?:in|last|back in|at the end of|earlier this|on|a (?:few|couple of) (?:weeks|months|years) ago|(?:two|three|four|six|\d+) (?:weeks|months) ago)\b/,
];
const CUE =
  /\b(?:old|former|previous|new) (?:team|company|colleagues?|employer|role|job|position)\b|\btook over\b|\btaken over\b|\bresponsibilit(?:y|ies)\b|\b(?:just )?(?:to|wanted to) let you know\b|\bplease (?:note|be advised)\b|\bfor your information\b|\bfyi\b|\breplac\w*\b|\bsuccessor\b|\b(?:reach\w*|contact\w*|write|email) (?:out )?to (?:my|our|the|her|him)\b|\bantig[oa]s? (?:colegas|equipa|equipe|empresa)\b|\bsubstitut[oa]\b|\bsucessor[a]?\b|\b(?:assumiu|ficou com)\b/;

/** Whether the reply says the person no longer works there. */
export function saysLeftCompany(t: string): boolean {
  return LEFT.some((p) => p.test(t)) || (DATED.some((p) => p.test(t)) && CUE.test(t));
}
