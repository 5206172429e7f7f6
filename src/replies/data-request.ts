// A data-protection request in a reply (issue 72 item 3): "where did you get my address? delete
// it", "what data do you hold on me", in the seven languages. The law gives it a deadline (GDPR
// art. 12(3): one month), so it is not an `other` to triage at leisure: the reply reads as a stop
// (every touch ends, campaigns/process-reply.ts) and opens an erasure or access request for a person
// (prospects/data-requests.ts). On normalised text (rule-classifier.ts normaliseReply: lower case,
// accents dropped).

export const DATA_REQUEST_KINDS = ["erasure", "access"] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];

// my data, as a person names it (an address alone is a list's business: "remove my address" is an
// unsubscribe; "delete my data" is an erasure)
const MY_DATA =
  "(?:my|all my|meiner|unserer|dei miei|dos meus|de mis|de mes|meine[nr]?|mein|alle meine|mes|toutes mes|mis|todos mis|mijn|al mijn|i miei|tutti i miei|os meus|todos os meus|meus)\\s+" +
  "(?:personal |personlichen |personenbezogenen |personnelles |personales |persoonlijke |personali |pessoais )?" +
  "(?:data|details|information|info|personal data|daten|angaben|donnees|coordonnees|datos|gegevens|persoonsgegevens|dati|dados)\\b";

/** Where did you get my data: the source of the data, an access question (art. 14/15). */
const SOURCE_QUESTION: RegExp[] = [
  /\bwhere (?:did|do|have) you (?:get|got|find|found|obtain|obtained|source|sourced|buy|bought)\b/,
  /\bhow (?:did|do) you (?:get|have|find|obtain) (?:my|me)\b/,
  /\bwoher (?:haben|hast|habt|stammen?|kommen?) (?:sie|du|ihr|die|diese)?\s*(?:meine|die|diese)?\s*(?:e-?mail|adresse|daten|kontaktdaten|e-?mail-adresse|nummer)/,
  /\b(?:ou|d'ou) (?:avez|as|tenez|vient|viennent|provient|proviennent)[- ]?(?:vous|tu)?\s*(?:eu|obtenu|trouve|recupere|pris|eu acces a)?\s*(?:mon|mes|ma|cette|ces)?\s*(?:adresse|e-?mail|coordonnees|donnees|contact|numero)/,
  /\bde donde (?:ha|han|has|habeis|sacaron|saco|obtuvieron|obtuvo)\s*(?:sacado|obtenido|conseguido|encontrado)?\s*(?:mi|mis|este|esta)\s*(?:correo|direccion|email|e-mail|datos|dato|contacto|numero)/,
  /\bwaar (?:heeft u|hebben jullie|heb je|hebt u|komt|komen)\s*(?:mijn|deze|dit)?\s*(?:e-?mail|adres|gegevens|e-?mailadres|nummer)?\s*(?:vandaan|gekregen|gevonden)/,
  /\b(?:da )?dove (?:avete|ha|hai|vengono|viene)\s*(?:preso|trovato|ottenuto|avuto|recuperato)?\s*(?:il mio|la mia|i miei|questo|questi)?\s*(?:indirizzo|e-?mail|contatto|dati|numero|recapito)/,
  /\bonde (?:conseguiu|conseguiram|obteve|obtiveram|arranjou|arranjaram|encontrou|encontraram|pegou|pegaram|foram buscar|foi buscar)\s*(?:o meu|a minha|os meus|meu|minha|meus|este|esse)?\s*(?:e-?mail|endereco|contato|contacto|dados|numero)/,
];

/**
 * Who gave you my address: alone a stop sign for a person (stop-rules.ts), as the tuned sets label it;
 * beside "delete it" an erasure request, as "where did you get it? delete it" is.
 */
const WHO_GAVE: RegExp[] = [
  /\bcomment avez-vous (?:obtenu|eu|trouve|recupere) (?:mon|mes|ma)\b/,
  /\bwho (?:gave|sold|passed|provided|handed|shared|leaked) (?:you|your company|u)\b/,
  /\bwer hat (?:ihnen|dir|euch) (?:meine[nr]?|die|diese)\b/,
  /\bqui vous a (?:donne|transmis|fourni|vendu|communique)\b/,
  /\bquien (?:le|les|te|os) (?:dio|ha dado|paso|ha pasado|vendio|facilito|proporciono)\b/,
  /\bwie heeft (?:u|jullie|je) (?:mijn|deze|dit)\b/,
  /\bhoe (?:komt u|komen jullie|kom je|kwam u|kwamen jullie) aan (?:mijn|deze|dit) (?:e-?mail|adres|gegevens|e-?mailadres|nummer)/,
  /\bchi (?:vi|le|ti) ha (?:dato|passato|fornito|venduto|girato)\b/,
  /\bquem (?:lhe|lhes|te|vos) (?:deu|passou|forneceu|vendeu)\b/,
];

/** What data do you hold on me: an access request (art. 15). */
const ACCESS: RegExp[] = [
  /\bwhat (?:personal )?(?:data|information|info|details) (?:do|does|are) (?:you|your company) (?:hold|have|keep|store|process)(?:ing)? (?:on|about|of) me\b/,
  /\b(?:subject|data) access request\b|\bdsar\b|\bart(?:icle|ikel|iculo|icolo|igo|\.)? ?15\b/,
  /\b(?:a )?copy of (?:all )?(?:my|the) (?:personal )?(?:data|information) (?:you|that you)\b/,
  /\bwelche (?:personenbezogenen |personlichen )?daten (?:haben|speichern|verarbeiten|besitzen) sie (?:uber mich|von mir|zu meiner person)\b/,
  /\bauskunft (?:uber|nach|gemass|gem\.?) (?:die |meine )?(?:gespeicherten |personenbezogenen )?(?:daten|art)/,
  /\bquelles (?:donnees|informations) (?:detenez|avez|conservez|possedez|traitez)[- ]vous (?:sur|me concernant|a mon sujet)\b/,
  /\bdroit d'acces\b/,
  /\bque (?:datos|informacion) (?:tienen|tiene|guardan|guarda|conservan|tratan) (?:de|sobre) mi\b/,
  /\bderecho de acceso\b/,
  /\bwelke (?:persoons)?gegevens (?:heeft u|hebben jullie|bewaart u|bewaren jullie|verwerkt u|heb je) (?:van|over) mij\b/,
  /\binzage ?verzoek\b|\brecht op inzage\b|\b(?:verzoek|vraag)\w* (?:ik |wij )?(?:u |jullie )?(?:om )?inzage\b|\binzage in (?:al )?(?:de |alle |mijn )?(?:persoons)?gegevens\b/,
  /\bquali (?:dati|informazioni) (?:avete|ha|conservate|conserva|trattate) (?:su di me|di me|che mi riguardano)\b/,
  /\bdiritto di accesso\b/,
  /\bque (?:dados|informacoes) (?:tem|tens|possuem|guardam|tratam|tratam) (?:sobre|de) mim\b/,
  /\bdireito de acesso\b/,
  // "solicito que me informem quais dados pessoais meus vocês possuem"
  /\bquais (?:os )?dados (?:pessoais )?(?:meus )?(?:(?:que )?(?:voces|vcs|a empresa|a vossa empresa|a sua empresa) )?(?:possuem|tem|guardam|detem|tratam|armazenam)\b/,
  // a DPO's request for the person: "acesso aos dados pessoais dele", "access to his personal data"
  /\bacesso aos (?:seus |meus )?dados pessoais\b|\bacceso a (?:sus |mis )?datos personales\b|\baccess to (?:his|her|my|their) personal data\b|\bzugang zu (?:seinen|ihren|meinen) (?:personenbezogenen )?daten\b|\bacces a (?:ses|mes) donnees personnelles\b|\baccesso ai (?:suoi|miei) dati personali\b|\btoegang tot (?:zijn|haar|mijn) persoonsgegevens\b/,
  // I want to know what data you have ("quero saber quais dados pessoais vocês têm sobre mim")
  /\b(?:want|like|wish) to know what (?:personal )?(?:data|information)\b|\b(?:mochte|will|wollen) (?:gerne )?wissen,? welche (?:personenbezogenen )?daten\b|\b(?:veux|voudrais|souhaite) savoir quelles (?:donnees|informations)\b|\b(?:quiero|quisiera|deseo) saber (?:que|cuales) datos\b|\b(?:wil|wens) (?:graag )?weten welke (?:persoons)?gegevens\b|\b(?:voglio|vorrei|desidero) sapere quali dati\b|\b(?:quero|queria|gostaria de|solicito|pretendo) saber (?:quais|que) dados\b/,
];

/** Delete my data (or "delete it" after a question about it): an erasure request (art. 17). */
const ERASURE: RegExp[] = [
  // "delete all personal data you hold about me": the data named by who holds it, not by "my"
  /\b(?:delete|erase|remove|purge|wipe)\b[^.?!]{0,25}\b(?:personal )?(?:data|information|details) (?:that )?(?:you|your company) (?:hold|have|keep|store|process)(?:ing)? (?:about|on|of) me\b/,
  // "supprimer l'ensemble des données me concernant"
  /\b(?:supprimer|effacer|supprimiez|effaciez)\b[^.?!]{0,25}\b(?:l'ensemble des |toutes les )?donnees (?:me concernant|personnelles)\b/,
  new RegExp(
    `\\b(?:delete|erase|remove|purge|wipe|losch\\w*|entfern\\w*|supprim\\w*|suppression|supresion|effac\\w*|borr\\w*|elimin\\w*|suprim\\w*|verwijder\\w*|wis|cancell\\w*|rimuov\\w*|apag\\w*|exclu\\w*)\\b[^.?!]{0,25}\\b${MY_DATA}`,
  ),
  new RegExp(
    `\\b${MY_DATA}[^.?!]{0,30}\\b(?:te )?(?:wissen|verwijderen|vernietigen|zu loschen|loschen|zu entfernen)\\b`,
  ),
  /\bright to (?:be forgotten|erasure)\b|\bart(?:icle|ikel|iculo|icolo|igo|\.)? ?17\b|\brecht auf (?:loschung|vergessenwerden)\b|\bdroit (?:a l'effacement|a l'oubli)\b|\bderecho (?:de supresion|al olvido)\b|\brecht op (?:vergetelheid|gegevenswissing)\b|\bdiritto (?:alla cancellazione|all'oblio)\b|\bdireito (?:ao apagamento|ao esquecimento|a eliminacao|de eliminacao|de apagamento)\b/,
];

/** "delete it / them": an erasure only beside a question about the data (SOURCE_QUESTION, WHO_GAVE). */
const DELETE_IT =
  /\b(?:delete|erase|remove) (?:it|them|that|this|everything|whatever|anything|all)\b|\b(?:loschen sie|entfernen sie) (?:sie|diese|das|alles)\b|\bloschen\b|\bsupprimez[- ](?:la|les|le|tout)\b|\bsupprimez\b|\b(?:borre|borren|borrala|borrelo|borrelos|borrenlo|borrenlos|borradla|borradlos|borrenla|borrenlos|eliminela|eliminenla|eliminenlos)\b|\bverwijder (?:het|deze|ze|dat|alles)\b|\b(?:cancellatelo|cancellatela|cancellateli|cancellate|cancellalo|cancellala|eliminatelo|eliminateli)\b|\b(?:apague-o|apague-os|apaguem-no|apaguem-nos|apaguem|apague|eliminem|elimine)\b/;

/** The data-protection request a reply makes, or null. */
export function findDataRequest(t: string): DataRequestKind | null {
  const source = SOURCE_QUESTION.some((p) => p.test(t));
  const aboutTheData = source || WHO_GAVE.some((p) => p.test(t));
  if (ERASURE.some((p) => p.test(t)) || (aboutTheData && DELETE_IT.test(t))) return "erasure";
  if (source || ACCESS.some((p) => p.test(t))) return "access";
  return null;
}
