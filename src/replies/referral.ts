// A referral (issue 56 item 3.2): the reply names another person to talk to. "I'm not the right
// person, try Sarah Chen", "I've left the company, contact ana@x.example", "wenden Sie sich an Herrn
// Becker", "voyez avec Sophie Durand", "hable con Marta Gómez", "probeer het bij Eva Bakker",
// "provi con Francesca Conti", "fale com a Mariana Lima". Whom it names: a name (capitalised words
// after the pointer) and the address when one is given. Referrals never act alone
// (automation.ts): opening a new contact is a person's call.
import type { ReferralTarget } from "./classifier.ts";

// Pointers to another person, on folded text (lower case, accents dropped, same length as the
// original so a match's index finds the name in the writer's own capitals).
const POINTERS: RegExp[] = [
  // en
  /\b(please |kindly )?(contact|reach out to|talk to|speak to|speak with|get in touch with|e-?mail|write to|try|ask|connect with|reach|direct (this|your (email|message|request)) to|send (this|it) to|forward (this|it) to)\s+(my |our )?(colleague |coworker |co-worker |successor |replacement |boss |manager |head of \w+ |cmo |ceo |cfo |vp \w+ )?/g,
  /\b(you'll|you will|you'd|you would) (want|need)( to (talk|speak) (to|with))?\s+/g,
  /\bthe (right|best|correct|appropriate) (person|contact|people)( (to talk to|to speak to|for this|here|to contact|on our side))? (is|are|would be|will be)\s+/g,
  /\b(my|our) (colleague|coworker|co-worker|successor|replacement|boss|manager)\s*,?\s+/g,
  // "my successor is …", "mon remplaçant est …", "mi sucesora es …" (any language)
  /\b(his|her|their|sein\w*|ihr\w*|son|sa|su|zijn|haar|il suo|la sua|seu|sua) (successor|replacement|nachfolger(in)?|successeur|remplacant(e)?|sucesor(a)?|opvolger|successore|sucessor(a)?)\s*(is|ist|est|es|e|:|,)?\s+/g,
  /\b(successor|replacement|nachfolger(in)?|successeur|remplacant(e)?|sucesor(a)?|opvolger|successore|sucessor(a)?) (is|ist|est|es|e|sera|wird|sara|sera)\s+/g,
  // de
  /\bwenden sie sich (bitte |gerne )?(direkt )?an\s+(meine[nr]? )?(kolleg(e|in|en)\s+)?/g,
  /\b(kontaktieren|schreiben|fragen|mailen|kontakten) sie (bitte |gerne |doch )?(direkt )?(an )?(meine[nr]? )?(kolleg(e|in|en)\s+)?/g,
  /\b(zustandig|verantwortlich) (dafur )?(ist|sind|ware|waren)\s+/g,
  /\b(richtige|korrekte) ansprechpartner(in)? (ist|ware)\s+/g,
  /\bansprechpartner(in)? (ist|ware|dafur ist)\s+/g,
  /\b(meine[nr]?|mein) (kolleg(e|in|en)|nachfolger(in)?|vorgesetzte[nr]?|chef(in)?)\s*,?\s+/g,
  /\b(das|dies|dafur|diese themen|das thema) (macht|ubernimmt|betreut|verantwortet|entscheidet|regelt|koordiniert)( bei uns| hier)?\s+/g,
  // fr
  /\b(voyez|voir|verifiez|veuillez voir) avec\s+/g,
  /\bc'est\s+(?=(m\.|mme|monsieur|madame)?\s*\p{Lu}?[^.!?]{0,40}\bqui (s'occupe|gere|decide|suit|est en charge|est responsable))/gu,
  /\b(contactez|ecrivez a|adressez-vous a|rapprochez-vous de|joignez|vous pouvez contacter|merci de contacter)\s+(mon |ma )?(collegue |successeur |remplacant |remplacante |responsable )?/g,
  /\bla (bonne|meilleure) personne (est|serait|c'est)\s+/g,
  /\b(mon|ma) (collegue|successeur|remplacant|remplacante|responsable)\s*,?\s+/g,
  // es
  /\b(hable|habla|hablar|hablen) con\s+(mi |nuestro |nuestra )?(companer[oa] |colega |jef[ea] )?/g,
  /\b(contacte|contacta|contactar|contacten|escriba|escribe|escriban|dirijase|dirigete|pongase en contacto|ponte en contacto) (con|a)\s+(mi )?(companer[oa] |colega )?/g,
  /\bla persona (adecuada|indicada|correcta|responsable) (es|seria)\s+/g,
  /\bmi (companer[oa]|colega|sucesor|sucesora|jef[ea])\s*,?\s+/g,
  // nl
  /\b(probeer het|probeer) (eens |even )?bij\s+(mijn )?(collega )?/g,
  /\bneem (even |gerust |dan )?contact op met\s+(mijn )?(collega )?/g,
  /\b(mail|bel|spreek) (even |gerust |dan )?(naar|met)\s+(mijn )?(collega )?/g,
  /\bde (juiste|aangewezen) persoon (is|zou)\s+/g,
  /\b(moet|moeten|kunt|kan) (u|je|jij|jullie) (even |dan )?(bij|naar)\s+/g,
  /\bmijn (collega|opvolger|manager|leidinggevende)\s*,?\s+/g,
  // it
  /\b(provi|prova|provate) con\s+/g,
  /\b(contatti|contatta|contattate|si rivolga (a|al|alla)|rivolgiti (a|al|alla)|rivolgetevi (a|al|alla)|scriva (a|al|alla)|scrivi (a|al|alla)|scrivete (a|al|alla))\s+(il mio |la mia |mio |mia )?(collega |responsabile )?/g,
  /\bla persona giusta (e|sarebbe)\s+/g,
  /\b(il mio|la mia) (collega|successore|responsabile)\s*,?\s+/g,
  // pt
  /\b(fale|falar|fala|falem) com\s+(o |a )?(meu |minha )?(colega |gestor |gestora )?/g,
  /\b(entre em contato com|entre em contacto com|contate|contacte|contatem|escreva para|procure)\s+(o |a )?(meu |minha )?(colega )?/g,
  /\ba pessoa (certa|indicada|responsavel) (e|seria)\s+/g,
  /\bquem (decide|cuida|trata|responde|e responsavel|resolve)( (disso|por isso|desse assunto|dessa area|disto))? (e|sera)\s+/g,
  /\b(o meu|a minha|meu|minha) (colega|sucessor|sucessora|gestor|gestora)\s*,?\s+/g,
];

// "is responsible / handles this": the name stands before it. Found verb first, then the name in
// the few words before it (NAME_BEFORE, end-anchored on a bounded window): a pattern that started
// a name at every capital letter was quadratic (1.1 s on 50,000 capitals; issue 73 item 4).
const HANDLES_VERB =
  /\s(handles|owns|runs|manages|looks after|is responsible for|is in charge of|takes care of|ist (dafur )?zust[äa]ndig|k[üu]mmert sich|s'occupe|est (le |la )?responsable|g[èe]re|se encarga|es (el |la )?responsable|lleva|is verantwoordelijk|gaat over|regelt|si occupa|[èe] (il |la )?responsabile|segue|cuida|[ée] (o |a )?respons[áa]vel)\b/gu;
/** Up to three capitalised words of at most 40 letters, ending where the verb's blank starts. */
const NAME_BEFORE = /(?<![\p{L}'-])(\p{Lu}[\p{L}'-]{1,40}(?:\s{1,3}\p{Lu}[\p{L}'-]{1,40}){0,2})\s*$/u;
const NAME_WINDOW = 3 * 41 + 2 * 3 + 4;

/** The first name followed by one of the verbs: the name and where it starts. */
function handlerNamed(text: string): { name: string; index: number } | null {
  for (const v of text.matchAll(HANDLES_VERB)) {
    const at = v.index ?? 0;
    const from = Math.max(0, at - NAME_WINDOW);
    const m = NAME_BEFORE.exec(text.slice(from, at));
    if (m) return { name: m[1] as string, index: from + (m.index ?? 0) };
  }
  return null;
}

const TITLES =
  /^(?:(?:mr|mrs|ms|miss|dr|prof|herrn?|frau|m|mme|mlle|monsieur|madame|sr|sra|srta|senor|senora|dhr|mevr|meneer|mevrouw|sig|sig\.ra|sigra|dott|dott\.ssa|dottssa|ing|avv)\.?\s+)+/i;
const LEADING_WORDS =
  /^(?:(?:the|a|an|la|le|el|o|il|lo|de|het|con|with|to|an|at|al|ao|à|pure|gerne|gern|direkt|directly|directement|directamente|direttamente|diretamente|gerust|maar|even|please|bitte|svp|por favor|per favore)\s+)+/i;
const NAME =
  /^(\p{Lu}[\p{L}'-]+(?:[ \t]+(?:(?:van|von|de|da|di|del|der|den|dos|das|du|le|la)[ \t]+)?\p{Lu}[\p{L}'-]+){0,2})/u;
const NOT_NAMES = new Set(
  (
    "I|We|You|He|She|They|It|This|That|Our|My|The|Please|Thanks|Thank|Hi|Hello|Dear|Monday|Tuesday|Wednesday|" +
    "Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|" +
    "November|December|Sie|Ihr|Ihre|Bitte|Danke|Vous|Merci|Usted|Gracias|U|Dank|Lei|Grazie|Você|Obrigado|" +
    "Obrigada|Him|Her|Them|Me|Us|Someone|Somebody|Marketing|Sales|Procurement|HR|Team|Support|Info|" +
    // the pronouns that stand before "handles" in each language: "Je gère sa boîte" names nobody
    "Je|Nous|Il|Elle|Ich|Wir|Er|Yo|Nosotros|Ik|Wij|Hij|Zij|Io|Noi|Eu|Nós|Ele|Ela"
  ).split("|"),
);
// a run starts where the previous character cannot be part of it: linear on hostile text
const EMAIL = /(?<![\p{L}0-9._%+-])[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[\p{L}]{2,}/gu;
// someone else's address: not one we sent from, not an address the writer calls their own
const OWN_ADDRESS =
  /\b(my|meine|mon|ma|mi|mijn|il mio|o meu|meu)\s+((?!\S*'s\s)\S+\s+){0,2}(e-?mail|address|adresse|adres|indirizzo|endereco|endereço|correo|mail)\b/i;

/** Lower case, accents dropped, one character for one: indices stay those of the original. */
export function fold(text: string): string {
  // plain ASCII, nearly every reply: lower case is one character for one
  if (!/[^\p{ASCII}]|`/u.test(text)) return text.toLowerCase();
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80 && ch !== "`") out += ch.toLowerCase();
    else if (ch === "ß") out += "s";
    else if (/[\u2018\u2019\u02bc`]/.test(ch)) out += "'";
    else {
      let folded = FOLDED.get(ch);
      if (folded === undefined) {
        const base = ch.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
        folded = base.length === ch.length ? base : ch;
        if (FOLDED.size < 10_000) FOLDED.set(ch, folded);
      }
      out += folded;
    }
  }
  return out;
}
const FOLDED = new Map<string, string>();

const THANKED =
  /\b(thanks?|thank you|gracias|merci|danke|grazie|obrigad[oa]|bedankt|agradec\w*)\b[^.!?]{0,15}$/;

/** The pointers read per reply, every pattern together. */
const MAX_POINTERS = 200;

function nameAt(original: string, index: number): string | null {
  // a name stands in the few words after the pointer: reading the rest of the text at every pointer
  // was quadratic on a reply of repeated pointers
  let rest = original.slice(index, index + 300).replace(LEADING_WORDS, "");
  rest = rest.replace(TITLES, "");
  const m = NAME.exec(rest);
  if (!m) return null;
  const words = (m[1] as string).split(/\s+/);
  while (words.length && NOT_NAMES.has(words[0] as string)) words.shift();
  const name = words.join(" ").trim();
  return name.length >= 2 && !NOT_NAMES.has(name) ? name : null;
}

function emailsIn(text: string): { email: string; index: number }[] {
  return (
    [...text.matchAll(EMAIL)]
      // "send it to my personal address instead? It's dana@…": the writer's own, up to a sentence back
      .filter((m) => !OWN_ADDRESS.test(text.slice(Math.max(0, (m.index ?? 0) - 100), m.index ?? 0)))
      .map((m) => ({ email: (m[0] as string).replace(/\.$/, ""), index: m.index ?? 0 }))
  );
}

// the words a contact card's line may hold beside its address: labels, a phone, separators
const CARD_WORDS =
  /\b(e-?mail|mail|e|t|tel|tél|telefon|telefone|telefono|teléfono|phone|mob|mobile|m|fax|w|web)\b\.?:?|[+()\d][\d\s()./-]{5,}|[|·•,;:\-–]/giu;

/**
 * The writer's own contact card: an address alone on its line (or beside a label, a phone or a
 * "|") under a line that is no sentence: "Hannah Li\nExecutive Assistant\nhannah.li@…". A formal
 * reply's signature the stripping kept, never someone to write to.
 */
function inContactCard(text: string, e: { email: string; index: number }): boolean {
  const start = text.lastIndexOf("\n", e.index) + 1;
  const endAt = text.indexOf("\n", e.index);
  const line = text.slice(start, endAt < 0 ? text.length : endAt);
  const rest = line.replace(e.email, " ").replace(CARD_WORDS, " ").trim();
  if (rest.split(/\s+/).filter(Boolean).length > 4) return false;
  const before = text.slice(0, start).trimEnd();
  const previous = before.slice(before.lastIndexOf("\n") + 1).trim();
  // "Please contact my colleague:\nAnna Koch\nanna@…": a card introduced in its own paragraph
  const paragraph = before
    .slice(before.lastIndexOf("\n\n") + 1)
    .split("\n")
    .slice(-6);
  if (paragraph.some((l) => /:\s*$/.test(l))) return false;
  // a company's name may end with a point ("Zeeland Verzekeringen N.V."); a sentence has words
  const words = previous.split(/\s+/).length;
  return previous !== "" && words <= 10 && !(words >= 4 && /[.!?:]$/.test(previous));
}

// "thank you for your message to info@…", "Ihre Nachricht an info@…": the inbox we wrote to
const WRITTEN_TO =
  /\b(message|e-?mail|mail|note|enquiry|inquiry|request|nachricht|anfrage|courriel|mensaje|correo|consulta|bericht|messaggio|richiesta|mensagem|contacto|contato|pedido|contact|writing|contacting|scritto|escrito|adress[ée]e?|dirigid[oa]s?|indirizzat[oa]|gericht|gerichtet|enviad[oa]|sent)\s+(to|an|a|à|aan|para|al|alla)\s*$|\b(mailbox|postfach|buzon|buzón|casella|caixa)\s*$/i;

function addressWrittenTo(text: string, index: number): boolean {
  return WRITTEN_TO.test(text.slice(Math.max(0, index - 60), index));
}

/**
 * Whom the reply points to, or null when it points to nobody. `text` is the stripped reply.
 * `asked`: the reply tells us to go to them ("contact Ana"), not only mentions them ("my colleague
 * Ana will join the call"): a mention alone does not outrank a yes.
 */
export function findReferral(text: string): (ReferralTarget & { asked: boolean }) | null {
  const folded = fold(text);
  let best: { name: string | null; index: number; end: number; asked: boolean } | null = null;
  let read = 0;
  for (const p of POINTERS) {
    for (const m of folded.matchAll(p)) {
      // a person points to someone once or twice; a reply of a thousand pointers is not a referral
      // worth reading on (each pointer reads the words after it)
      if (++read > MAX_POINTERS) break;
      const at = m.index ?? 0;
      // "thank you for contacting Acme", "gracias por contactar con Conservas": no one pointed to
      if (THANKED.test(folded.slice(Math.max(0, at - 40), at))) continue;
      const end = at + m[0].length;
      // "een opvolger is er niet", "successor: none": nobody named
      if (
        /^(?:er |there )?(?:niet|nicht|none|not|no|nessuno|ninguno|ninguem|personne|keiner|geen)\b/.test(
          folded.slice(end, end + 20),
        )
      )
        continue;
      const name = nameAt(text, end);
      const possessive = /^(my|our|mein\w*|mon|ma|mi|mijn|il mio|la mia|o meu|a minha|meu|minha)\b/.test(
        m[0],
      );
      const colleague =
        !possessive &&
        /\b(colleague|coworker|co-worker|successor|replacement|kolleg|nachfolger|collegue|successeur|remplacant|companer|colega|sucesor|collega|opvolger|successore|sucessor)/.test(
          m[0],
        );
      const emailNext = /^\s*(?:the |a |to )?[\p{L}0-9._%+-]+@/u.test(text.slice(end, end + 60));
      if (!name && !colleague && !emailNext) continue;
      if (!best || (name && !best.name)) best = { name, index: at, end, asked: !possessive };
    }
  }
  if (!best) {
    const h = handlerNamed(text);
    if (h && !NOT_NAMES.has(h.name.split(/\s+/)[0] as string)) {
      best = { name: h.name, index: h.index, end: h.index + h.name.length, asked: false };
    }
  }
  const emails = emailsIn(text);
  // someone else's address with no pointer: "Sam handles this now - sam@x.example"; not the writer's
  // own contact card, nor the inbox the message went to
  const other = best
    ? undefined
    : emails.find((e) => !inContactCard(text, e) && !addressWrittenTo(text, e.index));
  if (!best && other) best = { name: null, index: other.index, end: other.index, asked: true };
  if (!best) return null;
  const near = emails.find((e) => e.index >= best.index) ?? emails[0];
  return { name: best.name, email: near?.email.toLowerCase() ?? null, asked: best.asked };
}
